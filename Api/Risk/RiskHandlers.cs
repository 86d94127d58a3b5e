using Hangfire;
using Mediation.Api.Disputes;
using Mediation.Api.Infrastructure.Events;

namespace Mediation.Api.Risk;

/// <summary>
/// Assesses a case as it is filed, before its write: the words (in memory) and the shape the application gives (parties
/// per side, amount). The level is on the case in the filing's answer; the assessment, the alert and the report are
/// inserted by the filing's own write, so filing pays no round trip for them. The related-case search waits for the
/// first re-assessment.
/// </summary>
internal sealed class RiskOnFiling(
    RiskAssessor assessor,
    AuditLog audit,
    IBackgroundJobClient jobs,
    TimeProvider clock,
    IOptions<RiskOptions> options
) : IHandles<DisputeFiling>
{
    public const string Trigger = "Filing";

    public Task HandleAsync(DisputeFiling e, CancellationToken ct)
    {
        var d = e.Dispute;
        var now = clock.GetUtcNow().UtcDateTime;
        var assessment = assessor.Assess(
            [d.Facts, d.Claims],
            new CaseShape(
                d.TypeCode,
                d.AmountFen,
                RiskCases.LargestSide(d),
                DaysToReferralDue: RiskCases.DaysToReferralDue(d, now)
            )
        );
        d.RiskLevel = assessment.Level;
        d.RiskReasonsJson = RiskReason.ToJson(assessment.Reasons);
        e.Rows.Add(
            new RiskAssessmentRecord
            {
                DisputeId = d.Id,
                At = now,
                Trigger = Trigger,
                Computed = assessment.Level,
                Level = assessment.Level,
                ReasonsJson = d.RiskReasonsJson,
                LexiconVersion = assessment.LexiconVersion,
            }
        );
        if (assessment.Level == RiskLevel.Low)
            return Task.CompletedTask;
        e.Rows.Add(
            audit.Entry(
                "RiskLevelChanged",
                "Dispute",
                d.Id,
                new
                {
                    from = nameof(RiskLevel.Low),
                    to = assessment.Level.ToString(),
                    trigger = Trigger,
                }
            )
        );
        var (alert, report) = RiskFollowUp.For(d, RiskLevel.Low, reportOpen: false, now, options.Value);
        if (report is not null)
        {
            e.Rows.Add(report);
            e.Rows.Add(
                audit.Entry("RiskReportOpened", "RiskReport", report.Id, new { disputeId = d.Id, dueAt = report.DueAt })
            );
        }
        if (alert is not null)
        {
            e.Rows.Add(alert);
            e.Committed.Add(() => jobs.Enqueue<RiskAlertJob>(j => j.DeliverAsync(alert.Id, CancellationToken.None)));
        }
        return Task.CompletedTask;
    }
}

/// <summary>Every new text about a case is assessed in the unit of work that saves it.</summary>
internal sealed class RiskOnText(RiskCases cases) : IHandles<CaseTextAdded>
{
    public Task HandleAsync(CaseTextAdded e, CancellationToken ct) =>
        cases.ReassessAsync(e.DisputeId, e.Source, e.Text, ct);
}
