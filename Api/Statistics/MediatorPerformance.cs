using Mediation.Api.Agreements;
using Mediation.Api.Auth;
using Mediation.Api.Disputes;
using Mediation.Api.Intake;
using Mediation.Api.Mediators;
using Mediation.Api.ReferenceData;
using Mediation.Api.Sessions;

namespace Mediation.Api.Statistics;

/// <summary>One mediator's month. The counting rules are in docs/console-and-statistics.md, "调解员绩效".</summary>
public sealed record MediatorPerformanceRow(
    Guid MediatorId,
    string DisplayName,
    Guid? BodyId,
    string? BodyName,
    int CasesReceived,
    int CasesStarted,
    int MediationsEnded,
    int AgreementsReached,
    double SuccessRate,
    int CasesClosed,
    double? MedianDaysToClose,
    int SessionsHeld,
    int AgreementsPerformed,
    int PerformedOnTime,
    MediatorRating Rating,
    int ObjectionsAgainst
);

/// <summary>The mediators of a body and the bodies below it in one China-time month.</summary>
public sealed record MediatorPerformanceReport(
    Guid BodyId,
    string BodyName,
    string Month,
    DateTime FromUtc,
    DateTime ToUtc,
    int BodiesIncluded,
    IReadOnlyList<MediatorPerformanceRow> Mediators
);

/// <summary>
/// Computes the performance table from the cases of the scope (a case counts for the body it belongs to), their
/// status history, assignments, sessions, obligations, ratings and objections. A figure is credited to every mediator
/// who held the case (assigned and not yet removed) at the instant the figure happened, so a mediator replaced after
/// an objection keeps what happened before and the new one gets what follows. The month's rows are read with plain
/// filters and joins and grouped in memory, so the same code runs on SQLite and PostgreSQL.
/// </summary>
public static class MediatorPerformance
{
    public static async Task<MediatorPerformanceReport> BuildAsync(
        AppDbContext db,
        Guid bodyId,
        DateOnly month,
        CancellationToken ct
    )
    {
        var bodies = await MonthlyReports.SubtreeAsync(db, bodyId, ct);
        var bodyNames = await db
            .Bodies.AsNoTracking()
            .Where(b => bodies.Contains(b.Id))
            .ToDictionaryAsync(b => b.Id, b => b.Name, ct);
        var (start, end) = ReportMonth.UtcRange(month);

        var (assignments, credited) = await CreditedAsync(
            db,
            bodies,
            start,
            end,
            [DisputeStatus.InMediation, DisputeStatus.Agreed, DisputeStatus.Failed, DisputeStatus.Closed],
            ct
        );
        var byCase = assignments.ToLookup(a => a.DisputeId);
        IEnumerable<Guid> HeldBy(Guid disputeId, DateTime at) => Holders(byCase, disputeId, at);

        var closedIds = credited.Where(x => x.To == DisputeStatus.Closed).Select(x => x.DisputeId).Distinct().ToList();
        var acceptedAt = (
            closedIds.Count == 0
                ? []
                : await db
                    .DisputeStatusChanges.AsNoTracking()
                    .Where(c => closedIds.Contains(c.DisputeId) && c.To == DisputeStatus.Accepted)
                    .Select(c => new { c.DisputeId, c.At })
                    .ToListAsync(ct)
        )
            .GroupBy(c => c.DisputeId)
            .ToDictionary(g => g.Key, g => g.Min(c => c.At));

        var sessions = (
            await (
                from s in db.MediationSessions.AsNoTracking()
                join d in db.Disputes.AsNoTracking() on s.DisputeId equals d.Id
                where
                    bodies.Contains(d.BodyId)
                    && s.Status == SessionStatus.Held
                    && s.StartsAt >= start
                    && s.StartsAt < end
                select s.MediatorIds
            ).ToListAsync(ct)
        )
            .SelectMany(ids => ids.Distinct())
            .GroupBy(id => id)
            .ToDictionary(g => g.Key, g => g.Count());

        var performed = await PerformedAgreementsAsync(db, bodies, start, end, ct);
        var performance = performed
            .SelectMany(p => HeldBy(p.DisputeId, p.LastFulfilledAt).Select(m => (Mediator: m, p.OnTime)))
            .GroupBy(x => x.Mediator)
            .ToDictionary(g => g.Key, g => (All: g.Count(), OnTime: g.Count(x => x.OnTime)));

        var ratings = await (
            from s in db.PartySatisfactions.AsNoTracking()
            join d in db.Disputes.AsNoTracking() on s.DisputeId equals d.Id
            where bodies.Contains(d.BodyId) && s.At >= start && s.At < end
            select new
            {
                s.DisputeId,
                s.Score,
                s.At,
            }
        ).ToListAsync(ct);
        var scores = ratings
            .SelectMany(r => HeldBy(r.DisputeId, r.At).Select(m => (Mediator: m, r.Score)))
            .ToLookup(x => x.Mediator, x => x.Score);

        var objections = (
            await (
                from o in db.MediatorObjections.AsNoTracking()
                join d in db.Disputes.AsNoTracking() on o.DisputeId equals d.Id
                where bodies.Contains(d.BodyId) && o.At >= start && o.At < end
                select o.MediatorId
            ).ToListAsync(ct)
        )
            .GroupBy(id => id)
            .ToDictionary(g => g.Key, g => g.Count());

        // Everyone with a figure, and every active mediator of the scope so that an idle month shows as zeros.
        var withFigures = assignments
            .Select(a => a.MediatorId)
            .Concat(sessions.Keys)
            .Concat(objections.Keys)
            .ToHashSet();
        var staff = (
            await db
                .StaffUsers.AsNoTracking()
                .Where(s =>
                    withFigures.Contains(s.Id) || (s.Active && s.BodyId != null && bodies.Contains(s.BodyId.Value))
                )
                .Select(s => new
                {
                    s.Id,
                    s.DisplayName,
                    s.BodyId,
                    s.Roles,
                })
                .ToListAsync(ct)
        ).Where(s => withFigures.Contains(s.Id) || s.Roles.Contains(StaffRoles.Mediator)).ToList();

        var rows = staff
            .Select(s =>
            {
                var mine = credited.Where(x => x.Mediator == s.Id).ToList();
                int Count(DisputeStatus status) => mine.Count(x => x.To == status);
                var agreed = Count(DisputeStatus.Agreed);
                var ended = agreed + Count(DisputeStatus.Failed);
                var days = mine.Where(x => x.To == DisputeStatus.Closed && acceptedAt.ContainsKey(x.DisputeId))
                    .Select(x => (x.At - acceptedAt[x.DisputeId]).TotalDays)
                    .ToList();
                var score = scores[s.Id].ToList();
                var done = performance.GetValueOrDefault(s.Id);
                return new MediatorPerformanceRow(
                    s.Id,
                    s.DisplayName,
                    s.BodyId,
                    s.BodyId is { } b ? bodyNames.GetValueOrDefault(b) : null,
                    assignments
                        .Where(a => a.MediatorId == s.Id && a.AssignedAt >= start)
                        .Select(a => a.DisputeId)
                        .Distinct()
                        .Count(),
                    Count(DisputeStatus.InMediation),
                    ended,
                    agreed,
                    ended == 0 ? 0 : Math.Round((double)agreed / ended, 4),
                    Count(DisputeStatus.Closed),
                    Median(days),
                    sessions.GetValueOrDefault(s.Id),
                    done.All,
                    done.OnTime,
                    new MediatorRating(score.Count == 0 ? null : Math.Round(score.Average(), 1), score.Count),
                    objections.GetValueOrDefault(s.Id)
                );
            })
            .OrderBy(r => r.BodyName, StringComparer.Ordinal)
            .ThenBy(r => r.DisplayName, StringComparer.Ordinal)
            .ThenBy(r => r.MediatorId)
            .ToList();

        return new MediatorPerformanceReport(
            bodyId,
            bodyNames[bodyId],
            ReportMonth.Format(month),
            start,
            end,
            bodies.Count,
            rows
        );
    }

    /// <summary>The median in days, one decimal; null when nothing was closed.</summary>
    public static double? Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
            return null;
        var sorted = values.Order().ToList();
        var mid = sorted.Count / 2;
        var median = sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        return Math.Round(median, 1, MidpointRounding.AwayFromZero);
    }

    /// <summary>
    /// Effective agreements of the scope whose last open obligation was fulfilled in the month: performed in full.
    /// On time when every obligation was fulfilled on or before its due date (China dates).
    /// </summary>
    private static async Task<List<(Guid DisputeId, DateTime LastFulfilledAt, bool OnTime)>> PerformedAgreementsAsync(
        AppDbContext db,
        List<Guid> bodies,
        DateTime start,
        DateTime end,
        CancellationToken ct
    )
    {
        var candidates = await (
            from o in db.Obligations.AsNoTracking()
            join a in db.Agreements.AsNoTracking() on o.AgreementId equals a.Id
            join d in db.Disputes.AsNoTracking() on a.DisputeId equals d.Id
            where
                bodies.Contains(d.BodyId)
                && a.Status == AgreementStatus.Effective
                && o.FulfilledAt >= start
                && o.FulfilledAt < end
            select a.Id
        )
            .Distinct()
            .ToListAsync(ct);
        if (candidates.Count == 0)
            return [];
        var obligations = await db
            .Obligations.AsNoTracking()
            .Where(o => candidates.Contains(o.AgreementId))
            .Select(o => new
            {
                o.AgreementId,
                o.DisputeId,
                o.Status,
                o.FulfilledAt,
                o.DueDate,
            })
            .ToListAsync(ct);
        return obligations
            .GroupBy(o => o.AgreementId)
            .Where(g => g.All(o => o.Status == ObligationStatus.Fulfilled && o.FulfilledAt != null))
            .Select(g =>
            {
                var last = g.Max(o => o.FulfilledAt!.Value);
                return (g.First().DisputeId, last, g.All(o => ChinaTime.Date(o.FulfilledAt!.Value) <= o.DueDate));
            })
            .Where(p => p.last >= start && p.last < end)
            .ToList();
    }

    /// <summary>The cases of the scope closed in the month, each with every mediator credited for it (the table's
    /// 结案): the same attribution as the table, so a subsidy sheet (以案定补) pays what the table counts.</summary>
    public static async Task<List<(Guid MediatorId, Guid DisputeId, DateTime At)>> ClosedAsync(
        AppDbContext db,
        List<Guid> bodies,
        DateTime start,
        DateTime end,
        CancellationToken ct
    ) =>
        (await CreditedAsync(db, bodies, start, end, [DisputeStatus.Closed], ct))
            .Credited.Select(x => (x.Mediator, x.DisputeId, x.At))
            .ToList();

    /// <summary>The month's assignments and its status changes into the counted statuses, each credited to every
    /// mediator who held the case at that instant; each (mediator, case, status) once, at its last time.</summary>
    private static async Task<(
        List<Assignment> Assignments,
        List<(Guid Mediator, Guid DisputeId, DisputeStatus To, DateTime At)> Credited
    )> CreditedAsync(
        AppDbContext db,
        List<Guid> bodies,
        DateTime start,
        DateTime end,
        DisputeStatus[] counted,
        CancellationToken ct
    )
    {
        var assignments = await (
            from m in db.DisputeMediators.AsNoTracking()
            join d in db.Disputes.AsNoTracking() on m.DisputeId equals d.Id
            where bodies.Contains(d.BodyId) && m.AssignedAt < end && (m.RemovedAt == null || m.RemovedAt >= start)
            select new Assignment(m.DisputeId, m.StaffUserId, m.AssignedAt, m.RemovedAt)
        ).ToListAsync(ct);
        var byCase = assignments.ToLookup(a => a.DisputeId);
        var changes = await (
            from c in db.DisputeStatusChanges.AsNoTracking()
            join d in db.Disputes.AsNoTracking() on c.DisputeId equals d.Id
            where bodies.Contains(d.BodyId) && c.At >= start && c.At < end && counted.Contains(c.To)
            select new
            {
                c.DisputeId,
                c.To,
                c.At,
            }
        ).ToListAsync(ct);

        // Each (mediator, case, status) once: a case that enters mediation twice in a month is one case started.
        var credited = changes
            .SelectMany(c => Holders(byCase, c.DisputeId, c.At).Select(m => (Mediator: m, c.DisputeId, c.To, c.At)))
            .GroupBy(x => (x.Mediator, x.DisputeId, x.To))
            .Select(g => g.OrderBy(x => x.At).Last())
            .ToList();
        return (assignments, credited);
    }

    private static IEnumerable<Guid> Holders(ILookup<Guid, Assignment> byCase, Guid disputeId, DateTime at) =>
        byCase[disputeId]
            .Where(a => a.AssignedAt <= at && (a.RemovedAt == null || a.RemovedAt > at))
            .Select(a => a.MediatorId)
            .Distinct();

    private sealed record Assignment(Guid DisputeId, Guid MediatorId, DateTime AssignedAt, DateTime? RemovedAt);
}
