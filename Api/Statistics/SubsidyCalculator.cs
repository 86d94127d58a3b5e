using Mediation.Api.Agreements;
using Mediation.Api.Auth;
using Mediation.Api.Disputes;
using Mediation.Api.ReferenceData;
using Mediation.Api.Sessions;

namespace Mediation.Api.Statistics;

/// <summary>One case on a mediator's line: what it was paid and why.</summary>
public sealed record SubsidyCaseLine(
    Guid DisputeId,
    string CaseNumber,
    string CaseClass,
    int SessionsHeld,
    AgreementKind? AgreementKind,
    bool Referred,
    long CaseFen,
    int MediatorsCredited,
    long ShareFen
);

/// <summary>A mediator's computed line before adjustments: the sum of the shares, and what the cap took off.</summary>
public sealed record SubsidyComputedLine(
    Guid MediatorId,
    string DisplayName,
    List<SubsidyCaseLine> Cases,
    long CasesFen,
    long CapDeductionFen
);

/// <summary>Computes a body's month from the cases closed in it (the performance table's attribution).</summary>
public static class SubsidyCalculator
{
    public const string Simple = "简易";
    public const string Ordinary = "一般";
    public const string Complex = "复杂";

    /// <summary>A case's class by the sessions held in it over its whole life: the one measure every case has,
    /// recorded by the mediator at the time, so nobody classes a case after the fact.</summary>
    public static (string Class, long Fen) Classify(SubsidyRule rule, int sessionsHeld) =>
        sessionsHeld >= rule.ComplexFromSessions ? (Complex, rule.ComplexCaseFen)
        : sessionsHeld >= rule.OrdinaryFromSessions ? (Ordinary, rule.OrdinaryCaseFen)
        : (Simple, rule.SimpleCaseFen);

    public static long CaseFen(SubsidyRule rule, int sessionsHeld, AgreementKind? agreement, bool referred) =>
        Classify(rule, sessionsHeld).Fen
        + agreement switch
        {
            AgreementKind.Written => rule.WrittenAgreementFen,
            AgreementKind.Oral => rule.OralAgreementFen,
            _ => 0,
        }
        + (referred ? rule.ReferralBonusFen : 0);

    /// <summary>The county whose standard applies: the body itself if it is a county, else its nearest county
    /// ancestor.</summary>
    public static async Task<MediationBody?> CountyOfAsync(AppDbContext db, Guid bodyId, CancellationToken ct)
    {
        for (Guid? id = bodyId; id is { } current; )
        {
            var body = await db.Bodies.AsNoTracking().FirstOrDefaultAsync(b => b.Id == current, ct);
            if (body is null)
                return null;
            if (body.Level == BodyLevel.County)
                return body;
            id = body.ParentId;
        }
        return null;
    }

    /// <summary>
    /// The cases of this body (not the bodies below it: each committee's sheet pays its own cases, so a town's and
    /// a village's sheets never pay one case twice) closed in the month. A case held by several mediators at its
    /// close is split evenly, the odd fen going to the first by id, so a case is paid once.
    /// </summary>
    public static async Task<List<SubsidyComputedLine>> ComputeAsync(
        AppDbContext db,
        SubsidyRule rule,
        Guid bodyId,
        DateOnly month,
        CancellationToken ct
    )
    {
        var (start, end) = ReportMonth.UtcRange(month);
        var closed = await MediatorPerformance.ClosedAsync(db, [bodyId], start, end, ct);
        var ids = closed.Select(c => c.DisputeId).Distinct().ToList();
        var cases = await db
            .Disputes.AsNoTracking()
            .Where(d => ids.Contains(d.Id))
            .Select(d => new
            {
                d.Id,
                d.CaseNumber,
                d.ApplicationNumber,
                d.Source,
            })
            .ToDictionaryAsync(d => d.Id, ct);
        var sessions = (
            await db
                .MediationSessions.AsNoTracking()
                .Where(s => ids.Contains(s.DisputeId) && s.Status == SessionStatus.Held)
                .Select(s => s.DisputeId)
                .ToListAsync(ct)
        )
            .GroupBy(id => id)
            .ToDictionary(g => g.Key, g => g.Count());
        var agreements = (
            await db
                .Agreements.AsNoTracking()
                .Where(a => ids.Contains(a.DisputeId) && a.Status == AgreementStatus.Effective)
                .Select(a => new { a.DisputeId, a.Kind })
                .ToListAsync(ct)
        )
            .GroupBy(a => a.DisputeId)
            .ToDictionary(g => g.Key, g => g.First().Kind);

        var shares = closed
            .GroupBy(c => c.DisputeId)
            .SelectMany(g =>
            {
                var d = cases[g.Key];
                var held = sessions.GetValueOrDefault(g.Key);
                AgreementKind? kind = agreements.TryGetValue(g.Key, out var k) ? k : null;
                var referred = DisputeSources.IsReferral(d.Source);
                var fen = CaseFen(rule, held, kind, referred);
                var mediators = g.Select(x => x.MediatorId).Distinct().Order().ToList();
                return mediators.Select(
                    (m, i) =>
                        (
                            Mediator: m,
                            Line: new SubsidyCaseLine(
                                g.Key,
                                d.CaseNumber ?? d.ApplicationNumber,
                                Classify(rule, held).Class,
                                held,
                                kind,
                                referred,
                                fen,
                                mediators.Count,
                                fen / mediators.Count + (i == 0 ? fen % mediators.Count : 0)
                            )
                        )
                );
            })
            .ToLookup(x => x.Mediator, x => x.Line);

        var mediatorIds = shares.Select(g => g.Key).ToList();
        var names = await db
            .StaffUsers.AsNoTracking()
            .Where(s => mediatorIds.Contains(s.Id))
            .ToDictionaryAsync(s => s.Id, s => s.DisplayName, ct);
        return shares
            .Select(g =>
            {
                var lines = g.OrderBy(c => c.CaseNumber, StringComparer.Ordinal).ToList();
                var sum = lines.Sum(c => c.ShareFen);
                return new SubsidyComputedLine(
                    g.Key,
                    names.GetValueOrDefault(g.Key, ""),
                    lines,
                    sum,
                    Math.Max(0, sum - rule.MonthlyCapFen)
                );
            })
            .OrderBy(l => l.DisplayName, StringComparer.Ordinal)
            .ThenBy(l => l.MediatorId)
            .ToList();
    }

    /// <summary>The standard a newly seeded county starts with (the sample county in ReferenceData/seed.json):
    /// 50/100/200 元 by class, 30 元 for a written and 10 元 for an oral agreement, 20 元 for a referred case, at most
    /// 3000 元 per mediator and month.</summary>
    public static SubsidyRule Default(Guid countyId) =>
        new()
        {
            BodyId = countyId,
            SimpleCaseFen = 5_000,
            OrdinaryCaseFen = 10_000,
            ComplexCaseFen = 20_000,
            OrdinaryFromSessions = 2,
            ComplexFromSessions = 3,
            WrittenAgreementFen = 3_000,
            OralAgreementFen = 1_000,
            ReferralBonusFen = 2_000,
            MonthlyCapFen = 300_000,
            Version = 1,
        };
}
