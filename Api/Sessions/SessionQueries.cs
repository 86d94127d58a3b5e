using Mediation.Api.Disputes;
using Mediation.Api.WeChat;

namespace Mediation.Api.Sessions;

/// <summary>Reading sessions: a party's view of their case, a mediator's diary, and the case timeline's session
/// items.</summary>
public static class SessionQueries
{
    private static readonly TimeSpan MaxWindow = TimeSpan.FromDays(93);

    public static async Task<Results<Ok<SessionList>, NotFound>> ListCaseSessions(
        Guid id,
        ClaimsPrincipal user,
        AppDbContext db,
        CancellationToken ct
    )
    {
        var caseNumber = await db
            .Disputes.AsNoTracking()
            .VisibleToCitizen(user.GetUserId())
            .Where(d => d.Id == id)
            .Select(d => d.CaseNumber ?? d.ApplicationNumber)
            .FirstOrDefaultAsync(ct);
        if (caseNumber is null)
            return TypedResults.NotFound();
        var sessions = await db
            .MediationSessions.AsNoTracking()
            .Where(s => s.DisputeId == id)
            .OrderBy(s => s.StartsAt)
            .ToListAsync(ct);
        return TypedResults.Ok(new SessionList(sessions.Select(s => ToResponse(s, caseNumber)).ToList()));
    }

    public static async Task<Results<Ok<SessionResponse>, NotFound>> GetSession(
        Guid id,
        ClaimsPrincipal user,
        AppDbContext db,
        CancellationToken ct
    )
    {
        var session = await db.MediationSessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        if (
            session is null
            || !await (await db.Disputes.VisibleToStaffAsync(user, db, ct)).AnyAsync(d => d.Id == session.DisputeId, ct)
        )
            return TypedResults.NotFound();
        return TypedResults.Ok(await ToResponseAsync(db, session, ct));
    }

    public static async Task<Results<Ok<SessionList>, ValidationProblem>> MySessions(
        DateTime? from,
        DateTime? to,
        ClaimsPrincipal user,
        AppDbContext db,
        TimeProvider clock,
        CancellationToken ct
    )
    {
        var start = from is { } f ? SessionsApi.AsUtc(f) : clock.GetUtcNow().UtcDateTime.Date;
        var end = to is { } t ? SessionsApi.AsUtc(t) : start.AddDays(30);
        if (end <= start || end - start > MaxWindow)
            return Problems.Invalid("to", "结束时间应晚于开始时间，且跨度不超过93天");
        var me = user.GetUserId();
        var rows = await db
            .MediationSessions.AsNoTracking()
            .Where(s => s.StartsAt < end && s.EndsAt > start)
            .Join(
                db.Disputes,
                s => s.DisputeId,
                d => d.Id,
                (s, d) =>
                    new
                    {
                        Session = s,
                        CaseNumber = d.CaseNumber ?? d.ApplicationNumber,
                        CaseStatus = d.Status,
                    }
            )
            .OrderBy(x => x.Session.StartsAt)
            .ToListAsync(ct);
        // The time window keeps this small; membership is checked here so both providers read the id lists the same
        // way. A session cancelled on a case still in mediation stays on the diary, marked cancelled; once the case has
        // ended (or left this mediator's hands) its cancelled sessions leave the diary.
        return TypedResults.Ok(
            new SessionList(
                rows.Where(r =>
                        r.Session.MediatorIds.Contains(me)
                        && (
                            r.Session.Status != SessionStatus.Cancelled
                            || DisputeStateMachine.HoldsSessions(r.CaseStatus)
                        )
                    )
                    .Select(r => ToResponse(r.Session, r.CaseNumber))
                    .ToList()
            )
        );
    }

    /// <summary>The session items of a case's timeline: each arrangement, cancellation and result.</summary>
    internal sealed class Timeline : ITimelineContributor
    {
        public async Task<IEnumerable<TimelineItem>> ItemsAsync(
            AppDbContext db,
            Guid disputeId,
            ClaimsPrincipal user,
            CancellationToken ct
        ) => await TimelineItemsAsync(db, disputeId, ct);
    }

    public static async Task<List<TimelineItem>> TimelineItemsAsync(
        AppDbContext db,
        Guid disputeId,
        CancellationToken ct
    )
    {
        var sessions = await db
            .MediationSessions.AsNoTracking()
            .Where(s => s.DisputeId == disputeId && s.Status != SessionStatus.Proposed)
            .ToListAsync(ct);
        var items = new List<TimelineItem>();
        foreach (var s in sessions)
        {
            var what = $"{SessionScheduling.ModeName(s.Mode)}，{SubscribeMessageValues.Time(s.StartsAt)}（北京时间）";
            items.Add(new TimelineItem(s.CreatedAt, "SessionScheduled", "安排调解", null, null, what));
            if (s.CancelledAt is { } cancelled)
                items.Add(
                    new TimelineItem(
                        cancelled,
                        "SessionCancelled",
                        "调解取消",
                        null,
                        null,
                        $"{what}；原因：{s.CancelReason}"
                    )
                );
            if (s.OutcomeAt is { } outcome)
                items.Add(
                    new TimelineItem(
                        outcome,
                        "Session" + s.Status,
                        s.Status switch
                        {
                            SessionStatus.Held => "调解已进行",
                            SessionStatus.NoShow => "当事人未到场",
                            _ => "调解延期",
                        },
                        null,
                        null,
                        what
                    )
                );
        }
        return items;
    }

    public static async Task<SessionResponse> ToResponseAsync(
        AppDbContext db,
        MediationSession s,
        CancellationToken ct
    ) =>
        ToResponse(
            s,
            await db
                .Disputes.Where(d => d.Id == s.DisputeId)
                .Select(d => d.CaseNumber ?? d.ApplicationNumber)
                .SingleAsync(ct)
        );

    public static SessionResponse ToResponse(MediationSession s, string caseNumber) =>
        new(
            s.Id,
            s.DisputeId,
            caseNumber,
            s.Mode,
            SessionScheduling.ModeName(s.Mode),
            s.Status,
            s.StartsAt,
            s.EndsAt,
            s.DurationMinutes,
            SubscribeMessageValues.Time(s.StartsAt),
            s.MediatorIds,
            s.PartyIds,
            s.Location,
            s.JoinUrl,
            s.ConfirmedBy,
            s.CancelReason,
            s.CancelledAt,
            s.Minutes,
            s.AbsentPartyIds,
            s.CreatedAt,
            s.UpdatedAt,
            s.CounterStartsAt is { } c
                ? new CounterProposal(
                    c,
                    SubscribeMessageValues.Time(c),
                    s.CounterNote,
                    s.CounterByKind!,
                    s.CounterById!.Value,
                    s.CounterAt!.Value
                )
                : null
        );
}
