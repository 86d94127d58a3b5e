using Hangfire;
using Mediation.Api.Disputes;
using Mediation.Api.Notifications;

namespace Mediation.Api.Sessions;

/// <summary>
/// Reminds every mediator and party of a session <c>offset</c> before it starts. <see cref="RunDueAsync"/> (armed for
/// the next due time through <see cref="ReminderWakeup"/>, and every minute as a safety net) claims due <see
/// cref="SessionReminder"/> rows in batches, stages their notices in one transaction per batch and delivers the batch's
/// messages in parallel. Idempotent: a reminder of a session that moved, was cancelled or has begun is skipped, and
/// each (session, start, recipient, offset) notice has a unique dedupe key, so a second run sends nothing.
/// </summary>
public sealed class SessionReminderJob(
    AppDbContext db,
    Notifier notifier,
    OutboxDeliveryJob delivery,
    TimeProvider clock,
    IBackgroundJobClient jobs,
    IOptions<SessionsOptions> options,
    IServiceScopeFactory scopes,
    SqliteWriteGate writeGate,
    ILogger<SessionReminderJob> logger
)
{
    public const string SweepId = "session-reminder-sweep";

    /// <summary>Hangfire may start a scheduled job up to a second before its time (its schedule keeps whole seconds):
    /// reminders due this soon count as due, so the wake-up that fires a little early still sends them.</summary>
    public static readonly TimeSpan Early = TimeSpan.FromSeconds(2);

    /// <summary>Sends every due reminder with Sessions:ReminderWorkers batches in flight at once, then arms the next
    /// wake-up.</summary>
    public async Task<int> RunDueAsync(CancellationToken ct)
    {
        var counts = await Task.WhenAll(
            Enumerable
                .Range(0, options.Value.ReminderWorkers)
                .Select(async worker =>
                {
                    if (worker == 0)
                        return await DrainAsync(ct);
                    await using var scope = scopes.CreateAsyncScope();
                    return await scope.ServiceProvider.GetRequiredService<SessionReminderJob>().DrainAsync(ct);
                })
        );
        var sent = counts.Sum();
        var now = clock.GetUtcNow().UtcDateTime;
        var next = await db
            .SessionReminders.Where(r => r.Status == ReminderStatus.Pending && r.DueAt > now + Early)
            .MinAsync(r => (DateTime?)r.DueAt, ct);
        await ReminderWakeup.ArmAsync(db, jobs, next, now, ct);
        if (sent > 0)
            logger.LogInformation("Reminder dispatcher staged {Count} reminder notices; next due {Next:o}", sent, next);
        return sent;
    }

    private async Task<int> DrainAsync(CancellationToken ct)
    {
        var sent = 0;
        while (await ClaimAsync(ct) is { Count: > 0 } batch)
            sent += await RemindAsync(batch, ct);
        return sent;
    }

    /// <summary>One reminder, as the per-reminder Hangfire jobs of earlier versions still in the job storage call
    /// it.</summary>
    public async Task<int> RunAsync(Guid sessionId, TimeSpan offset, long startsAtTicks, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var session = await db.MediationSessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null || !IsDue(session, startsAtTicks, now))
            return 0;
        var dispute = await db
            .Disputes.Where(d => d.Id == session.DisputeId)
            .Select(d => new { CaseNumber = d.CaseNumber ?? d.ApplicationNumber, d.Status })
            .SingleAsync(ct);
        if (!DisputeStateMachine.HoldsSessions(dispute.Status))
            return 0;
        var caseNumber = dispute.CaseNumber;
        var notice = Notice(session, caseNumber, offset);
        var sent = 0;
        foreach (var to in await SessionScheduling.RecipientsAsync(db, session, ct))
            if (await notifier.SendOnceAsync(to, notice, Key(session, to, offset), now, ct))
                sent++;
        return sent;
    }

    private async Task<List<SessionReminder>> ClaimAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var ids = await db
            .SessionReminders.Where(r =>
                r.Status == ReminderStatus.Pending
                && r.DueAt <= now + Early
                && (r.LockedUntil == null || r.LockedUntil < now)
            )
            .OrderBy(r => r.DueAt)
            .Select(r => r.Id)
            .Take(options.Value.ReminderBatchSize)
            .ToListAsync(ct);
        if (ids.Count == 0)
            return [];
        var (claim, lease) = (Guid.NewGuid(), now + TimeSpan.FromMinutes(5));
        using (await writeGate.EnterAsync(ct))
            await db
                .SessionReminders.Where(r =>
                    ids.Contains(r.Id)
                    && r.Status == ReminderStatus.Pending
                    && (r.LockedUntil == null || r.LockedUntil < now)
                )
                .ExecuteUpdateAsync(
                    s => s.SetProperty(r => r.LockedUntil, lease).SetProperty(r => r.ClaimId, claim),
                    ct
                );
        return await db.SessionReminders.Where(r => ids.Contains(r.Id) && r.ClaimId == claim).ToListAsync(ct);
    }

    private async Task<int> RemindAsync(List<SessionReminder> batch, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var sessionIds = batch.Select(r => r.SessionId).Distinct().ToList();
        var sessions = await db
            .MediationSessions.AsNoTracking()
            .Where(s => sessionIds.Contains(s.Id))
            .ToDictionaryAsync(s => s.Id, ct);
        var disputeIds = sessions.Values.Select(s => s.DisputeId).Distinct().ToList();
        var cases = await db
            .Disputes.Where(d => disputeIds.Contains(d.Id))
            .Select(d => new
            {
                d.Id,
                CaseNumber = d.CaseNumber ?? d.ApplicationNumber,
                d.Status,
            })
            .ToDictionaryAsync(d => d.Id, ct);
        var parties = (
            await db
                .DisputeParties.AsNoTracking()
                .Where(p => disputeIds.Contains(p.DisputeId))
                .Select(p => new
                {
                    p.DisputeId,
                    p.Id,
                    p.UserId,
                })
                .ToListAsync(ct)
        ).ToLookup(p => p.DisputeId, p => new PartyAccount(p.Id, p.UserId));

        var planned = new List<(SessionReminder Reminder, Recipient To, Notice Notice, string Key)>();
        foreach (var reminder in batch)
        {
            (reminder.LockedUntil, reminder.ClaimId, reminder.ProcessedAt) = (null, null, now);
            // Re-checked at sending time: the session may have been cancelled, or its case ended, since the reminder
            // was written.
            if (
                sessions.GetValueOrDefault(reminder.SessionId) is not { } session
                || !IsDue(session, reminder.StartsAt.Ticks, now)
                || !DisputeStateMachine.HoldsSessions(cases[session.DisputeId].Status)
            )
            {
                reminder.Status = ReminderStatus.Skipped;
                continue;
            }
            reminder.Status = ReminderStatus.Sent;
            var notice = Notice(session, cases[session.DisputeId].CaseNumber, reminder.Offset);
            planned.AddRange(
                SessionScheduling
                    .Recipients(session, parties[session.DisputeId])
                    .Select(to => (reminder, to, notice, Key(session, to, reminder.Offset)))
            );
        }
        var keys = planned.Select(p => p.Key).ToList();
        var done = (
            await db.OutboxMessages.Where(o => keys.Contains(o.DedupeKey)).Select(o => o.DedupeKey).ToListAsync(ct)
        ).ToHashSet();
        await notifier.PrepareAsync(planned.Where(p => !done.Contains(p.Key)).Select(p => p.To), "SessionReminder", ct);
        var sent = 0;
        foreach (var p in planned.Where(p => !done.Contains(p.Key)))
            if (await notifier.StageAsync(p.To, p.Notice, p.Key, now, ct))
                sent++;
        var staged = notifier.TakeStaged();
        try
        {
            // SQLite has one writer: this process's batches queue here instead of polling the database lock.
            using (await writeGate.EnterAsync(ct))
                await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e)
        {
            // A reminder sent at the same moment by another path (an old per-reminder job): send this batch one by one.
            logger.LogInformation(e, "A reminder batch met notices already staged; sending it one by one");
            db.ChangeTracker.Clear();
            sent = 0;
            foreach (var reminder in batch)
            {
                if (reminder.Status == ReminderStatus.Sent)
                    sent += await RunAsync(reminder.SessionId, reminder.Offset, reminder.StartsAt.Ticks, ct);
                await db
                    .SessionReminders.Where(r => r.Id == reminder.Id)
                    .ExecuteUpdateAsync(
                        s =>
                            s.SetProperty(r => r.Status, reminder.Status)
                                .SetProperty(r => r.LockedUntil, (DateTime?)null)
                                .SetProperty(r => r.ProcessedAt, now),
                        ct
                    );
            }
            return sent;
        }
        db.ChangeTracker.Clear();
        await delivery.DeliverBatchAsync(staged, ct);
        return sent;
    }

    private static bool IsDue(MediationSession session, long startsAtTicks, DateTime now) =>
        session.Status == SessionStatus.Scheduled && session.StartsAt.Ticks == startsAtTicks && session.StartsAt > now;

    private static Notice Notice(MediationSession session, string caseNumber, TimeSpan offset) =>
        SessionScheduling.Describe(
            session,
            caseNumber,
            SessionScheduling.ReminderKind,
            "SessionReminder",
            "调解提醒",
            $"您参加的调解将于{Ahead(offset)}后开始。"
        );

    private static string Key(MediationSession session, Recipient to, TimeSpan offset) =>
        $"session-reminder:{session.Id:N}:{session.StartsAt.Ticks}:{to}:{offset.Ticks}";

    private static string Ahead(TimeSpan offset) =>
        offset.TotalDays >= 1 && offset.TotalDays % 1 == 0 ? $"{offset.TotalDays:0}天"
        : offset.TotalHours >= 1 && offset.TotalHours % 1 == 0 ? $"{offset.TotalHours:0}小时"
        : $"{Math.Max(1, Math.Round(offset.TotalMinutes)):0}分钟";
}
