using Hangfire;
using Mediation.Api.Disputes;
using Mediation.Api.Notifications;

namespace Mediation.Api.Intake;

/// <summary>
/// Hourly: tells each body's WeCom group which applications have waited past Intake:AcceptWithin. One digest per body
/// and day (China time) — a robot takes 20 messages a minute, and a group wants one list, not a message per case.
/// Idempotent through the digest's dedupe key. Claims need no job: they lapse lazily (IntakeClaim.IsActive).
/// </summary>
public sealed class IntakeOverdueAlertJob(
    AppDbContext db,
    Notifier notifier,
    TimeProvider clock,
    IOptions<IntakeOptions> options
)
{
    public const string RecurringId = "intake-overdue-alerts";
    private static readonly TimeZoneInfo China = ChinaTime.Zone;

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var cutoff = now - options.Value.AcceptWithin;
        var withRobot = await db
            .BodyAlertChannels.Where(b => b.WeComWebhookUrl != null)
            .Select(b => b.BodyId)
            .ToListAsync(ct);
        var overdue = await db
            .Disputes.AsNoTracking()
            .Where(d =>
                withRobot.Contains(d.BodyId) && IntakeQueue.AwaitingDecision.Contains(d.Status) && d.QueuedAt < cutoff
            )
            .OrderBy(d => d.QueuedAt)
            .Select(d => new
            {
                d.BodyId,
                Reference = d.CaseNumber ?? d.ApplicationNumber,
                d.QueuedAt,
            })
            .ToListAsync(ct);
        var day = TimeZoneInfo.ConvertTimeFromUtc(now, China).ToString("yyyyMMdd");
        var sent = 0;
        foreach (var body in overdue.GroupBy(d => d.BodyId))
        {
            var lines = body.Take(30).Select(d => $"{d.Reference}（已等待 {(int)(now - d.QueuedAt).TotalHours} 小时）");
            var more = body.Count() > 30 ? $"\n另有 {body.Count() - 30} 件未列出。" : "";
            var notice = new Notice(
                "IntakeOverdue",
                "IntakeOverdue",
                "受理超期提醒",
                $"以下 {body.Count()} 件调解申请已超过受理期限，请尽快处理：\n{string.Join("\n", lines)}{more}",
                null,
                null,
                []
            );
            if (
                await notifier.SendOnceAsync(
                    new Recipient(Recipient.Body, body.Key),
                    notice,
                    $"intake-overdue:{body.Key:N}:{day}",
                    now,
                    ct
                )
            )
                sent++;
        }
        return sent;
    }
}
