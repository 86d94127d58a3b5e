using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Mediation.Api.Rooms;

/// <summary>
/// Live delivery at <c>/hubs/mediation</c>. Joining and every send are checked against the case as it is now (<see
/// cref="RoomAccess"/>), so a removed mediator or an ended case is refused on the next call whatever the connection
/// was allowed before. Messages go through <see cref="RoomMessaging"/>: stored first, then broadcast to the room's
/// group.
/// </summary>
[Authorize]
public sealed class MediationHub(
    RoomAccess access,
    RoomMessaging messaging,
    RoomListeners listeners,
    IServiceProvider services
) : Hub
{
    public const string Path = "/hubs/mediation";

    public static string Group(Guid roomId) => $"room:{roomId:N}";

    public async Task JoinRoom(Guid roomId)
    {
        var member = await MemberAsync(roomId);
        await Groups.AddToGroupAsync(Context.ConnectionId, Group(roomId), Context.ConnectionAborted);
        listeners.Joined(Context.ConnectionId, member.UserId, roomId, member.Room.DisputeId);
        await Clients
            .OthersInGroup(Group(roomId))
            .SendAsync(
                "presence",
                new
                {
                    roomId,
                    member.Role,
                    member.Name,
                    online = true,
                },
                Context.ConnectionAborted
            );
    }

    /// <summary>The same send as <c>POST /api/rooms/{roomId}/messages</c>: the same validation, membership, open room
    /// and rate limit (<see cref="RoomMessaging"/>). A refusal is a HubException whose message starts with the problem
    /// code ("room-closed: …", "too-many-requests: …").</summary>
    public async Task<RoomMessageResponse> SendMessage(Guid roomId, SendMessageRequest request)
    {
        var ct = Context.ConnectionAborted;
        if (await services.ErrorsAsync(request, ct) is { } invalid)
            throw new HubException(
                $"{Problems.Codes.Validation}: {string.Join("；", invalid.SelectMany(e => e.Value))}"
            );
        var address = Context.GetHttpContext()?.Connection.RemoteIpAddress?.ToString();
        var (sent, refusal, fieldErrors) = await messaging.SendAsync(roomId, Context.User!, address, request, ct);
        if (fieldErrors is not null)
            throw new HubException(
                $"{Problems.Codes.Validation}: {string.Join("；", fieldErrors.SelectMany(e => e.Value))}"
            );
        if (refusal is not null)
        {
            // A muted participant still hears the room; one who may no longer be in it stops hearing it.
            if (refusal.Status is 403 or 404 && refusal.Code != RoomRules.MutedCode)
                await LeaveAsync(roomId);
            throw new HubException(refusal.ToHubMessage());
        }
        return sent!.Message;
    }

    public async Task Typing(Guid roomId)
    {
        var member = await MemberAsync(roomId);
        await Clients
            .OthersInGroup(Group(roomId))
            .SendAsync(
                "typing",
                new
                {
                    roomId,
                    member.Role,
                    member.Name,
                },
                Context.ConnectionAborted
            );
    }

    private async Task<Participant> MemberAsync(Guid roomId)
    {
        var (member, refusal) = await access.CheckAsync(roomId, Context.User!, Context.ConnectionAborted);
        if (member is null)
        {
            await LeaveAsync(roomId);
            throw new HubException(refusal!.ToHubMessage());
        }
        return member;
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        listeners.Disconnected(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }

    /// <summary>A connection that may no longer speak in a room stops hearing it too.</summary>
    private async Task LeaveAsync(Guid roomId)
    {
        listeners.Left(Context.ConnectionId, roomId);
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, Group(roomId), CancellationToken.None);
    }
}

internal sealed class HubBroadcaster(IHubContext<MediationHub> hub, RoomListeners listeners) : IRoomBroadcaster
{
    public Task MessageAsync(RoomMessageResponse message, CancellationToken ct) =>
        hub.Clients.Group(MediationHub.Group(message.RoomId)).SendAsync("message", message, CancellationToken.None);

    public async Task RemovedAsync(Guid userId, Guid disputeId, string reason)
    {
        foreach (var (connectionId, roomId) in listeners.Of(userId, disputeId))
        {
            listeners.Left(connectionId, roomId);
            await hub.Groups.RemoveFromGroupAsync(connectionId, MediationHub.Group(roomId));
            await hub.Clients.Client(connectionId).SendAsync("roomLeft", new { roomId, reason });
        }
    }

    public Task EventAsync(Guid roomId, string name, object payload) =>
        hub.Clients.Group(MediationHub.Group(roomId)).SendAsync(name, payload, CancellationToken.None);

    public Task ClosedAsync(Guid roomId, string reason) =>
        hub.Clients.Group(MediationHub.Group(roomId)).SendAsync("roomClosed", new { roomId, reason });
}
