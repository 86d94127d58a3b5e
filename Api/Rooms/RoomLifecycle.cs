using Mediation.Api.Disputes;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Mediation.Api.Rooms;

/// <summary>
/// A case's end ends what hangs on it: every status change writes a <see cref="DisputeStatusChange"/> row, and this
/// hook sees it in the save that commits it, whatever endpoint or job made it. A case that ends (agreed, failed,
/// withdrawn, closed, refused, lapsed, transferred or escalated) has its open rooms closed in the same transaction,
/// with the reason and an audit entry; once committed, the connected members hear <c>roomClosed</c>. A case that only
/// goes back to the queue (a mediator objected to, Accepted) keeps its rooms: they are shut while no mediator holds
/// the case (<see cref="RoomRules.IsOpen"/>) and speak again when one is assigned. A removed mediator is refused on
/// the next call anyway (membership is worked out from the case at every call, <see cref="RoomAccess"/>); here their
/// connections also leave the case's rooms once the removal is committed, so they stop hearing them at once.
/// </summary>
public sealed class RoomLifecycle(IServiceProvider services) : SaveChangesInterceptor
{
    public static bool EndsRooms(DisputeStatus status) =>
        !DisputeStateMachine.HoldsSessions(status) && status != DisputeStatus.Accepted;

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData,
        InterceptionResult<int> result,
        CancellationToken cancellationToken = default
    )
    {
        if (eventData.Context is AppDbContext db)
            await CloseAsync(db, cancellationToken);
        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is AppDbContext db)
            CloseAsync(db, CancellationToken.None).GetAwaiter().GetResult();
        return result;
    }

    private async Task CloseAsync(AppDbContext db, CancellationToken ct)
    {
        LetRemovedMediatorsGo(db);
        // A case created in this save (a filing, a registration) has no rooms yet: no round trip for it.
        var created = Sessions.SessionLifecycle.NewCases(db);
        var endings = db
            .ChangeTracker.Entries<DisputeStatusChange>()
            .Where(e => e.State == EntityState.Added && EndsRooms(e.Entity.To) && !created.Contains(e.Entity.DisputeId))
            .Select(e => e.Entity)
            .GroupBy(e => e.DisputeId)
            .ToDictionary(g => g.Key, g => g.Last());
        if (endings.Count == 0)
            return;
        var ids = endings.Keys.ToList();
        var open = await db.MediationRooms.Where(r => ids.Contains(r.DisputeId) && r.ClosedAt == null).ToListAsync(ct);
        if (open.Count == 0)
            return;
        var audit = ActivatorUtilities.CreateInstance<AuditLog>(services, db);
        foreach (var room in open)
        {
            var ending = endings[room.DisputeId];
            (room.ClosedAt, room.ClosedById, room.ClosedReason) = (
                ending.At,
                ending.ActorId,
                $"案件{DisputeStateMachine.DisplayName(ending.To)}"
            );
            audit.Record("RoomClosed", "MediationRoom", room.Id, new { room.DisputeId, caseStatus = ending.To });
        }
        var closed = open.Select(r => (r.Id, r.ClosedReason!)).ToList();
        var broadcaster = services.GetRequiredService<IRoomBroadcaster>();
        services
            .GetRequiredService<UnitOfWork>()
            .OnCommit(() =>
            {
                foreach (var (roomId, reason) in closed)
                    _ = broadcaster.ClosedAsync(roomId, reason);
            });
        db.ChangeTracker.DetectChanges();
    }

    /// <summary>A mediator removed from a case (回避, reassignment, transfer) and not assigned again in the same save
    /// stops hearing its rooms once the save is committed.</summary>
    private void LetRemovedMediatorsGo(AppDbContext db)
    {
        var assignments = db.ChangeTracker.Entries<DisputeMediator>().ToList();
        var removed = assignments
            .Where(e =>
                e.State == EntityState.Modified
                && e.Entity.RemovedAt != null
                && e.Property(m => m.RemovedAt).OriginalValue == null
            )
            .Select(e => (e.Entity.StaffUserId, e.Entity.DisputeId, e.Entity.RemovedReason))
            .Where(r =>
                !assignments.Any(a =>
                    a.Entity.RemovedAt == null
                    && a.Entity.StaffUserId == r.StaffUserId
                    && a.Entity.DisputeId == r.DisputeId
                )
            )
            .Distinct()
            .ToList();
        if (removed.Count == 0)
            return;
        var broadcaster = services.GetRequiredService<IRoomBroadcaster>();
        services
            .GetRequiredService<UnitOfWork>()
            .OnCommit(() =>
            {
                foreach (var (userId, disputeId, reason) in removed)
                    _ = broadcaster.RemovedAsync(userId, disputeId, reason ?? "您已不再承办本案");
            });
    }
}
