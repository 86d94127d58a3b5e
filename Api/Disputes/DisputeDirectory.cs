using Mediation.Api.Notifications;

namespace Mediation.Api.Disputes;

public sealed class DisputeDirectory(AppDbContext db) : ICaseDirectory
{
    public Task<string?> PartyPhoneCipherAsync(Guid partyId, CancellationToken ct) =>
        db.DisputeParties.Where(p => p.Id == partyId).Select(p => p.PhoneCipher).FirstOrDefaultAsync(ct);

    public Task<string?> CitizenPhoneCipherAsync(Guid caseId, Guid userId, CancellationToken ct) =>
        db
            .DisputeParties.Where(p => p.DisputeId == caseId && p.UserId == userId && p.PhoneCipher != null)
            .Select(p => p.PhoneCipher)
            .FirstOrDefaultAsync(ct);

    public Task<string?> CaseNumberAsync(Guid caseId, CancellationToken ct) =>
        db.Disputes.Where(d => d.Id == caseId).Select(d => d.CaseNumber ?? d.ApplicationNumber).FirstOrDefaultAsync(ct);
}
