using Mediation.Api.Auth;
using Mediation.Api.Disputes;
using Mediation.Api.ReferenceData;
using Mediation.Api.Statistics;

namespace Mediation.Api.CaseReviews;

/// <summary>GET /api/case-reviews/scores: the quality of the case files of a body and those below it, per body,
/// per mediator (every mediator holding the case) and per China-time month of scoring.</summary>
public static class CaseReviewQuality
{
    public static async Task<Results<Ok<QualityReport>, NotFound, ValidationProblem>> GetScores(
        [AsParameters] ScoresQuery query,
        ClaimsPrincipal user,
        AppDbContext db,
        TimeProvider clock,
        CancellationToken ct
    )
    {
        if ((query.BodyId ?? user.GetBodyId()) is not { } bodyId)
            return Problems.Invalid("bodyId", "请选择调解组织");
        if (!await db.Bodies.AnyAsync(b => b.Id == bodyId, ct))
            return Problems.Invalid("bodyId", "调解组织不存在");
        if (query.From > query.To)
            return Problems.Invalid("to", "结束日期不能早于开始日期");
        if (!await CaseReviewViews.SupervisesAsync(user, db, bodyId, ct))
            return TypedResults.NotFound();
        var today = ChinaTime.Date(clock.GetUtcNow().UtcDateTime);
        var (from, to) = CaseReviewsApi.Range(null, query.From ?? today.AddYears(-1), query.To ?? today);
        var bodies = await MonthlyReports.SubtreeAsync(db, bodyId, ct);

        var reviews = await db
            .CaseReviews.AsNoTracking()
            .Where(r => bodies.Contains(r.BodyId) && r.TotalPoints != null && r.ScoredAt >= from && r.ScoredAt < to)
            .Select(r => new
            {
                r.Id,
                r.DisputeId,
                r.BodyId,
                r.TotalPoints,
                r.MaxPoints,
                r.ScoredAt,
                r.TimesReturned,
            })
            .ToListAsync(ct);
        var disputeIds = reviews.Select(r => r.DisputeId).Distinct().ToList();
        var holders = (
            await db
                .DisputeMediators.AsNoTracking()
                .Where(m => disputeIds.Contains(m.DisputeId) && m.RemovedAt == null)
                .Select(m => new { m.DisputeId, m.StaffUserId })
                .ToListAsync(ct)
        ).ToLookup(m => m.DisputeId, m => m.StaffUserId);
        var mediatorIds = holders.SelectMany(h => h).Distinct().ToList();
        var names = await db
            .StaffUsers.AsNoTracking()
            .Where(s => mediatorIds.Contains(s.Id))
            .ToDictionaryAsync(s => s.Id, s => s.DisplayName, ct);
        var bodyNames = await db
            .Bodies.AsNoTracking()
            .Where(b => bodies.Contains(b.Id))
            .ToDictionaryAsync(b => b.Id, b => b.Name, ct);

        QualityFigures Figures(IEnumerable<(int Total, int Max, int Returned)> rows)
        {
            var list = rows.ToList();
            return new QualityFigures(
                list.Count == 0 ? null : Math.Round(list.Average(r => r.Total * 100.0 / r.Max), 1),
                list.Count,
                list.Count(r => r.Returned > 0)
            );
        }
        var facts = reviews
            .Select(r => (r.DisputeId, r.BodyId, r.ScoredAt, Row: (r.TotalPoints!.Value, r.MaxPoints, r.TimesReturned)))
            .ToList();
        return TypedResults.Ok(
            new QualityReport(
                bodyId,
                from,
                to,
                Figures(facts.Select(f => f.Row)),
                facts
                    .GroupBy(f => f.BodyId)
                    .Select(g => new BodyQuality(
                        g.Key,
                        bodyNames.GetValueOrDefault(g.Key, ""),
                        Figures(g.Select(f => f.Row))
                    ))
                    .OrderBy(b => b.BodyName, StringComparer.Ordinal)
                    .ToList(),
                facts
                    .SelectMany(f => holders[f.DisputeId].Distinct().Select(m => (Mediator: m, Row: f.Row)))
                    .GroupBy(f => f.Mediator)
                    .Select(g => new MediatorQuality(
                        g.Key,
                        names.GetValueOrDefault(g.Key, ""),
                        Figures(g.Select(f => f.Row))
                    ))
                    .OrderBy(m => m.DisplayName, StringComparer.Ordinal)
                    .ToList(),
                facts
                    .GroupBy(f => ReportMonth.Format(FirstOfMonth(ChinaTime.Date(f.ScoredAt!.Value))))
                    .Select(g => new MonthQuality(g.Key, Figures(g.Select(f => f.Row))))
                    .OrderBy(m => m.Month, StringComparer.Ordinal)
                    .ToList()
            )
        );
    }

    private static DateOnly FirstOfMonth(DateOnly d) => new(d.Year, d.Month, 1);
}
