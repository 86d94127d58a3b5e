using Mediation.Api.Disputes;

namespace Mediation.Api.Risk;

/// <summary>
/// Daily, at 08:00 China time: a referred case still without a result whose referrer's time limit (a court's 30 days of
/// 诉前调解) is now <see cref="RiskStructure.ReferralDueDays"/> days away or fewer is assessed again, so that the
/// reason and the level it gives are on the case and its queue item while there is still time to settle or ask for an
/// extension. Each case is assessed once for it: its reasons then hold the deadline's code.
/// </summary>
public sealed class RiskDeadlineJob(AppDbContext db, RiskCases cases, RiskLexiconCache lexicons, TimeProvider clock)
{
    public const string RecurringId = "risk-referral-deadlines";
    public const string Trigger = "ReferralDeadline";

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var days = lexicons.Current.Lexicon.Structure.ReferralDueDays;
        if (days <= 0)
            return 0;
        var last = ChinaTime.Date(clock.GetUtcNow().UtcDateTime).AddDays(days);
        var due = await db
            .Disputes.AsNoTracking()
            .Where(d =>
                d.Referral != null
                && d.Referral.DueOn != null
                && d.Referral.DueOn <= last
                && DisputeStateMachine.AwaitingResult.Contains(d.Status)
                && (d.RiskReasonsJson == null || !d.RiskReasonsJson.Contains(StructureCodes.ReferralDue))
            )
            .OrderBy(d => d.Referral!.DueOn)
            .Select(d => d.Id)
            .Take(500)
            .ToListAsync(ct);
        foreach (var id in due)
        {
            await cases.ReassessAsync(id, Trigger, null, ct);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
        return due.Count;
    }
}
