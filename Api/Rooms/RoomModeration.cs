using Mediation.Api.Auth;
using Mediation.Api.Disputes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Mediation.Api.Rooms;

/// <summary>
/// The mediator keeps order in a room: mutes and unmutes a party (their sends and offer answers are refused with
/// <c>muted</c> until unmuted), and removes a message (the row is kept and marked, readers see a placeholder, the
/// removal is audited). Offers and their answers are not removed: they have outcomes and may seed the agreement.
/// </summary>
public static class RoomModeration
{
    public static void MapRoomModeration(this RouteGroupBuilder rooms)
    {
        rooms
            .MapPost("/mute", Mute)
            .RequireAuthorization(Policies.Staff)
            .Named(nameof(Mute), "在调解室中对当事人禁言（调解员）");
        rooms
            .MapPost("/unmute", Unmute)
            .RequireAuthorization(Policies.Staff)
            .Named(nameof(Unmute), "解除当事人在调解室中的禁言（调解员）");
        rooms
            .MapPost("/messages/{messageId:guid}/remove", RemoveMessage)
            .RequireAuthorization(Policies.Staff)
            .Named(nameof(RemoveMessage), "移除调解室中的一条消息（调解员，保留存档）");
    }

    public static Task<Results<Ok<RoomResponse>, ValidationProblem, ProblemHttpResult>> Mute(
        Guid roomId,
        MuteRequest request,
        ClaimsPrincipal user,
        RoomAccess access,
        AppDbContext db,
        AuditLog audit,
        TimeProvider clock,
        IRoomBroadcaster broadcaster,
        CancellationToken ct
    ) => SetMutedAsync(roomId, request, true, user, access, db, audit, clock, broadcaster, ct);

    public static Task<Results<Ok<RoomResponse>, ValidationProblem, ProblemHttpResult>> Unmute(
        Guid roomId,
        MuteRequest request,
        ClaimsPrincipal user,
        RoomAccess access,
        AppDbContext db,
        AuditLog audit,
        TimeProvider clock,
        IRoomBroadcaster broadcaster,
        CancellationToken ct
    ) => SetMutedAsync(roomId, request, false, user, access, db, audit, clock, broadcaster, ct);

    private static async Task<Results<Ok<RoomResponse>, ValidationProblem, ProblemHttpResult>> SetMutedAsync(
        Guid roomId,
        MuteRequest request,
        bool mute,
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
            return Problems.Forbidden("无权进行此操作", "只有本案的调解员可以禁言。");
        var room = member.Room;
        var party = await db
            .DisputeParties.AsNoTracking()
            .Where(p =>
                p.Id == request.PartyId && p.DisputeId == room.DisputeId && (room.Side == null || p.Role == room.Side)
            )
            .Select(p => new { p.Id, p.UserId })
            .FirstOrDefaultAsync(ct);
        if (party is null)
            return Problems.Invalid("partyId", "应为本调解室中的当事人");
        var active = await db
            .RoomMutes.Where(m => m.RoomId == room.Id && m.PartyId == party.Id && m.UnmutedAt == null)
            .ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var changed = false;
        if (mute && active.Count == 0)
        {
            db.RoomMutes.Add(
                new RoomMute
                {
                    RoomId = room.Id,
                    PartyId = party.Id,
                    UserId = party.UserId,
                    Reason = request.Reason?.Trim(),
                    MutedById = user.GetUserId(),
                    MutedAt = now,
                }
            );
            changed = true;
        }
        else if (!mute && active.Count > 0)
        {
            foreach (var m in active)
                (m.UnmutedAt, m.UnmutedById) = (now, user.GetUserId());
            changed = true;
        }
        if (changed)
        {
            audit.Record(
                mute ? "RoomParticipantMuted" : "RoomParticipantUnmuted",
                "MediationRoom",
                room.Id,
                new { partyId = party.Id, reason = request.Reason }
            );
            await db.SaveChangesAsync(ct);
            await broadcaster.EventAsync(
                room.Id,
                "muted",
                new
                {
                    roomId = room.Id,
                    partyId = party.Id,
                    muted = mute,
                }
            );
        }
        return TypedResults.Ok(await RoomResponseAsync(db, room, member.CaseStatus, ct));
    }

    public static async Task<Results<Ok<RoomMessageResponse>, ValidationProblem, ProblemHttpResult>> RemoveMessage(
        Guid roomId,
        Guid messageId,
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] RemoveMessageRequest? request,
        ClaimsPrincipal user,
        RoomAccess access,
        RoomMessaging messaging,
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
            return Problems.Forbidden("无权进行此操作", "只有本案的调解员可以移除消息。");
        var message = await db.RoomMessages.FirstOrDefaultAsync(m => m.Id == messageId && m.RoomId == roomId, ct);
        if (message is null)
            return Refusal.NotFound.ToResult();
        if (message.Kind is RoomMessageKind.Offer or RoomMessageKind.OfferAccepted or RoomMessageKind.OfferRejected)
            return Problems.WrongState(
                "方案不能移除",
                "方案及其答复关系到调解结果，不能移除；如有不当，请在调解室中说明。"
            );
        if (message.RemovedAt is null)
        {
            (message.RemovedAt, message.RemovedById, message.RemovedReason) = (
                clock.GetUtcNow().UtcDateTime,
                user.GetUserId(),
                request?.Reason?.Trim()
            );
            message.Version++;
            audit.Record(
                "RoomMessageRemoved",
                "RoomMessage",
                message.Id,
                new
                {
                    roomId,
                    message.Seq,
                    reason = request?.Reason,
                }
            );
            await db.SaveChangesAsync(ct);
            var shown = (await messaging.ResponsesAsync([message], Guid.Empty, ct))[0];
            await broadcaster.EventAsync(roomId, "messageRemoved", shown);
            return TypedResults.Ok(shown);
        }
        return TypedResults.Ok((await messaging.ResponsesAsync([message], Guid.Empty, ct))[0]);
    }

    public static async Task<RoomResponse> RoomResponseAsync(
        AppDbContext db,
        MediationRoom room,
        DisputeStatus status,
        CancellationToken ct
    )
    {
        var partyIds = await db
            .DisputeParties.AsNoTracking()
            .Where(p => p.DisputeId == room.DisputeId && (room.Side == null || p.Role == room.Side))
            .OrderBy(p => p.Position)
            .Select(p => p.Id)
            .ToListAsync(ct);
        var muted = await db
            .RoomMutes.AsNoTracking()
            .Where(m => m.RoomId == room.Id && m.UnmutedAt == null)
            .Select(m => m.PartyId)
            .Distinct()
            .ToListAsync(ct);
        return new RoomResponse(
            room.Id,
            room.Kind,
            RoomsApi.Name(room),
            partyIds,
            RoomRules.IsOpen(room, status),
            muted
        );
    }
}
