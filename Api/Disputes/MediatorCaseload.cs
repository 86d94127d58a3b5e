namespace Mediation.Api.Disputes;

public static class MediatorCaseload
{
    /// <summary>Cases a mediator currently carries: assigned and not yet past mediation.</summary>
    public static async Task<Dictionary<Guid, int>> OpenCasesAsync(
        AppDbContext db,
        List<Guid> staffIds,
        CancellationToken ct
    ) =>
        await db
            .DisputeMediators.AsNoTracking()
            .Where(m => staffIds.Contains(m.StaffUserId) && m.RemovedAt == null)
            .Where(m =>
                db.Set<Dispute>()
                    .Any(d =>
                        d.Id == m.DisputeId
                        && (d.Status == DisputeStatus.MediatorAssigned || d.Status == DisputeStatus.InMediation)
                    )
            )
            .GroupBy(m => m.StaffUserId)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);
}
