using Hangfire;
using Mediation.Api.Agreements;
using Mediation.Api.Disputes;
using Mediation.Api.Intake;

namespace Mediation.Api.Risk;

/// <summary>What a change of level sets off: an alert for High and Major, a report for Major (人民调解法 第二十五条).</summary>
internal static class RiskFollowUp
{
    public static (RiskAlert? Alert, RiskReport? Report) For(
        Dispute d,
        RiskLevel before,
        bool reportOpen,
        DateTime now,
        RiskOptions options
    )
    {
        var alert =
            d.RiskLevel > before && d.RiskLevel >= RiskLevel.High
                ? new RiskAlert
                {
                    DisputeId = d.Id,
                    Level = d.RiskLevel,
                    RaisedAt = now,
                }
                : null;
        var report =
            d.RiskLevel == RiskLevel.Major && !reportOpen
                ? new RiskReport
                {
                    DisputeId = d.Id,
                    OpenedAt = now,
                    AtBodyId = d.BodyId,
                    DueAt = now + options.AcknowledgeWithin,
                }
                : null;
        return (alert, report);
    }
}

/// <summary>Re-assessment of a case in the unit of work of whatever changed it (a new text, a person's
/// decision).</summary>
public sealed class RiskCases(
    AppDbContext db,
    RiskAssessor assessor,
    AuditLog audit,
    UnitOfWork work,
    IBackgroundJobClient jobs,
    TimeProvider clock,
    IOptions<RiskOptions> options
)
{
    /// <summary>Assesses a new text about the case with what is now known of its shape; the reasons of earlier texts
    /// stay.</summary>
    public async Task ReassessAsync(Guid disputeId, string trigger, string? text, CancellationToken ct)
    {
        // The raiser usually holds the case already, with its pending changes (a correction's new parties): use that
        // one.
        var d = db.Disputes.Local.FirstOrDefault(x => x.Id == disputeId)
            ?? await db.Disputes.Include(x => x.Parties).FirstOrDefaultAsync(x => x.Id == disputeId, ct);
        if (d is null)
            return;
        if (!db.Entry(d).Collection(x => x.Parties).IsLoaded)
            await db.Entry(d).Collection(x => x.Parties).LoadAsync(ct);
        var shape = await ShapeAsync(d, ct);
        var fresh = assessor.Assess([text], shape);
        var reasons = RiskReason.Parse(d.RiskReasonsJson);
        // The structural reasons are recomputed; those of texts accumulate (a threat once written is not forgotten).
        reasons.RemoveAll(r => fresh.Reasons.Any(f => f.Code == r.Code) || IsStructural(r.Code));
        reasons.AddRange(fresh.Reasons);
        await ApplyAsync(d, reasons, trigger, fresh.LexiconVersion, ct);
    }

    /// <summary>Sets the level the reasons give, never below a person's level, records it and sets off what it calls
    /// for.</summary>
    public async Task ApplyAsync(Dispute d, List<RiskReason> reasons, string trigger, int version, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var manual = await db
            .RiskOverrides.Where(o => o.DisputeId == d.Id)
            .OrderByDescending(o => o.At)
            .FirstOrDefaultAsync(ct);
        var computed = assessor.LevelOf(reasons);
        var level = manual is null
            ? computed
            : Max(manual.To, assessor.LevelOf(reasons.Where(r => !manual.DismissedCodes.Contains(r.Code))));
        var before = d.RiskLevel;
        d.RiskLevel = level;
        d.RiskReasonsJson = RiskReason.ToJson(reasons.OrderByDescending(r => assessor.LevelOf([r])).ToList());
        db.RiskAssessments.Add(
            new RiskAssessmentRecord
            {
                DisputeId = d.Id,
                At = now,
                Trigger = trigger,
                Computed = computed,
                Level = level,
                ReasonsJson = d.RiskReasonsJson,
                LexiconVersion = version,
            }
        );
        if (level != before)
            audit.Record(
                "RiskLevelChanged",
                "Dispute",
                d.Id,
                new
                {
                    from = before.ToString(),
                    to = level.ToString(),
                    trigger,
                }
            );
        await FollowUpAsync(d, before, now, ct);
    }

    /// <summary>Adds the alert and the report the new level calls for; the alert is delivered after the
    /// commit.</summary>
    public async Task FollowUpAsync(Dispute d, RiskLevel before, DateTime now, CancellationToken ct)
    {
        var open = await db.RiskReports.AnyAsync(r => r.DisputeId == d.Id && r.AcknowledgedAt == null, ct);
        var (alert, report) = RiskFollowUp.For(d, before, open, now, options.Value);
        if (report is not null)
        {
            db.RiskReports.Add(report);
            audit.Record("RiskReportOpened", "RiskReport", report.Id, new { disputeId = d.Id, dueAt = report.DueAt });
        }
        if (alert is null)
            return;
        db.RiskAlerts.Add(alert);
        var id = alert.Id;
        work.OnCommit(() => jobs.Enqueue<RiskAlertJob>(j => j.DeliverAsync(id, CancellationToken.None)));
    }

    private async Task<CaseShape> ShapeAsync(Dispute d, CancellationToken ct)
    {
        var parties = d
            .Parties.Where(p => db.Entry(p).State is not (EntityState.Deleted or EntityState.Detached))
            .ToList();
        var ids = parties.Select(p => p.IdNumberHash).Where(h => h != null).ToList();
        var phones = parties.Select(p => p.PhoneHash).Where(h => h != null).ToList();
        var codes = parties.Select(p => p.CreditCode).Where(h => h != null).ToList();
        var matches = await db
            .DisputeParties.Where(p =>
                p.DisputeId != d.Id
                && (ids.Contains(p.IdNumberHash) || phones.Contains(p.PhoneHash) || codes.Contains(p.CreditCode))
            )
            .Select(p => new
            {
                p.DisputeId,
                p.IdNumberHash,
                p.PhoneHash,
                p.CreditCode,
            })
            .Take(1000)
            .ToListAsync(ct);
        // Between the same parties: at least two of this case's parties are in the other case too.
        var related = matches
            .GroupBy(m => m.DisputeId)
            .Where(g =>
                parties.Count(p =>
                    g.Any(m =>
                        (p.IdNumberHash != null && m.IdNumberHash == p.IdNumberHash)
                        || (p.PhoneHash != null && m.PhoneHash == p.PhoneHash)
                        || (p.CreditCode != null && m.CreditCode == p.CreditCode)
                    )
                ) >= 2
            )
            .Select(g => g.Key)
            .ToList();
        var failures =
            await db.MediationFailures.CountAsync(f => f.DisputeId == d.Id || related.Contains(f.DisputeId), ct)
            + db.ChangeTracker.Entries<MediationFailure>()
                .Count(e => e.State == EntityState.Added && e.Entity.DisputeId == d.Id);
        var largest = parties.Count == 0 ? 0 : parties.GroupBy(p => p.Role).Max(g => g.Count());
        // The latest answer of each respondent counts; one being saved now is later than any stored.
        var answers = (
            await db
                .ParticipationAnswers.AsNoTracking()
                .Where(a => a.DisputeId == d.Id)
                .OrderBy(a => a.At)
                .Select(a => new { a.PartyId, a.Agrees })
                .ToListAsync(ct)
        ).Concat(
            db.ChangeTracker.Entries<ParticipationAnswer>()
                .Where(e => e.State == EntityState.Added && e.Entity.DisputeId == d.Id)
                .Select(e => new { e.Entity.PartyId, e.Entity.Agrees })
        );
        var refused = answers.GroupBy(a => a.PartyId).Any(g => !g.Last().Agrees);
        return new CaseShape(
            d.TypeCode,
            d.AmountFen,
            largest,
            related.Count,
            failures,
            DaysToReferralDue(d, clock.GetUtcNow().UtcDateTime),
            refused
        );
    }

    /// <summary>Days left until a referred case's time limit while it still awaits a result; null otherwise.</summary>
    internal static int? DaysToReferralDue(Dispute d, DateTime now) =>
        d.Referral?.DueOn is { } due && DisputeStateMachine.AwaitsResult(d.Status)
            ? due.DayNumber - ChinaTime.Date(now).DayNumber
            : null;

    internal static int LargestSide(Dispute d) =>
        d.Parties.Count == 0 ? 0 : d.Parties.GroupBy(p => p.Role).Max(g => g.Count());

    private static bool IsStructural(string code) =>
        code
            is StructureCodes.ManyParties
                or StructureCodes.LargeAmount
                or StructureCodes.Repeat
                or StructureCodes.EarlierFailure
                or StructureCodes.ReferralDue
                or StructureCodes.RespondentRefused;

    private static RiskLevel Max(RiskLevel a, RiskLevel b) => a > b ? a : b;
}
