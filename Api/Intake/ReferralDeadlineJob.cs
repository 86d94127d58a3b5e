using Hangfire;
using Mediation.Api.Auth;
using Mediation.Api.Disputes;
using Mediation.Api.Notifications;

namespace Mediation.Api.Intake;

/// <summary>
/// Daily: a referred case still without a result after the referrer's time limit (诉前调解: 30 days) is reported to
/// the supervisors (站长) of its body, once per case, so that they ask the referrer for an extension or end the
/// mediation and send the result back.
/// </summary>
public sealed class ReferralDeadlineJob(AppDbContext db, Notifier notifier, TimeProvider clock)
{
    public const string RecurringId = "referral-deadlines";

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var today = ChinaTime.Date(now);
        var overdue = await db
            .Disputes.AsNoTracking()
            .Where(d =>
                d.Referral != null
                && d.Referral.DueOn != null
                && d.Referral.DueOn < today
                && DisputeStateMachine.AwaitingResult.Contains(d.Status)
            )
            .Select(d => new
            {
                d.Id,
                d.BodyId,
                CaseNumber = d.CaseNumber ?? d.ApplicationNumber,
                d.Status,
                d.Referral!.UnitName,
                d.Referral.DueOn,
            })
            .ToListAsync(ct);
        if (overdue.Count == 0)
            return 0;
        var bodyIds = overdue.Select(d => d.BodyId).Distinct().ToList();
        var supervisors = (
            await db
                .StaffUsers.AsNoTracking()
                .Where(s => s.Active && s.BodyId != null && bodyIds.Contains(s.BodyId.Value))
                .Select(s => new
                {
                    s.Id,
                    s.BodyId,
                    s.Roles,
                })
                .ToListAsync(ct)
        ).Where(s => s.Roles.Contains(StaffRoles.Supervisor)).ToLookup(s => s.BodyId!.Value, s => s.Id);

        var sent = 0;
        foreach (var d in overdue)
        {
            var notice = new Notice(
                "ReferralOverdue",
                "ReferralOverdue",
                "移送案件调解期限已过",
                $"案件 {d.CaseNumber} 由{d.UnitName}移送，调解期限至 {d.DueOn:yyyy年M月d日}，目前仍未调结。"
                    + "请与移送单位商请延长期限，或依法终止调解并反馈结果。",
                d.Id,
                null,
                []
            );
            foreach (var supervisor in supervisors[d.BodyId])
                if (
                    await notifier.SendOnceAsync(
                        Recipient.Staff(supervisor),
                        notice,
                        $"referral-overdue:{d.Id:N}:{supervisor:N}",
                        now,
                        ct
                    )
                )
                    sent++;
        }
        return sent;
    }
}
