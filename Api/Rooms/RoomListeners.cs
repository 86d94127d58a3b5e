using System.Collections.Concurrent;

namespace Mediation.Api.Rooms;

/// <summary>
/// Which connections of this process listen to which rooms, so that a mediator removed from a case stops hearing its
/// rooms at once rather than at the next call (<see cref="RoomLifecycle"/>). Membership itself is never read from
/// here: every join and send asks <see cref="RoomAccess"/>.
/// </summary>
public sealed class RoomListeners
{
    private sealed record Listener(Guid UserId, ConcurrentDictionary<Guid, Guid> RoomsToCases);

    private readonly ConcurrentDictionary<string, Listener> connections = new();

    public void Joined(string connectionId, Guid userId, Guid roomId, Guid disputeId) =>
        connections.GetOrAdd(connectionId, _ => new Listener(userId, new())).RoomsToCases[roomId] = disputeId;

    public void Left(string connectionId, Guid roomId)
    {
        if (connections.TryGetValue(connectionId, out var listener))
            listener.RoomsToCases.TryRemove(roomId, out _);
    }

    public void Disconnected(string connectionId) => connections.TryRemove(connectionId, out _);

    /// <summary>The connections of <paramref name="userId"/> in the rooms of one case, and the room of each.</summary>
    public List<(string ConnectionId, Guid RoomId)> Of(Guid userId, Guid disputeId) =>
        connections
            .Where(c => c.Value.UserId == userId)
            .SelectMany(c => c.Value.RoomsToCases.Where(r => r.Value == disputeId).Select(r => (c.Key, r.Key)))
            .ToList();
}
