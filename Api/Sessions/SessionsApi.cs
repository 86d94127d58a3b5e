using Hangfire;
using Mediation.Api.Auth;
using Mediation.Api.Disputes;
using Mediation.Api.Notifications;
using Mediation.Api.WeChat;

namespace Mediation.Api.Sessions;

/// <summary>What every session endpoint needs.</summary>
public sealed record SessionServices(
    AppDbContext Db,
    Notifier Notifier,
    IBackgroundJobClient Jobs,
    AuditLog Audit,
    TimeProvider Clock,
    IOptions<SessionsOptions> Options,
    SqliteWriteGate WriteGate
)
{
    public DateTime Now { get; } = Clock.GetUtcNow().UtcDateTime;
}

public static class SessionsApi
{
    public const string MediatorPolicy = "Mediator";

    public static IEndpointRouteBuilder MapSessionsApi(this IEndpointRouteBuilder app)
    {
        var ofCase = app.MapGroup("/api/disputes/{id:guid}/sessions").WithTags("Sessions").WithValidation();
        ofCase
            .MapPost("/", CreateSession)
            .RequireAuthorization(Policies.Staff)
            .Named(nameof(CreateSession), "安排调解（电话、线上或现场）");
        ofCase
            .MapGet("/", SessionQueries.ListCaseSessions)
            .RequireAuthorization(Policies.Citizen)
            .Named("ListCaseSessions", "本案的调解安排（当事人）");

        // The case's state and the caller's current assignment are checked for every change, in one place.
        var sessions = app.MapGroup("/api/sessions")
            .WithTags("Sessions")
            .WithValidation()
            .AddEndpointFilter(SessionGuard.CheckAsync);
        sessions
            .MapGet("/{id:guid}", SessionQueries.GetSession)
            .RequireAuthorization(Policies.Staff)
            .Named("GetSession", "调解安排详情");
        sessions
            .MapPut("/{id:guid}", SessionActions.Reschedule)
            .RequireAuthorization(Policies.Staff)
            .Named("RescheduleSession", "改期");
        sessions
            .MapPost("/{id:guid}/cancel", SessionActions.Cancel)
            .RequireAuthorization(Policies.Staff)
            .Named("CancelSession", "取消");
        sessions
            .MapPost("/{id:guid}/outcome", SessionActions.RecordOutcome)
            .RequireAuthorization(Policies.Staff)
            .Named("RecordSessionOutcome", "记录调解结果")
            .WithMetadata(new RecordsBegunSession());
        sessions
            .MapPost("/{id:guid}/counter", SessionCounter.ProposeCounter)
            .RequireAuthorization()
            .Named("ProposeCounter", "提议其他时间（当事人或调解员，仅待确认的安排）");
        sessions
            .MapGet("/{id:guid}/free-slots", SessionCounter.FreeSlots)
            .RequireAuthorization()
            .WithName("SessionFreeSlots")
            .WithSummary("调解员可安排的其他时间（仅待确认的安排）");
        sessions
            .MapPost("/{id:guid}/counter/accept", SessionCounter.AcceptCounter)
            .RequireAuthorization(MediatorPolicy)
            .Named("AcceptCounter", "调解员接受提议的其他时间");
        sessions
            .MapPost("/{id:guid}/confirm", SessionActions.Confirm)
            .RequireAuthorization()
            .Named("ConfirmSession", "确认参加（当事人或调解员）");

        var mediator = app.MapGroup("/api/mediator")
            .WithTags("Sessions")
            .RequireAuthorization(MediatorPolicy)
            .WithValidation();
        mediator
            .MapGet("/sessions", SessionQueries.MySessions)
            .Named("MyMediatorSessions", "我的调解日程（from、to 为 UTC，默认今后30天）");
        mediator
            .MapGet("/availability", Availability.GetAvailability)
            .Named("GetAvailability", "我的工作时间和休息日（北京时间）");
        mediator.MapPut("/availability", Availability.PutAvailability).Named("PutAvailability", "设置工作时间和休息日");
        mediator
            .MapPost("/calendar-token", MediatorCalendar.RotateCalendarToken)
            .Named("RotateCalendarToken", "生成（或更换）日历订阅地址");
        app.MapMediatorCalendar();
        return app;
    }

    public static async Task<
        Results<Created<SessionResponse>, ValidationProblem, NotFound, ProblemHttpResult>
    > CreateSession(
        Guid id,
        CreateSessionRequest request,
        ClaimsPrincipal user,
        SessionServices s,
        CancellationToken ct
    )
    {
        var db = s.Db;
        var dispute = await (await db.Disputes.VisibleToStaffAsync(user, db, ct))
            .Include(d => d.Mediators)
            .Include(d => d.Parties)
            .AsSplitQuery()
            .FirstOrDefaultAsync(d => d.Id == id, ct);
        if (dispute is null)
            return TypedResults.NotFound();
        var assigned = dispute.Mediators.Where(m => m.RemovedAt == null).Select(m => m.StaffUserId).ToList();
        if (assigned.Count == 0)
            return Problems.Conflict("案件尚未指派调解员", "请先为本案指派调解员，再安排调解。");
        if (!DisputeStateMachine.HoldsSessions(dispute.Status))
            return Problems.WrongState(
                "当前状态不能安排调解",
                $"案件当前状态为「{DisputeStateMachine.DisplayName(dispute.Status)}」。"
            );

        var mediatorIds = request.MediatorIds is { Count: > 0 } m ? m.Distinct().ToList() : assigned;
        var partyIds = request.PartyIds is { Count: > 0 } p
            ? p.Distinct().ToList()
            : dispute.Parties.Select(x => x.Id).ToList();
        var errors = new Dictionary<string, string[]>();
        if (mediatorIds.Except(assigned).Any())
            errors["mediatorIds"] = ["只能安排本案的调解员"];
        if (partyIds.Except(dispute.Parties.Select(x => x.Id)).Any())
            errors["partyIds"] = ["只能选择本案的当事人"];
        var startsAt = AsUtc(request.StartsAt!.Value);
        if (TimingError(startsAt, s) is { } timing)
            errors["startsAt"] = [timing];
        if (errors.Count > 0)
            return Problems.Invalid(errors);

        var endsAt = startsAt.AddMinutes(request.DurationMinutes!.Value);
        await using var booking = await MediatorBookingLock.BeginAsync(db, s.WriteGate, mediatorIds, ct);
        if (
            await SessionScheduling.ClashAsync(db, mediatorIds, startsAt, endsAt, s.Options.Value.Buffer, null, ct) is
            { } clash
        )
            return Problems.Conflict("调解员时间冲突", clash);

        var session = new MediationSession
        {
            DisputeId = id,
            Mode = request.Mode!.Value,
            StartsAt = startsAt,
            EndsAt = endsAt,
            DurationMinutes = request.DurationMinutes.Value,
            MediatorIds = mediatorIds,
            PartyIds = partyIds,
            Location = request.Location?.Trim(),
            CreatedById = user.GetUserId(),
            CreatedAt = s.Now,
            UpdatedAt = s.Now,
            ConfirmedBy = [user.GetUserId()],
        };
        session.JoinUrl =
            session.Mode == MediationMode.Online
                ? request.JoinUrl
                    ?? s.Options.Value.JoinUrlTemplate.Replace("{sessionId}", session.Id.ToString("N"))
                        .Replace("{caseNumber}", Uri.EscapeDataString(dispute.Reference))
                : null;
        db.MediationSessions.Add(session);
        if (dispute.Status == DisputeStatus.MediatorAssigned)
            DisputeStateMachine.TryMove(
                dispute,
                DisputeStatus.InMediation,
                Claims.StaffKind,
                user.GetUserId(),
                "安排首次调解",
                s.Now
            );
        var notice = SessionScheduling.Describe(
            session,
            dispute.Reference,
            "SessionScheduled",
            "SessionChanged",
            "调解已安排",
            "已为您安排调解：",
            inAppOnly: true
        );
        foreach (var to in await SessionScheduling.RecipientsAsync(db, session, ct))
            await s.Notifier.StageAsync(to, notice, $"session-scheduled:{session.Id:N}:{to}", s.Now, ct);
        s.Audit.Record(
            "SessionScheduled",
            "MediationSession",
            session.Id,
            new
            {
                disputeId = id,
                session.Mode,
                session.StartsAt,
                session.DurationMinutes,
                mediatorIds,
            }
        );
        await db.SaveChangesAsync(ct);
        await booking.CommitAsync(ct);

        await AfterSaveAsync(session, s, ct);
        return TypedResults.Created(
            $"/api/sessions/{session.Id}",
            await SessionQueries.ToResponseAsync(db, session, ct)
        );
    }

    /// <summary>Reminder rows are written once the session is committed, then the dispatcher is armed for the
    /// earliest.</summary>
    internal static async Task AfterSaveAsync(MediationSession session, SessionServices s, CancellationToken ct)
    {
        var due = session.IsActive ? SessionScheduling.ScheduleReminders(s.Db, session, s.Options.Value, s.Now) : null;
        await s.Db.SaveChangesAsync(ct);
        await ReminderWakeup.ArmAsync(s.Db, s.Jobs, due, s.Now, ct);
    }

    internal static string? TimingError(DateTime startsAt, SessionServices s) =>
        startsAt <= s.Now ? "开始时间不能早于当前时间"
        : startsAt > s.Now + s.Options.Value.BookAhead ? $"最多提前 {(int)s.Options.Value.BookAhead.TotalDays} 天安排"
        : null;

    /// <summary>UTC, cut to whole microseconds: PostgreSQL keeps no more, and reminder jobs compare the start time
    /// exactly.</summary>
    internal static DateTime AsUtc(DateTime t)
    {
        var utc = Infrastructure.WireTime.ToUtc(t); // a query's time without an offset is Beijing time, as in bodies
        return utc.AddTicks(-(utc.Ticks % 10));
    }
}
