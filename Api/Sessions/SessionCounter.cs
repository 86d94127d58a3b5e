using FluentValidation;
using Mediation.Api.Disputes;
using Mediation.Api.Notifications;
using Mediation.Api.WeChat;

namespace Mediation.Api.Sessions;

public sealed record CounterRequest(DateTime? StartsAt, string? Note);

/// <summary>A time the session's mediators are free for it (UTC and Beijing time), to offer as another time.</summary>
public sealed record FreeSlot(DateTime StartsAt, string StartsAtLocal);

public sealed record FreeSlotList(IReadOnlyList<FreeSlot> Items);

internal sealed class CounterRequestValidator : AbstractValidator<CounterRequest>
{
    public CounterRequestValidator()
    {
        RuleFor(x => x.StartsAt).NotNull().WithMessage("请填写提议的开始时间（UTC）");
        RuleFor(x => x.Note).MaximumLength(200).WithMessage("说明不超过200字");
    }
}

/// <summary>
/// For a Proposed session: a party (citizen) or one of its mediators proposes another time, and everyone else is told;
/// a mediator of the session accepts it, which moves the session (clash-checked like any booking) and asks the parties
/// again.
/// </summary>
public static class SessionCounter
{
    public static async Task<
        Results<Ok<SessionResponse>, ValidationProblem, NotFound, ProblemHttpResult>
    > ProposeCounter(Guid id, CounterRequest request, ClaimsPrincipal user, SessionServices s, CancellationToken ct)
    {
        var (me, kind) = (user.GetUserId(), user.GetKind());
        var session = await s.Db.MediationSessions.FirstOrDefaultAsync(x => x.Id == id, ct);
        if (session is null || !await IsMemberAsync(session, me, kind, s, ct))
            return TypedResults.NotFound();
        if (session.Status != SessionStatus.Proposed)
            return Problems.Conflict(
                "只能对待确认的调解时间提出其他时间",
                $"调解安排当前状态为 {session.Status}，如需改期请联系调解员。"
            );
        var startsAt = SessionsApi.AsUtc(request.StartsAt!.Value);
        if (SessionsApi.TimingError(startsAt, s) is { } timing)
            return Problems.Invalid("startsAt", timing);

        (session.CounterStartsAt, session.CounterNote, session.CounterById, session.CounterByKind, session.CounterAt) =
            (startsAt, string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim(), me, kind, s.Now);
        session.UpdatedAt = s.Now;
        session.Version++;
        var caseNumber = await s
            .Db.Disputes.Where(d => d.Id == session.DisputeId)
            .Select(d => d.CaseNumber ?? d.ApplicationNumber)
            .SingleAsync(ct);
        var who = kind == Claims.StaffKind ? "调解员" : "当事人";
        var note = session.CounterNote is { } n ? $"说明：{n}。" : "";
        var notice = new Notice(
            "SessionCounterProposed",
            "SessionChanged",
            "有人提议其他调解时间",
            $"案件 {caseNumber} 的{who}提议将调解由 {SubscribeMessageValues.Time(session.StartsAt)} 改到 {SubscribeMessageValues.Time(startsAt)}（北京时间）。{note}待调解员确认。",
            session.DisputeId,
            session.Id,
            new()
            {
                ["title"] = "有人提议其他调解时间",
                ["caseNumber"] = caseNumber,
                ["startsAt"] = SubscribeMessageValues.Time(startsAt),
                ["note"] = $"{who}提议改期",
            }
        );
        var self = new Recipient(kind, me);
        foreach (var to in (await SessionScheduling.RecipientsAsync(s.Db, session, ct)).Where(r => r != self))
            await s.Notifier.StageAsync(
                to,
                notice,
                $"session-counter:{session.Id:N}:v{session.Version}:{to}",
                s.Now,
                ct
            );
        s.Audit.Record("SessionCounterProposed", "MediationSession", id, new { startsAt, byKind = kind });
        await s.Db.SaveChangesAsync(ct);
        return TypedResults.Ok(await SessionQueries.ToResponseAsync(s.Db, session, ct));
    }

    public static async Task<Results<Ok<SessionResponse>, NotFound, ProblemHttpResult>> AcceptCounter(
        Guid id,
        ClaimsPrincipal user,
        SessionServices s,
        CancellationToken ct
    )
    {
        var me = user.GetUserId();
        var session = await s.Db.MediationSessions.FirstOrDefaultAsync(x => x.Id == id, ct);
        if (session is null || !session.MediatorIds.Contains(me))
            return TypedResults.NotFound();
        if (session.Status != SessionStatus.Proposed || session.CounterStartsAt is not { } startsAt)
            return Problems.Conflict("没有待确认的其他时间", "该调解安排没有当事人提议的其他时间。");
        if (startsAt <= s.Now)
            return Problems.Conflict("提议的时间已过", "请与当事人另行商定时间后改期。");
        var endsAt = startsAt.AddMinutes(session.DurationMinutes);
        await using var booking = await MediatorBookingLock.BeginAsync(s.Db, s.WriteGate, session.MediatorIds, ct);
        if (await SessionScheduling.ClashRefusalAsync(s, session, startsAt, endsAt, ct) is { } clash)
            return clash;

        var before = session.StartsAt;
        await SessionScheduling.RemoveRemindersAsync(s.Db, session, ct);
        (session.StartsAt, session.EndsAt) = (startsAt, endsAt);
        // The mediator accepts; the one who proposed the time has agreed to it already.
        session.ConfirmedBy = session.CounterByKind == Claims.CitizenKind ? [me, session.CounterById!.Value] : [me];
        (session.CounterStartsAt, session.CounterNote, session.CounterById, session.CounterByKind, session.CounterAt) =
            (null, null, null, null, null);
        await SessionActions.ScheduleIfAllConfirmedAsync(session, user, s, ct);
        session.UpdatedAt = s.Now;
        session.Version++;
        var caseNumber = await s
            .Db.Disputes.Where(d => d.Id == session.DisputeId)
            .Select(d => d.CaseNumber ?? d.ApplicationNumber)
            .SingleAsync(ct);
        var lead =
            session.Status == SessionStatus.Scheduled
                ? $"调解时间已由 {SubscribeMessageValues.Time(before)} 改为："
                : $"调解员同意将调解时间由 {SubscribeMessageValues.Time(before)} 改为以下时间，请确认：";
        var notice = SessionScheduling.Describe(
            session,
            caseNumber,
            "SessionCounterAccepted",
            "SessionChanged",
            "调解时间已改",
            lead
        );
        foreach (var to in await SessionScheduling.RecipientsAsync(s.Db, session, ct))
            await s.Notifier.StageAsync(
                to,
                notice,
                $"session-changed:{session.Id:N}:v{session.Version}:{to}",
                s.Now,
                ct
            );
        s.Audit.Record("SessionCounterAccepted", "MediationSession", id, new { from = before, to = startsAt });
        await s.Db.SaveChangesAsync(ct);
        await booking.CommitAsync(ct);
        await SessionsApi.AfterSaveAsync(session, s, ct);
        return TypedResults.Ok(await SessionQueries.ToResponseAsync(s.Db, session, ct));
    }

    public const int FreeSlotDays = 7;
    public const int MaxFreeSlots = 12;

    /// <summary>For a Proposed session: the next times (30-minute steps, working days ahead) its mediators are free for
    /// it.</summary>
    public static async Task<Results<Ok<FreeSlotList>, NotFound, ProblemHttpResult>> FreeSlots(
        Guid id,
        ClaimsPrincipal user,
        SessionServices s,
        CancellationToken ct
    )
    {
        var (me, kind) = (user.GetUserId(), user.GetKind());
        var session = await s.Db.MediationSessions.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (session is null || !await IsMemberAsync(session, me, kind, s, ct))
            return TypedResults.NotFound();
        if (session.Status != SessionStatus.Proposed)
            return Problems.Conflict(
                "只能对待确认的调解时间提出其他时间",
                $"调解安排当前状态为 {session.Status}，如需改期请联系调解员。"
            );
        var slots = await Availability.FreeSlotsAsync(
            s.Db,
            session.MediatorIds,
            TimeSpan.FromMinutes(session.DurationMinutes),
            s.Now,
            FreeSlotDays,
            MaxFreeSlots,
            session.Id,
            s.Options.Value,
            ct
        );
        return TypedResults.Ok(
            new FreeSlotList(
                slots
                    .Where(t => t != session.StartsAt)
                    .Select(t => new FreeSlot(t, SubscribeMessageValues.Time(t)))
                    .ToList()
            )
        );
    }

    private static async Task<bool> IsMemberAsync(
        MediationSession session,
        Guid me,
        string kind,
        SessionServices s,
        CancellationToken ct
    ) =>
        kind == Claims.StaffKind
            ? session.MediatorIds.Contains(me)
            : await s.Db.DisputeParties.AnyAsync(
                p => p.DisputeId == session.DisputeId && session.PartyIds.Contains(p.Id) && p.UserId == me,
                ct
            );
}
