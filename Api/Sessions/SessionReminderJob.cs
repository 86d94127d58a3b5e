using Hangfire;
using Mediation.Api.Infrastructure.Data;
using Mediation.Api.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Mediation.Api.Sessions;

/// <summary>
/// Reminds every mediator and party of a session <c>offset</c> before it starts. Idempotent: it does nothing for a session
/// that moved (its start is no longer <c>startsAtTicks</c>), was cancelled or has begun, and each (session, start, recipient,
/// offset) notice has a unique dedupe key, so a second run sends nothing.
/// </summary>
public sealed class SessionReminderJob(AppDbContext db, Notifier notifier, TimeProvider clock, IBackgroundJobClient jobs)
{
    public async Task<int> RunAsync(Guid sessionId, TimeSpan offset, long startsAtTicks, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var session = await db.MediationSessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is not { Status: SessionStatus.Scheduled } || session.StartsAt.Ticks != startsAtTicks || session.StartsAt <= now) return 0;
        var due = session.StartsAt - offset;
        if (due - now > TimeSpan.FromMinutes(1))
        {
            // Run early (clocks apart): try again when it is due.
            jobs.Schedule<SessionReminderJob>(job => job.RunAsync(sessionId, offset, startsAtTicks, CancellationToken.None), new DateTimeOffset(due, TimeSpan.Zero));
            return 0;
        }
        var caseNumber = await db.Disputes.Where(d => d.Id == session.DisputeId).Select(d => d.CaseNumber).SingleAsync(ct);
        var notice = SessionScheduling.Describe(session, caseNumber, SessionScheduling.ReminderKind, "SessionReminder", "调解提醒",
            $"您参加的调解将于{Ahead(offset)}后开始。");
        var sent = 0;
        foreach (var to in await SessionScheduling.RecipientsAsync(db, session, ct))
            if (await notifier.SendOnceAsync(to, notice, $"session-reminder:{sessionId:N}:{startsAtTicks}:{to}:{offset.Ticks}", now, ct))
                sent++;
        return sent;
    }

    private static string Ahead(TimeSpan offset) =>
        offset.TotalDays >= 1 && offset.TotalDays % 1 == 0 ? $"{offset.TotalDays:0}天"
        : offset.TotalHours >= 1 && offset.TotalHours % 1 == 0 ? $"{offset.TotalHours:0}小时"
        : $"{Math.Max(1, Math.Round(offset.TotalMinutes)):0}分钟";
}
