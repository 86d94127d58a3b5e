using Mediation.Api.Auth;

namespace Mediation.Api.Disputes;

/// <summary>A respondent (or third party) named with this phone, not yet linked to an account, becomes the caller's
/// party; so does the applicant of a case staff registered (a walk-in, an oral application, a referral), who had no
/// account when the case was recorded.</summary>
public sealed class PartyPhoneClaims(AppDbContext db, AuditLog audit) : IPhoneClaims
{
    public async Task<int> ClaimAsync(Guid userId, string phoneHash, CancellationToken ct)
    {
        var claimable = await db
            .DisputeParties.Where(p =>
                p.PhoneHash == phoneHash
                && p.UserId == null
                && (
                    p.Role != PartyRole.Applicant
                    || db.Set<Dispute>().Any(d => d.Id == p.DisputeId && d.RegisteredById != null)
                )
            )
            .ToListAsync(ct);
        foreach (var party in claimable)
        {
            party.UserId = userId;
            audit.Record("PartyClaimedByPhone", "Dispute", party.DisputeId, new { partyId = party.Id });
        }
        return claimable.Select(p => p.DisputeId).Distinct().Count();
    }
}
