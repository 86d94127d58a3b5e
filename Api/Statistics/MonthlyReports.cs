using Mediation.Api.Agreements;
using Mediation.Api.Disputes;
using Mediation.Api.Mediators;
using Mediation.Api.ReferenceData;
using Mediation.Api.Risk;
using Mediation.Api.Screening;

namespace Mediation.Api.Statistics;

/// <summary>Computes a body's monthly report from the cases and their status history. Read-only; safe to run any
/// time.</summary>
public static class MonthlyReports
{
    public const string Initiative = "initiative";
    public const string Application = "application";
    public const string Referral = "referral";

    /// <summary>The statistics source of a case: how the MOJ form splits 主动调解 / 申请调解 / 接受委托移送.</summary>
    public static string SourceKey(DisputeSource source) =>
        source switch
        {
            DisputeSource.Initiative => Initiative,
            _ when DisputeSources.IsReferral(source) => Referral,
            _ => Application, // the mini-program, a walk-in, an oral application
        };

    private static readonly (string Key, string Name)[] Sources =
    [
        (Initiative, "主动调解"),
        (Application, "申请调解"),
        (Referral, "接受委托移送"),
    ];

    /// <summary>The body and every body below it.</summary>
    public static async Task<List<Guid>> SubtreeAsync(AppDbContext db, Guid bodyId, CancellationToken ct)
    {
        var tree = await db.Bodies.AsNoTracking().Select(b => new { b.Id, b.ParentId }).ToListAsync(ct);
        var children = tree.Where(b => b.ParentId != null).ToLookup(b => b.ParentId!.Value, b => b.Id);
        var result = new List<Guid> { bodyId };
        for (var i = 0; i < result.Count; i++)
            result.AddRange(children[result[i]].Where(c => !result.Contains(c)));
        return result;
    }

    public static async Task<MonthlyReport> BuildAsync(
        AppDbContext db,
        Guid bodyId,
        DateOnly month,
        CancellationToken ct
    )
    {
        var bodies = await SubtreeAsync(db, bodyId, ct);
        var bodyName = await db.Bodies.Where(b => b.Id == bodyId).Select(b => b.Name).SingleAsync(ct);
        var (start, end) = ReportMonth.UtcRange(month);
        var monthText = ReportMonth.Format(month);

        var received = await db
            .Disputes.AsNoTracking()
            .Where(d => bodies.Contains(d.BodyId) && d.SubmittedAt >= start && d.SubmittedAt < end)
            .Select(d => new CaseFacts(d.Id, d.TypeCode, d.Source, d.AmountFen))
            .ToListAsync(ct);

        DisputeStatus[] counted =
        [
            DisputeStatus.Accepted,
            DisputeStatus.Rejected,
            DisputeStatus.Agreed,
            DisputeStatus.Failed,
        ];
        var changes = await (
            from c in db.DisputeStatusChanges.AsNoTracking()
            join d in db.Disputes.AsNoTracking() on c.DisputeId equals d.Id
            where bodies.Contains(d.BodyId) && c.At >= start && c.At < end && counted.Contains(c.To)
            select new
            {
                c.To,
                c.From,
                Case = new CaseFacts(d.Id, d.TypeCode, d.Source, d.AmountFen),
            }
        ).ToListAsync(ct);

        // Accepted again after a mediator objection is the same case's reassignment, not a new acceptance.
        List<CaseFacts> Moved(DisputeStatus status, DisputeStatus[]? fromStatuses = null) =>
            changes
                .Where(c => c.To == status && (fromStatuses == null || (c.From is { } f && fromStatuses.Contains(f))))
                .Select(c => c.Case)
                .DistinctBy(c => c.Id)
                .ToList();
        var accepted = Moved(DisputeStatus.Accepted, [DisputeStatus.Submitted, DisputeStatus.Transferred]);
        var refused = Moved(DisputeStatus.Rejected);
        var successful = Moved(DisputeStatus.Agreed);
        var failed = Moved(DisputeStatus.Failed);

        var agreedIds = successful.Select(c => c.Id).ToList();
        var amounts = await AgreementAmountsAsync(db, successful, ct);
        var fulfilled =
            agreedIds.Count == 0
                ? 0
                : await db
                    .DisputeStatusChanges.AsNoTracking()
                    .Where(c => agreedIds.Contains(c.DisputeId) && c.To == DisputeStatus.Fulfilled)
                    .Select(c => c.DisputeId)
                    .Distinct()
                    .CountAsync(ct);

        // What the risk early warning knows (docs/risk.md): a High or Major case settled by agreement this month is a
        // prevented 民转刑, added to the count entered by hand for what the system does not know; its reports are 重大纠纷报告.
        var preventedKnown =
            agreedIds.Count == 0
                ? 0
                : await db.Disputes.CountAsync(d => agreedIds.Contains(d.Id) && d.RiskLevel >= RiskLevel.High, ct);
        var reports = await (
            from r in db.RiskReports.AsNoTracking()
            join d in db.Disputes.AsNoTracking() on r.DisputeId equals d.Id
            where bodies.Contains(d.BodyId) && r.OpenedAt >= start && r.OpenedAt < end
            select r.AcknowledgedAt
        ).ToListAsync(ct);

        var monthKey = monthText;
        var prevention = await db
            .PreventionCounts.AsNoTracking()
            .Where(p => bodies.Contains(p.BodyId) && p.Month == monthKey)
            .Select(p => new { p.PreventedCriminalCases, p.PreventedMassPetitions })
            .ToListAsync(ct);

        var seen = received.Concat(changes.Select(c => c.Case)).Select(c => c.TypeCode).ToHashSet();
        var types = await db
            .DisputeTypes.AsNoTracking()
            .OrderBy(t => t.SortOrder)
            .ThenBy(t => t.Code)
            .Select(t => new
            {
                t.Code,
                t.Name,
                t.Active,
            })
            .ToListAsync(ct);
        var byType = types
            .Where(t => t.Active || seen.Contains(t.Code))
            .Select(t => new TypeRow(
                t.Code,
                t.Name,
                received.Count(c => c.TypeCode == t.Code),
                accepted.Count(c => c.TypeCode == t.Code),
                refused.Count(c => c.TypeCode == t.Code),
                successful.Count(c => c.TypeCode == t.Code),
                failed.Count(c => c.TypeCode == t.Code),
                successful.Where(c => c.TypeCode == t.Code).Sum(c => amounts[c.Id].Fen)
            ))
            .ToList();
        var bySource = Sources
            .Select(s => new SourceRow(
                s.Key,
                s.Name,
                received.Count(c => SourceKey(c.Source) == s.Key),
                accepted.Count(c => SourceKey(c.Source) == s.Key),
                successful.Count(c => SourceKey(c.Source) == s.Key),
                failed.Count(c => SourceKey(c.Source) == s.Key)
            ))
            .ToList();

        return new MonthlyReport(
            bodyId,
            bodyName,
            monthText,
            start,
            end,
            bodies.Count,
            received.Count,
            accepted.Count,
            refused.Count,
            successful.Count,
            failed.Count,
            Rate(successful.Count, successful.Count + failed.Count),
            amounts.Values.Sum(a => a.Fen),
            amounts.Values.Where(a => a.FromApplication).Sum(a => a.Fen),
            successful.Count,
            fulfilled,
            Rate(fulfilled, successful.Count),
            prevention.Sum(p => p.PreventedCriminalCases) + preventedKnown,
            prevention.Sum(p => p.PreventedMassPetitions),
            preventedKnown,
            reports.Count,
            reports.Count(a => a != null),
            byType,
            bySource,
            await ScreeningAsync(db, bodies, month, ct),
            await ConsultationsAsync(db, bodies, start, end, ct)
        );
    }

    private static async Task<ConsultationFigures> ConsultationsAsync(
        AppDbContext db,
        List<Guid> bodies,
        DateTime start,
        DateTime end,
        CancellationToken ct
    )
    {
        var ofBodies = db
            .Consultations.AsNoTracking()
            .Where(c => db.Set<Dispute>().Any(d => d.Id == c.DisputeId && bodies.Contains(d.BodyId)));
        return new ConsultationFigures(
            await ofBodies.CountAsync(c => c.InvitedAt >= start && c.InvitedAt < end, ct),
            await ofBodies.CountAsync(c => c.OpinionAt >= start && c.OpinionAt < end, ct)
        );
    }

    private static async Task<ScreeningFigures> ScreeningAsync(
        AppDbContext db,
        List<Guid> bodies,
        DateOnly month,
        CancellationToken ct
    )
    {
        var first = new DateOnly(month.Year, month.Month, 1);
        var next = first.AddMonths(1);
        var rounds = await db
            .ScreeningRounds.AsNoTracking()
            .Where(r => bodies.Contains(r.BodyId) && r.On >= first && r.On < next)
            .Select(r => new { r.Visited, r.DisputesFound })
            .ToListAsync(ct);
        var zero = await db.ZeroReports.CountAsync(z => bodies.Contains(z.BodyId) && z.Month == first, ct);
        return new ScreeningFigures(rounds.Count, rounds.Sum(r => r.Visited), rounds.Sum(r => r.DisputesFound), zero);
    }

    /// <summary>
    /// 协议涉及金额 of each successful case: the money the effective agreement obliges (the sum of its payment obligations).
    /// A case whose agreement names no amount (an oral agreement, only non-monetary terms, a case agreed before
    /// agreements were recorded) falls back to the amount claimed in the application, and is flagged so the report can
    /// say how much of the total is that estimate.
    /// </summary>
    private static async Task<Dictionary<Guid, (long Fen, bool FromApplication)>> AgreementAmountsAsync(
        AppDbContext db,
        List<CaseFacts> successful,
        CancellationToken ct
    )
    {
        var ids = successful.Select(c => c.Id).ToList();
        var obligations =
            ids.Count == 0
                ? []
                : await (
                    from o in db.Obligations.AsNoTracking()
                    join a in db.Agreements.AsNoTracking() on o.AgreementId equals a.Id
                    where ids.Contains(a.DisputeId) && a.Status == AgreementStatus.Effective && o.AmountFen != null
                    select new { a.DisputeId, Fen = o.AmountFen!.Value }
                ).ToListAsync(ct);
        var agreed = obligations.GroupBy(o => o.DisputeId).ToDictionary(g => g.Key, g => g.Sum(o => o.Fen));
        return successful.ToDictionary(
            c => c.Id,
            c => agreed.TryGetValue(c.Id, out var fen) ? (fen, false) : (c.AmountFen ?? 0, c.AmountFen is > 0)
        );
    }

    private static double Rate(int part, int whole) => whole == 0 ? 0 : Math.Round((double)part / whole, 4);

    private sealed record CaseFacts(Guid Id, string TypeCode, DisputeSource Source, long? AmountFen);
}
