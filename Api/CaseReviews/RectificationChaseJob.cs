using Mediation.Api.Disputes;
using Mediation.Api.Notifications;

namespace Mediation.Api.CaseReviews;

/// <summary>
/// Daily: a case file returned for rectification (整改) and not reported done by its deadline is chased with the
/// mediators holding the case, once per review, mediator and China-time day, until they report it done.
/// </summary>
public sealed class RectificationChaseJob(AppDbContext db, Notifier notifier, TimeProvider clock)
{
    public const string RecurringId = "case-review-rectifications";

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var today = ChinaTime.Date(now);
        var overdue = await db
            .CaseReviews.AsNoTracking()
            .Where(r => r.Status == CaseReviewStatus.Returned && r.RectificationDueOn < today)
            .Select(r => new
            {
                r.Id,
                r.DisputeId,
                r.RectificationDueOn,
                r.RectificationReason,
            })
            .ToListAsync(ct);
        var sent = 0;
        foreach (var r in overdue)
        {
            var number = await db
                .Disputes.Where(d => d.Id == r.DisputeId)
                .Select(d => d.CaseNumber ?? d.ApplicationNumber)
                .SingleAsync(ct);
            var notice = new Notice(
                "CaseReviewOverdue",
                "CaseReviewOverdue",
                "案卷整改已逾期",
                $"案件 {number} 的卷宗整改期限为 {r.RectificationDueOn:yyyy年M月d日}，至今未报告整改完成："
                    + $"{r.RectificationReason}。请尽快整改并在评查页面报告。",
                r.DisputeId,
                null,
                []
            );
            foreach (var mediator in await CaseReviewScoring.MediatorsAsync(db, r.DisputeId, ct))
                if (
                    await notifier.SendOnceAsync(
                        Recipient.Staff(mediator),
                        notice,
                        $"review-overdue:{r.Id:N}:{mediator:N}:{today:yyyyMMdd}",
                        now,
                        ct
                    )
                )
                    sent++;
        }
        return sent;
    }
}
