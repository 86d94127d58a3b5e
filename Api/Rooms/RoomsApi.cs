using Mediation.Api.Agreements;
using Mediation.Api.Auth;
using Mediation.Api.Disputes;

namespace Mediation.Api.Rooms;

public static class RoomsApi
{
    public static IEndpointRouteBuilder MapRoomsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/disputes/{id:guid}/rooms", ListRooms)
            .WithTags("Rooms")
            .RequireAuthorization()
            .Named(nameof(ListRooms), "本案的调解室（共同调解室与各方背靠背调解室）");
        var rooms = app.MapGroup("/api/rooms/{roomId:guid}").WithTags("Rooms").RequireAuthorization().WithValidation();
        rooms
            .MapGet("/messages", ListMessages)
            .Named(nameof(ListMessages), "调解室消息（按序号翻页，补取断线期间的消息）");
        rooms.MapPost("/messages", SendMessage).Named(nameof(SendMessage), "在调解室发言：文字、证据或方案");
        rooms.MapPost("/offers/{messageId:guid}/accept", AcceptOffer).Named(nameof(AcceptOffer), "接受另一方的方案");
        rooms.MapPost("/offers/{messageId:guid}/reject", RejectOffer).Named(nameof(RejectOffer), "拒绝另一方的方案");
        rooms
            .MapPost("/offers/{messageId:guid}/agreement", DraftFromOffer)
            .RequireAuthorization(Policies.Staff)
            .Named(nameof(DraftFromOffer), "以已接受的方案起草调解协议（调解员）");
        rooms
            .MapPost("/close", CloseRoom)
            .RequireAuthorization(Policies.Staff)
            .Named(nameof(CloseRoom), "关闭调解室（调解员）");
        rooms
            .MapPost("/open", OpenRoom)
            .RequireAuthorization(Policies.Staff)
            .Named(nameof(OpenRoom), "重新开放调解室（调解员）");
        rooms.MapRoomModeration();
        app.MapRoomRecords();
        return app;
    }

    /// <summary>The rooms this caller is in: a party sees the joint room and their own side's caucus room, a mediator
    /// of the case all of them. Staff who see the case otherwise (supervisors) see the list, not the talk.</summary>
    public static async Task<Results<Ok<List<RoomResponse>>, NotFound>> ListRooms(
        Guid id,
        ClaimsPrincipal user,
        AppDbContext db,
        RoomAccess access,
        TimeProvider clock,
        CancellationToken ct
    )
    {
        var visible =
            user.GetKind() == Claims.CitizenKind
                ? db.Disputes.VisibleToCitizen(user.GetUserId())
                : await db.Disputes.VisibleToStaffAsync(user, db, ct);
        var dispute = await visible
            .AsNoTracking()
            .Where(d => d.Id == id)
            .Select(d => new { d.Id, d.Status })
            .FirstOrDefaultAsync(ct);
        if (dispute is null)
            return TypedResults.NotFound();
        var rooms = await access.EnsureRoomsAsync(id, clock.GetUtcNow().UtcDateTime, ct);
        var parties = await db
            .DisputeParties.AsNoTracking()
            .Where(p => p.DisputeId == id)
            .OrderBy(p => p.Position)
            .Select(p => new
            {
                p.Id,
                p.Role,
                p.UserId,
            })
            .ToListAsync(ct);
        var roomIds = rooms.Select(r => r.Id).ToList();
        var muted = await db
            .RoomMutes.AsNoTracking()
            .Where(m => roomIds.Contains(m.RoomId) && m.UnmutedAt == null)
            .Select(m => new { m.RoomId, m.PartyId })
            .ToListAsync(ct);
        var me = user.GetUserId();
        var mySides =
            user.GetKind() == Claims.CitizenKind
                ? parties.Where(p => p.UserId == me).Select(p => p.Role).ToHashSet()
                : null;
        return TypedResults.Ok(
            rooms
                .Where(r => mySides is null || r.Kind == RoomKind.Joint || mySides.Contains(r.Side!.Value))
                .OrderBy(r => r.Kind)
                .ThenBy(r => r.Side)
                .Select(r => new RoomResponse(
                    r.Id,
                    r.Kind,
                    Name(r),
                    parties.Where(p => r.Kind == RoomKind.Joint || p.Role == r.Side).Select(p => p.Id).ToList(),
                    RoomRules.IsOpen(r, dispute.Status),
                    muted.Where(m => m.RoomId == r.Id).Select(m => m.PartyId).Distinct().ToList()
                ))
                .ToList()
        );
    }

    public static string Name(MediationRoom room) =>
        room.Side switch
        {
            null => "共同调解室",
            PartyRole.Applicant => "申请人背靠背调解室",
            PartyRole.Respondent => "被申请人背靠背调解室",
            _ => "第三人背靠背调解室",
        };

    public static async Task<Results<Ok<RoomMessagePage>, ValidationProblem, ProblemHttpResult>> ListMessages(
        Guid roomId,
        Guid? after,
        int? limit,
        ClaimsPrincipal user,
        RoomAccess access,
        RoomMessaging messaging,
        CancellationToken ct
    )
    {
        var (member, refusal) = await access.CheckAsync(roomId, user, ct);
        if (member is null)
            return refusal!.ToResult();
        if (limit is < 1 or > RoomMessaging.MaxPage)
            return Problems.Invalid("limit", $"每页条数应在1到{RoomMessaging.MaxPage}之间");
        long afterSeq = 0;
        if (after is { } messageId)
        {
            if (await messaging.SeqOfAsync(roomId, messageId, ct) is not { } seq)
                return Problems.Invalid("after", "本调解室没有这条消息");
            afterSeq = seq;
        }
        return TypedResults.Ok(
            new RoomMessagePage(await messaging.PageAsync(member, afterSeq, limit ?? RoomMessaging.DefaultPage, ct))
        );
    }

    /// <summary>Stores the message (201), or returns the one stored before under the same client id (200).</summary>
    public static async Task<
        Results<Created<RoomMessageResponse>, Ok<RoomMessageResponse>, ValidationProblem, ProblemHttpResult>
    > SendMessage(
        Guid roomId,
        SendMessageRequest request,
        HttpContext http,
        RoomMessaging messaging,
        CancellationToken ct
    )
    {
        var address = http.Connection.RemoteIpAddress?.ToString();
        var (sent, refused, errors) = await messaging.SendAsync(roomId, http.User, address, request, ct);
        if (errors is not null)
            return Problems.Invalid(errors);
        if (refused is not null)
            return refused.ToResult(http);
        return sent!.Created
            ? TypedResults.Created($"/api/rooms/{roomId}/messages?after={sent.Message.Id}", sent.Message)
            : TypedResults.Ok(sent.Message);
    }

    public static Task<Results<Ok<RoomMessageResponse>, ProblemHttpResult>> AcceptOffer(
        Guid roomId,
        Guid messageId,
        HttpContext http,
        RoomMessaging messaging,
        CancellationToken ct
    ) => AnswerAsync(roomId, messageId, true, http, messaging, ct);

    public static Task<Results<Ok<RoomMessageResponse>, ProblemHttpResult>> RejectOffer(
        Guid roomId,
        Guid messageId,
        HttpContext http,
        RoomMessaging messaging,
        CancellationToken ct
    ) => AnswerAsync(roomId, messageId, false, http, messaging, ct);

    private static async Task<Results<Ok<RoomMessageResponse>, ProblemHttpResult>> AnswerAsync(
        Guid roomId,
        Guid messageId,
        bool accept,
        HttpContext http,
        RoomMessaging messaging,
        CancellationToken ct
    )
    {
        var address = http.Connection.RemoteIpAddress?.ToString();
        var (reply, refused) = await messaging.AnswerOfferAsync(roomId, http.User, address, messageId, accept, ct);
        return reply is null ? refused!.ToResult(http) : TypedResults.Ok(reply);
    }

    /// <summary>
    /// An accepted offer seeds the agreement draft through the Agreements feature's own drafting (its checks, its audit):
    /// the terms as offered, and one obligation of the amount by its due date, from the first respondent to the
    /// applicant. The mediator edits the draft afterwards as any other.
    /// </summary>
    public static async Task<
        Results<Created<AgreementResponse>, ValidationProblem, NotFound, ProblemHttpResult>
    > DraftFromOffer(
        Guid roomId,
        Guid messageId,
        ClaimsPrincipal user,
        RoomAccess access,
        AgreementServices agreements,
        HttpContext http,
        CancellationToken ct
    )
    {
        var (member, refusal) = await access.CheckAsync(roomId, user, ct);
        if (member is null)
            return refusal!.ToResult();
        if (!member.IsMediator)
            return Problems.Forbidden("无权进行此操作", "只有本案的调解员可以起草调解协议。");
        var db = agreements.Db;
        var offer = await db
            .RoomMessages.AsNoTracking()
            .FirstOrDefaultAsync(m => m.Id == messageId && m.RoomId == roomId && m.Kind == RoomMessageKind.Offer, ct);
        if (offer is null)
            return TypedResults.NotFound();
        if (offer.OfferStatus != OfferStatus.Accepted)
            return Problems.WrongState("方案尚未被接受", "只有另一方已接受的方案才能用来起草调解协议。");
        var dispute = await db
            .Disputes.AsNoTracking()
            .Where(d => d.Id == offer.DisputeId)
            .Select(d => new { d.Facts })
            .SingleAsync(ct);
        var parties = await db
            .DisputeParties.AsNoTracking()
            .Where(p => p.DisputeId == offer.DisputeId)
            .OrderBy(p => p.Position)
            .Select(p => new { p.Id, p.Role })
            .ToListAsync(ct);
        var obligor = parties.FirstOrDefault(p => p.Role == PartyRole.Respondent)?.Id;
        var obligee = parties.FirstOrDefault(p => p.Role == PartyRole.Applicant)?.Id;
        List<ObligationInput>? obligations =
            offer.OfferAmountFen is > 0 && obligor is not null && obligee is not null
                ?
                [
                    new ObligationInput(
                        obligor,
                        obligee,
                        offer.OfferTerms,
                        offer.OfferAmountFen,
                        offer.OfferDueDate ?? agreements.Today.AddDays(30),
                        null,
                        null,
                        null
                    ),
                ]
                : null;
        var request = new AgreementRequest(
            AgreementKind.Written,
            dispute.Facts,
            "双方在调解室中协商一致。",
            offer.OfferTerms,
            false,
            obligations
        );
        // The draft passes the checks a draft sent to /agreement passes (the validation filter's, then the handler's).
        if (await http.RequestServices.ErrorsAsync(request, ct) is { } errors)
            return Problems.Invalid(errors);
        return await AgreementsApi.CreateAgreement(offer.DisputeId, request, user, agreements, ct);
    }

    public static Task<Results<Ok<RoomResponse>, ProblemHttpResult>> CloseRoom(
        Guid roomId,
        ClaimsPrincipal user,
        RoomAccess access,
        AppDbContext db,
        AuditLog audit,
        TimeProvider clock,
        IRoomBroadcaster broadcaster,
        CancellationToken ct
    ) => SetOpenAsync(roomId, false, user, access, db, audit, clock, broadcaster, ct);

    public static Task<Results<Ok<RoomResponse>, ProblemHttpResult>> OpenRoom(
        Guid roomId,
        ClaimsPrincipal user,
        RoomAccess access,
        AppDbContext db,
        AuditLog audit,
        TimeProvider clock,
        IRoomBroadcaster broadcaster,
        CancellationToken ct
    ) => SetOpenAsync(roomId, true, user, access, db, audit, clock, broadcaster, ct);

    private static async Task<Results<Ok<RoomResponse>, ProblemHttpResult>> SetOpenAsync(
        Guid roomId,
        bool open,
        ClaimsPrincipal user,
        RoomAccess access,
        AppDbContext db,
        AuditLog audit,
        TimeProvider clock,
        IRoomBroadcaster broadcaster,
        CancellationToken ct
    )
    {
        var (member, refusal) = await access.CheckAsync(roomId, user, ct);
        if (member is null)
            return refusal!.ToResult();
        if (!member.IsMediator)
            return Problems.Forbidden("无权进行此操作", "只有本案的调解员可以开放或关闭调解室。");
        if (open && !DisputeStateMachine.HoldsSessions(member.CaseStatus))
            return Problems.WrongState(
                "案件已不在调解中",
                $"案件当前状态为「{DisputeStateMachine.DisplayName(member.CaseStatus)}」，调解室不能再开放。"
            );
        var room = member.Room;
        if (open != (room.ClosedAt is null))
        {
            room.ClosedAt = open ? null : clock.GetUtcNow().UtcDateTime;
            room.ClosedById = open ? null : user.GetUserId();
            room.ClosedReason = open ? null : "调解员关闭";
            audit.Record(open ? "RoomOpened" : "RoomClosed", "MediationRoom", room.Id, new { room.DisputeId });
            await db.SaveChangesAsync(ct);
            if (!open)
                await broadcaster.ClosedAsync(room.Id, room.ClosedReason!);
        }
        return TypedResults.Ok(await RoomModeration.RoomResponseAsync(db, room, member.CaseStatus, ct));
    }
}
