using Mediation.Api.Disputes;
using Mediation.Api.Infrastructure.Events;

namespace Mediation.Api.Sessions;

/// <summary>Changing a session: reschedule, cancel, record the result, confirm. A change removes pending reminders and
/// tells everyone.</summary>
public static class SessionActions
{
    public static async Task<Results<Ok<SessionResponse>, ValidationProblem, NotFound, ProblemHttpResult>> Reschedule(
        Guid id,
        RescheduleRequest request,
        ClaimsPrincipal user,
        SessionServices s,
        CancellationToken ct
    )
    {
        if (await FindForStaffAsync(id, user, s, ct) is not { } session)
            return TypedResults.NotFound();
        if (!session.IsActive)
            return Problems.Conflict("该调解安排不能改期", $"调解安排当前状态为 {session.Status}。");
        var startsAt = SessionsApi.AsUtc(request.StartsAt!.Value);
        if (SessionsApi.TimingError(startsAt, s) is { } timing)
            return Problems.Invalid("startsAt", timing);
        var endsAt = startsAt.AddMinutes(request.DurationMinutes!.Value);
        await using var booking = await MediatorBookingLock.BeginAsync(s.Db, s.WriteGate, session.MediatorIds, ct);
        if (await SessionScheduling.ClashRefusalAsync(s, session, startsAt, endsAt, ct) is { } clash)
            return clash;

        var before = session.StartsAt;
        await SessionScheduling.RemoveRemindersAsync(s.Db, session, ct);
        (session.StartsAt, session.EndsAt, session.DurationMinutes) = (startsAt, endsAt, request.DurationMinutes.Value);
        if (request.Mode is { } mode)
            session.Mode = mode;
        if (request.Location is { } location)
            session.Location = location.Trim();
        if (session.Mode == MediationMode.Online)
            session.JoinUrl = request.JoinUrl
                ?? session.JoinUrl
                ?? s.Options.Value.JoinUrlTemplate.Replace("{sessionId}", session.Id.ToString("N"));
        session.ConfirmedBy = [user.GetUserId()];
        var reason = string.IsNullOrWhiteSpace(request.Reason) ? "" : $"原因：{request.Reason.Trim()}。";
        await ChangedAsync(
            session,
            s,
            "SessionRescheduled",
            "调解时间变更",
            $"调解时间已由 {WeChat.SubscribeMessageValues.Time(before)} 改为：{reason}",
            ct
        );
        s.Audit.Record(
            "SessionRescheduled",
            "MediationSession",
            id,
            new
            {
                from = before,
                to = startsAt,
                request.DurationMinutes,
                request.Reason,
            }
        );
        await s.Db.SaveChangesAsync(ct);
        await booking.CommitAsync(ct);
        await SessionsApi.AfterSaveAsync(session, s, ct);
        return TypedResults.Ok(await SessionQueries.ToResponseAsync(s.Db, session, ct));
    }

    public static async Task<Results<Ok<SessionResponse>, NotFound, ProblemHttpResult>> Cancel(
        Guid id,
        CancelSessionRequest request,
        ClaimsPrincipal user,
        SessionServices s,
        CancellationToken ct
    )
    {
        if (await FindForStaffAsync(id, user, s, ct) is not { } session)
            return TypedResults.NotFound();
        if (!session.IsActive)
            return Problems.Conflict("该调解安排不能取消", $"调解安排当前状态为 {session.Status}。");
        await SessionScheduling.RemoveRemindersAsync(s.Db, session, ct);
        (session.Status, session.CancelReason, session.CancelledAt) = (
            SessionStatus.Cancelled,
            request.Reason!.Trim(),
            s.Now
        );
        await ChangedAsync(
            session,
            s,
            "SessionCancelled",
            "调解已取消",
            $"以下调解已取消（原因：{session.CancelReason}）：",
            ct
        );
        s.Audit.Record("SessionCancelled", "MediationSession", id, new { reason = session.CancelReason });
        await s.Db.SaveChangesAsync(ct);
        await SessionsApi.AfterSaveAsync(session, s, ct);
        return TypedResults.Ok(await SessionQueries.ToResponseAsync(s.Db, session, ct));
    }

    public static async Task<
        Results<Ok<SessionResponse>, ValidationProblem, NotFound, ProblemHttpResult>
    > RecordOutcome(
        Guid id,
        OutcomeRequest request,
        ClaimsPrincipal user,
        SessionServices s,
        DomainEvents events,
        CancellationToken ct
    )
    {
        if (await FindForStaffAsync(id, user, s, ct) is not { } session)
            return TypedResults.NotFound();
        if (session.Status != SessionStatus.Scheduled)
            return Problems.Conflict("该调解安排不能记录结果", $"调解安排当前状态为 {session.Status}。");
        if (session.StartsAt > s.Now)
            return Problems.Conflict("调解尚未开始", "调解开始后才能记录结果。");
        var absent = request.AbsentPartyIds ?? [];
        if (absent.Except(session.PartyIds).Any())
            return Problems.Invalid("absentPartyIds", "只能选择参加本次调解的当事人");
        await SessionScheduling.RemoveRemindersAsync(s.Db, session, ct);
        session.Status = request.Result!.Value switch
        {
            SessionResult.Held => SessionStatus.Held,
            SessionResult.NoShow => SessionStatus.NoShow,
            _ => SessionStatus.Adjourned,
        };
        (session.AbsentPartyIds, session.Minutes, session.OutcomeAt, session.UpdatedAt) = (
            absent,
            request.Minutes?.Trim(),
            s.Now,
            s.Now
        );
        session.Version++;
        if (!string.IsNullOrEmpty(session.Minutes))
            await events.RaiseAsync(new CaseTextAdded(session.DisputeId, "SessionMinutes", session.Minutes), ct);
        s.Audit.Record(
            "SessionOutcomeRecorded",
            "MediationSession",
            id,
            new { request.Result, absentPartyIds = absent }
        );
        await s.Db.SaveChangesAsync(ct);
        return TypedResults.Ok(await SessionQueries.ToResponseAsync(s.Db, session, ct));
    }

    /// <summary>A party (citizen) or one of the session's mediators confirms the time. A proposed session is scheduled
    /// once a mediator and every party with an account have confirmed.</summary>
    public static async Task<Results<Ok<SessionResponse>, NotFound, ProblemHttpResult>> Confirm(
        Guid id,
        ClaimsPrincipal user,
        SessionServices s,
        CancellationToken ct
    )
    {
        var db = s.Db;
        var me = user.GetUserId();
        var session = await db.MediationSessions.FirstOrDefaultAsync(x => x.Id == id, ct);
        if (session is null)
            return TypedResults.NotFound();
        var partyUsers = await db
            .DisputeParties.Where(p =>
                p.DisputeId == session.DisputeId && session.PartyIds.Contains(p.Id) && p.UserId != null
            )
            .Select(p => p.UserId!.Value)
            .ToListAsync(ct);
        var mine = user.GetKind() == Claims.StaffKind ? session.MediatorIds.Contains(me) : partyUsers.Contains(me);
        if (!mine)
            return TypedResults.NotFound();
        if (!session.IsActive)
            return Problems.Conflict("该调解安排无需确认", $"调解安排当前状态为 {session.Status}。");
        if (!session.ConfirmedBy.Contains(me))
            session.ConfirmedBy = [.. session.ConfirmedBy, me];
        await ScheduleIfAllConfirmedAsync(session, user, s, ct);
        session.UpdatedAt = s.Now;
        session.Version++;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await SessionQueries.ToResponseAsync(db, session, ct));
    }

    /// <summary>A proposed session is scheduled once a mediator and every party with an account have confirmed
    /// it.</summary>
    internal static async Task ScheduleIfAllConfirmedAsync(
        MediationSession session,
        ClaimsPrincipal user,
        SessionServices s,
        CancellationToken ct
    )
    {
        if (session.Status != SessionStatus.Proposed || !session.MediatorIds.Any(session.ConfirmedBy.Contains))
            return;
        var partyUsers = await s
            .Db.DisputeParties.Where(p =>
                p.DisputeId == session.DisputeId && session.PartyIds.Contains(p.Id) && p.UserId != null
            )
            .Select(p => p.UserId!.Value)
            .ToListAsync(ct);
        if (!partyUsers.All(session.ConfirmedBy.Contains))
            return;
        session.Status = SessionStatus.Scheduled;
        var dispute = await s.Db.Disputes.SingleAsync(d => d.Id == session.DisputeId, ct);
        if (dispute.Status == DisputeStatus.MediatorAssigned)
            DisputeStateMachine.TryMove(
                dispute,
                DisputeStatus.InMediation,
                user.GetKind(),
                user.GetUserId(),
                "确认首次调解时间",
                s.Now
            );
        s.Audit.Record("SessionConfirmed", "MediationSession", session.Id);
    }

    private static async Task<MediationSession?> FindForStaffAsync(
        Guid id,
        ClaimsPrincipal user,
        SessionServices s,
        CancellationToken ct
    )
    {
        var session = await s.Db.MediationSessions.FirstOrDefaultAsync(x => x.Id == id, ct);
        if (session is null)
            return null;
        return await (await s.Db.Disputes.VisibleToStaffAsync(user, s.Db, ct)).AnyAsync(
            d => d.Id == session.DisputeId,
            ct
        )
            ? session
            : null;
    }

    private static async Task ChangedAsync(
        MediationSession session,
        SessionServices s,
        string kind,
        string title,
        string lead,
        CancellationToken ct
    )
    {
        session.UpdatedAt = s.Now;
        session.Version++;
        var caseNumber = await s
            .Db.Disputes.Where(d => d.Id == session.DisputeId)
            .Select(d => d.CaseNumber ?? d.ApplicationNumber)
            .SingleAsync(ct);
        var notice = SessionScheduling.Describe(session, caseNumber, kind, "SessionChanged", title, lead);
        foreach (var to in await SessionScheduling.RecipientsAsync(s.Db, session, ct))
            await s.Notifier.StageAsync(
                to,
                notice,
                $"session-changed:{session.Id:N}:v{session.Version}:{to}",
                s.Now,
                ct
            );
    }
}
