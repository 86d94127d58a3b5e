using Mediation.Api.Notifications;

namespace Mediation.Api.Disputes;

public static class DisputeRecipients
{
    /// <summary>Who hears about the application: the citizen who filed it; for a case staff registered, the applicant's
    /// account once they bound the phone the case names, otherwise the applicant by SMS.</summary>
    public static async Task<Recipient> ApplicantAsync(AppDbContext db, Dispute dispute, CancellationToken ct)
    {
        if (dispute.FiledByUserId != Guid.Empty)
            return Recipient.Citizen(dispute.FiledByUserId);
        var applicant = await db
            .DisputeParties.AsNoTracking()
            .Where(p => p.DisputeId == dispute.Id && p.Role == PartyRole.Applicant)
            .Select(p => new { p.Id, p.UserId })
            .FirstAsync(ct);
        return applicant.UserId is { } user ? Recipient.Citizen(user) : new(Recipient.Party, applicant.Id);
    }
}
