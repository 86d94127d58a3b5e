using Mediation.Api.Disputes;
using Mediation.Api.ReferenceData;

namespace Mediation.Api.Intake;

/// <summary>Other cases in the caller's jurisdiction involving the same person or organisation (ID-number, phone hash
/// or credit code).</summary>
internal static class RelatedCases
{
    private sealed record Key(Guid DisputeId, string? IdNumberHash, string? PhoneHash, string? CreditCode);

    public static async Task<Dictionary<Guid, List<RelatedCase>>> FindAsync(
        AppDbContext db,
        IReadOnlyCollection<Guid> caseIds,
        List<Guid> visibleBodies,
        DateTime since,
        CancellationToken ct
    )
    {
        var result = caseIds.ToDictionary(id => id, _ => new List<RelatedCase>());
        if (caseIds.Count == 0)
            return result;
        var own = await db
            .DisputeParties.AsNoTracking()
            .Where(p => caseIds.Contains(p.DisputeId))
            .Select(p => new Key(p.DisputeId, p.IdNumberHash, p.PhoneHash, p.CreditCode))
            .ToListAsync(ct);
        var idHashes = own.Select(k => k.IdNumberHash).OfType<string>().Distinct().ToList();
        var phoneHashes = own.Select(k => k.PhoneHash).OfType<string>().Distinct().ToList();
        var codes = own.Select(k => k.CreditCode).OfType<string>().Distinct().ToList();
        if (idHashes.Count + phoneHashes.Count + codes.Count == 0)
            return result;

        var matches = await (
            from p in db.DisputeParties.AsNoTracking()
            join d in db.Disputes.AsNoTracking() on p.DisputeId equals d.Id
            where
                visibleBodies.Contains(d.BodyId)
                && d.SubmittedAt >= since
                && (
                    (p.IdNumberHash != null && idHashes.Contains(p.IdNumberHash))
                    || (p.PhoneHash != null && phoneHashes.Contains(p.PhoneHash))
                    || (p.CreditCode != null && codes.Contains(p.CreditCode))
                )
            orderby d.SubmittedAt descending, p.Id
            select new
            {
                p.DisputeId,
                p.IdNumberHash,
                p.PhoneHash,
                p.CreditCode,
                d.ApplicationNumber,
                d.CaseNumber,
                d.Status,
                d.BodyId,
                d.SubmittedAt,
            }
        )
            // Capped, newest first: with a long history the most recent related cases are the ones that matter.
            .Take(2000)
            .ToListAsync(ct);
        var bodyIds = matches.Select(m => m.BodyId).Distinct().ToList();
        var bodyNames = await db
            .Bodies.AsNoTracking()
            .Where(b => bodyIds.Contains(b.Id))
            .ToDictionaryAsync(b => b.Id, b => b.Name, ct);

        foreach (var caseId in caseIds)
        {
            var mine = own.Where(k => k.DisputeId == caseId).ToList();
            result[caseId] = matches
                .Where(m => m.DisputeId != caseId)
                .Select(m => new
                {
                    m,
                    By = new[]
                    {
                        m.IdNumberHash != null && mine.Any(k => k.IdNumberHash == m.IdNumberHash) ? "idNumber" : null,
                        m.PhoneHash != null && mine.Any(k => k.PhoneHash == m.PhoneHash) ? "phone" : null,
                        m.CreditCode != null && mine.Any(k => k.CreditCode == m.CreditCode) ? "creditCode" : null,
                    }.OfType<string>(),
                })
                .Where(x => x.By.Any())
                .GroupBy(x => x.m.DisputeId)
                .Select(g => new RelatedCase(
                    g.Key,
                    g.First().m.ApplicationNumber,
                    g.First().m.CaseNumber,
                    g.First().m.Status,
                    DisputeStateMachine.DisplayName(g.First().m.Status),
                    bodyNames.GetValueOrDefault(g.First().m.BodyId, ""),
                    g.First().m.SubmittedAt,
                    g.SelectMany(x => x.By).Distinct().ToList()
                ))
                .OrderByDescending(r => r.SubmittedAt)
                .ToList();
        }
        return result;
    }
}
