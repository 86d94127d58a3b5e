using Mediation.Api.Disputes;
using Mediation.Api.Notifications;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Mediation.Api.Sessions;

/// <summary>
/// A case's end ends what hangs on it. Every status change writes a <see cref="DisputeStatusChange"/> row
/// (<see cref="DisputeStateMachine.TryMove"/>) and every removal of a mediator sets <see cref="DisputeMediator.RemovedAt"/>;
/// this hook sees both in the save that commits them, whatever endpoint or job made them, and in the same transaction:
/// <list type="bullet">
/// <item>a case that no longer holds sessions (<see cref="DisputeStateMachine.HoldsSessions"/>: failed, withdrawn, closed, rejected,
/// transferred or escalated, agreed, or back in the queue after an objection) has its proposed and not yet begun sessions cancelled
/// with a reason, their reminders cancelled, and one cancellation notice to each mediator and party;</item>
/// <item>a mediator removed from a case that goes on (回避, 人民调解法 art. 23; reassignment) leaves its pending sessions: a session
/// with other mediators goes on without them (they are told), one without is cancelled.</item>
/// </list>
/// A session that has begun is left as it is: it may have been held, and its record (调解记录, art. 27) can still be
/// entered.
/// </summary>
public sealed class SessionLifecycle(IServiceProvider services) : SaveChangesInterceptor
{
    private Notifier? notifier;

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData,
        InterceptionResult<int> result,
        CancellationToken cancellationToken = default
    )
    {
        if (eventData.Context is AppDbContext db)
            await SettleAsync(db, cancellationToken);
        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is AppDbContext db)
            SettleAsync(db, CancellationToken.None).GetAwaiter().GetResult();
        return result;
    }

    internal static HashSet<Guid> NewCases(AppDbContext db) =>
        db
            .ChangeTracker.Entries<Dispute>()
            .Where(e => e.State == EntityState.Added)
            .Select(e => e.Entity.Id)
            .ToHashSet();

    private async Task SettleAsync(AppDbContext db, CancellationToken ct)
    {
        // A case created in this save (a filing, a registration) has no sessions yet: no round trip for it.
        var created = NewCases(db);
        var moved = db
            .ChangeTracker.Entries<DisputeStatusChange>()
            .Where(e => e.State == EntityState.Added && !created.Contains(e.Entity.DisputeId))
            .Select(e => e.Entity.DisputeId)
            .ToHashSet();
        var removed = db
            .ChangeTracker.Entries<DisputeMediator>()
            .Where(e =>
                e.State == EntityState.Modified
                && e.Entity.RemovedAt != null
                && e.Property(m => m.RemovedAt).OriginalValue == null
            )
            .Select(e => e.Entity)
            .ToLookup(m => m.DisputeId, m => m.StaffUserId);
        if (moved.Count == 0 && removed.Count == 0)
            return;

        var caseIds = moved.Concat(removed.Select(g => g.Key)).Distinct().ToList();
        var tracked = db
            .ChangeTracker.Entries<Dispute>()
            .Select(e => e.Entity)
            .Where(d => caseIds.Contains(d.Id))
            .ToDictionary(d => d.Id);
        var missing = caseIds.Where(id => !tracked.ContainsKey(id)).ToList();
        var cases = (
            missing.Count == 0
                ? []
                : await db
                    .Disputes.AsNoTracking()
                    .Where(d => missing.Contains(d.Id))
                    .Select(d => new
                    {
                        d.Id,
                        d.Status,
                        CaseNumber = d.CaseNumber ?? d.ApplicationNumber,
                    })
                    .ToListAsync(ct)
        ).Select(d => (d.Id, d.Status, d.CaseNumber)).Concat(tracked.Values.Select(d => (d.Id, d.Status, CaseNumber: d.Reference))).ToDictionary(d => d.Id, d => (d.Status, d.CaseNumber));

        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var stored = await db
            .MediationSessions.Where(s =>
                caseIds.Contains(s.DisputeId)
                && (s.Status == SessionStatus.Proposed || s.Status == SessionStatus.Scheduled)
            )
            .ToListAsync(ct);
        var pending = stored
            .Concat(db.MediationSessions.Local.Where(s => caseIds.Contains(s.DisputeId)))
            .Distinct()
            .Where(s => s.IsActive && (s.Status == SessionStatus.Proposed || s.StartsAt > now))
            .ToList();
        if (pending.Count == 0)
            return;

        notifier ??= ActivatorUtilities.CreateInstance<Notifier>(services, db);
        var audit = ActivatorUtilities.CreateInstance<AuditLog>(services, db);
        var parties = (
            await db
                .DisputeParties.AsNoTracking()
                .Where(p => caseIds.Contains(p.DisputeId))
                .Select(p => new
                {
                    p.DisputeId,
                    p.Id,
                    p.UserId,
                })
                .ToListAsync(ct)
        ).ToLookup(p => p.DisputeId, p => new PartyAccount(p.Id, p.UserId));
        var cancelled = new List<Guid>();
        foreach (var session in pending)
        {
            var (status, caseNumber) = cases[session.DisputeId];
            var leaving = removed[session.DisputeId].Where(session.MediatorIds.Contains).ToList();
            if (DisputeStateMachine.HoldsSessions(status) && leaving.Count == 0)
                continue;
            var recipients = SessionScheduling.Recipients(session, parties[session.DisputeId]);
            if (DisputeStateMachine.HoldsSessions(status) && session.MediatorIds.Except(leaving).Any())
            {
                // The session goes on with the case's other mediators; only the one who left is told.
                var notice = SessionScheduling.Describe(
                    session,
                    caseNumber,
                    "SessionCancelled",
                    "SessionChanged",
                    "调解已取消",
                    "您已不再承办本案，以下调解不再由您参加："
                );
                session.MediatorIds = session.MediatorIds.Except(leaving).ToList();
                session.ConfirmedBy = session.ConfirmedBy.Except(leaving).ToList();
                (session.UpdatedAt, session.Version) = (now, session.Version + 1);
                foreach (var mediator in leaving)
                    await notifier.StageAsync(
                        Recipient.Staff(mediator),
                        notice,
                        $"session-left:{session.Id:N}:{mediator:N}",
                        now,
                        ct
                    );
                audit.Record("SessionMediatorsRemoved", "MediationSession", session.Id, new { mediatorIds = leaving });
                continue;
            }

            var reason = DisputeStateMachine.HoldsSessions(status)
                ? "本案调解员已更换，将重新安排调解"
                : Reason(status);
            (session.Status, session.CancelReason, session.CancelledAt, session.UpdatedAt) = (
                SessionStatus.Cancelled,
                reason,
                now,
                now
            );
            session.Version++;
            cancelled.Add(session.Id);
            var cancellation = SessionScheduling.Describe(
                session,
                caseNumber,
                "SessionCancelled",
                "SessionChanged",
                "调解已取消",
                $"以下调解已取消（原因：{reason}）："
            );
            foreach (var to in recipients)
                await notifier.StageAsync(to, cancellation, $"session-cancelled:{session.Id:N}:{to}", now, ct);
            audit.Record("SessionCancelled", "MediationSession", session.Id, new { reason, caseStatus = status });
        }

        if (cancelled.Count > 0)
        {
            foreach (
                var reminder in await db
                    .SessionReminders.Where(r => cancelled.Contains(r.SessionId) && r.Status == ReminderStatus.Pending)
                    .ToListAsync(ct)
            )
                reminder.Status = ReminderStatus.Cancelled;
            foreach (
                var retry in await db
                    .OutboxMessages.Where(o =>
                        o.SessionId != null
                        && cancelled.Contains(o.SessionId.Value)
                        && o.Kind == SessionScheduling.ReminderKind
                        && o.Status == OutboxStatus.Pending
                    )
                    .ToListAsync(ct)
            )
                (retry.Status, retry.LastError) = (OutboxStatus.Cancelled, "会议已取消");
        }
        // The context detects changes once before the save; what changed here must be detected again.
        db.ChangeTracker.DetectChanges();
    }

    /// <summary>Why the case's pending sessions were cancelled, as the parties read it.</summary>
    internal static string Reason(DisputeStatus status) =>
        status switch
        {
            DisputeStatus.Failed => "调解不成，调解已终止",
            DisputeStatus.Withdrawn => "申请人已撤回调解申请",
            DisputeStatus.Closed => "案件已结案",
            DisputeStatus.Rejected => "调解申请不予受理",
            DisputeStatus.Lapsed => "申请逾期未补正，已失效",
            DisputeStatus.Transferred => "案件已移交其他调解组织办理",
            DisputeStatus.Accepted => "本案调解员已更换，将重新安排调解",
            DisputeStatus.Agreed or DisputeStatus.Performing or DisputeStatus.Fulfilled => "已达成调解协议",
            _ => $"案件{DisputeStateMachine.DisplayName(status)}",
        };
}

/// <summary>Marks the one session action allowed after the case has left mediation: the record of a session that had
/// already begun.</summary>
internal sealed class RecordsBegunSession;

/// <summary>
/// Every change to a session (confirm, counter, accept, reschedule, cancel, outcome) passes here first: a staff member
/// who was a mediator of the case but is no longer assigned (回避, reassignment, transfer) gets 403; a case that no
/// longer holds sessions (<see cref="DisputeStateMachine.HoldsSessions"/>) gets 409. Callers with nothing to do with
/// the session fall through to the handler's 404, so nothing is revealed.
/// </summary>
internal static class SessionGuard
{
    public static async ValueTask<object?> CheckAsync(
        EndpointFilterInvocationContext context,
        EndpointFilterDelegate next
    )
    {
        var http = context.HttpContext;
        if (
            HttpMethods.IsGet(http.Request.Method)
            || !Guid.TryParse(http.Request.RouteValues["id"]?.ToString(), out var id)
        )
            return await next(context);
        var (user, ct) = (http.User, http.RequestAborted);
        if (user.Identity?.IsAuthenticated != true)
            return await next(context);
        var db = http.RequestServices.GetRequiredService<AppDbContext>();
        var session = await db
            .MediationSessions.AsNoTracking()
            .Where(s => s.Id == id)
            .Select(s => new
            {
                s.DisputeId,
                s.MediatorIds,
                s.PartyIds,
                s.Status,
                s.StartsAt,
            })
            .FirstOrDefaultAsync(ct);
        if (session is null)
            return await next(context);

        var me = user.GetUserId();
        if (user.GetKind() == Claims.StaffKind)
        {
            var assignments = await db
                .DisputeMediators.AsNoTracking()
                .Where(m => m.DisputeId == session.DisputeId && m.StaffUserId == me)
                .Select(m => m.RemovedAt)
                .ToListAsync(ct);
            var wasMediator = assignments.Count > 0 || session.MediatorIds.Contains(me);
            if (wasMediator && !assignments.Any(removedAt => removedAt == null))
                return Problems.Forbidden(
                    "您已不再承办本案",
                    "您已回避或本案已改由其他调解员、其他调解组织办理，不能再处理本案的调解安排。"
                );
            if (
                !wasMediator
                && !await (await db.Disputes.VisibleToStaffAsync(user, db, ct)).AnyAsync(
                    d => d.Id == session.DisputeId,
                    ct
                )
            )
                return await next(context);
        }
        else if (
            !await db.DisputeParties.AnyAsync(
                p => p.DisputeId == session.DisputeId && session.PartyIds.Contains(p.Id) && p.UserId == me,
                ct
            )
        )
        {
            return await next(context);
        }

        var status = await db.Disputes.Where(d => d.Id == session.DisputeId).Select(d => d.Status).SingleAsync(ct);
        if (DisputeStateMachine.HoldsSessions(status))
            return await next(context);
        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        // Sessions still Scheduled on an ended case are those that had begun when it ended (the rest were cancelled
        // then).
        if (
            http.GetEndpoint()?.Metadata.GetMetadata<RecordsBegunSession>() is not null
            && session.Status == SessionStatus.Scheduled
            && session.StartsAt <= now
        )
            return await next(context);
        return Problems.Conflict(
            "案件已不在调解中",
            $"案件当前状态为「{DisputeStateMachine.DisplayName(status)}」，调解安排不能再确认、改期或变更。"
        );
    }
}
