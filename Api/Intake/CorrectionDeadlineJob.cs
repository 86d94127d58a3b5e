using Hangfire;
using Mediation.Api.Disputes;
using Mediation.Api.Notifications;

namespace Mediation.Api.Intake;

/// <summary>
/// Scheduled at request-correction for the deadline: a case still waiting for corrections then lapses and the applicant
/// is told. Idempotent: a resubmitted, withdrawn or already lapsed case is left alone, and a run before the deadline (a
/// moved deadline, clock skew) schedules itself again for the deadline.
/// </summary>
public sealed class CorrectionDeadlineJob(
    AppDbContext db,
    AuditLog audit,
    TimeProvider clock,
    IBackgroundJobClient jobs,
    Notifier notifier,
    ILogger<CorrectionDeadlineJob> logger
)
{
    public async Task RunAsync(Guid disputeId)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var dispute = await db.Disputes.FirstOrDefaultAsync(d => d.Id == disputeId);
        if (dispute is not { Status: DisputeStatus.NeedsCorrection })
            return;
        var correction = await db
            .CorrectionRequests.Where(c => c.DisputeId == disputeId && c.ClosedAt == null)
            .OrderByDescending(c => c.RequestedAt)
            .FirstOrDefaultAsync();
        if (correction is null)
            return;
        if (correction.Deadline > now)
        {
            jobs.Schedule<CorrectionDeadlineJob>(
                job => job.RunAsync(disputeId),
                new DateTimeOffset(correction.Deadline, TimeSpan.Zero)
            );
            return;
        }

        DisputeStateMachine.TryMove(dispute, DisputeStatus.Lapsed, "System", null, "逾期未补正，申请失效", now);
        (correction.ClosedAt, correction.Outcome) = (now, "Lapsed");
        audit.Record("DisputeLapsed", "Dispute", disputeId, new { correctionId = correction.Id, correction.Deadline });
        await notifier.StageAsync(
            await DisputeRecipients.ApplicantAsync(db, dispute, CancellationToken.None),
            IntakeDecisions.CaseNotice(
                dispute,
                "DisputeLapsed",
                "调解申请已失效",
                $"您的调解申请（{dispute.ReferenceText}）未在 {IntakeDecisions.ChinaTime(correction.Deadline)} 前补正，申请已失效。如仍需调解，可以重新提交申请。",
                now
            ),
            $"intake:DisputeLapsed:{disputeId:N}:{correction.Id:N}",
            now,
            CancellationToken.None
        );
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateConcurrencyException)
        {
            // The applicant resubmitted at this very moment: their change stands.
            logger.LogInformation("Case {DisputeId} changed while lapsing; left as it is.", disputeId);
        }
    }
}
