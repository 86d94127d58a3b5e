using Mediation.Api.Disputes;

namespace Mediation.Api.Intake;

/// <summary>
/// The full ID number, birth date, phone and address of one party, for intake staff and supervisors whose jurisdiction
/// covers the case (PIPL art. 28: shown only to those who need it). Every reveal is written to the audit log before the
/// answer leaves.
/// </summary>
public static class IntakeReveal
{
    public static async Task<Results<Ok<RevealedParty>, NotFound>> RevealParty(
        Guid id,
        Guid partyId,
        ClaimsPrincipal user,
        [AsParameters] IntakeServices s,
        CancellationToken ct
    )
    {
        var jurisdiction = await DisputeAccess.JurisdictionAsync(user, s.Db, ct);
        var party = await s
            .Db.DisputeParties.AsNoTracking()
            .Where(p =>
                p.Id == partyId
                && p.DisputeId == id
                && s.Db.Set<Dispute>().Any(d => d.Id == id && jurisdiction.Contains(d.BodyId))
            )
            .FirstOrDefaultAsync(ct);
        if (party is null)
            return TypedResults.NotFound();
        var fields = new[]
        {
            party.IdNumberCipher is null ? null : "idNumber",
            party.BirthDate is null ? null : "birthDate",
            party.PhoneCipher is null ? null : "phone",
            party.AddressCipher is null ? null : "address",
        }
            .OfType<string>()
            .ToArray();
        await s.Audit.WriteNowAsync(
            "PersonalDataRevealed",
            "DisputeParty",
            partyId,
            new { disputeId = id, fields },
            "Succeeded",
            ct
        );
        return TypedResults.Ok(
            new RevealedParty(
                party.Id,
                party.Name,
                s.Protector.UnprotectOrNull(party.IdNumberCipher),
                party.BirthDate,
                s.Protector.UnprotectOrNull(party.PhoneCipher),
                s.Protector.UnprotectOrNull(party.AddressCipher)
            )
        );
    }
}
