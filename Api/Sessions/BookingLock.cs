using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mediation.Api.Sessions;

/// <summary>
/// One row per mediator that every booking of that mediator updates first, inside its transaction. The clash check then
/// reads under that lock: on PostgreSQL a second booking of the same mediator waits on the row until the first commits
/// and then sees its session; on SQLite the update takes the database's write lock before anything is read. Without it,
/// two bookings could both read "no clash" and both insert.
/// </summary>
public sealed class MediatorBookingLock
{
    public Guid StaffUserId { get; set; }
    public long Bookings { get; set; }

    /// <summary>Makes sure the rows exist; call before anything else is changed on the context, outside the booking's
    /// transaction.</summary>
    public static async Task EnsureAsync(AppDbContext db, IReadOnlyCollection<Guid> mediatorIds, CancellationToken ct)
    {
        var ids = mediatorIds.ToList();
        var existing = await db
            .MediatorBookingLocks.Where(l => ids.Contains(l.StaffUserId))
            .Select(l => l.StaffUserId)
            .ToListAsync(ct);
        foreach (var id in ids.Except(existing))
        {
            var row = db.MediatorBookingLocks.Add(new MediatorBookingLock { StaffUserId = id });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Inserted by a concurrent booking of the same mediator.
            }
            row.State = EntityState.Detached;
        }
    }

    /// <summary>Starts a booking of these mediators: their lock rows exist, this process's SQLite writers queue, the
    /// transaction has begun and holds the rows. Check for clashes after this, then save and commit.</summary>
    public static async Task<Booking> BeginAsync(
        AppDbContext db,
        SqliteWriteGate gate,
        IReadOnlyCollection<Guid> mediatorIds,
        CancellationToken ct
    )
    {
        await EnsureAsync(db, mediatorIds, ct);
        var writing = await gate.EnterAsync(ct);
        try
        {
            var tx = await db.Database.BeginTransactionAsync(ct);
            await TakeAsync(db, mediatorIds, ct);
            return new Booking(writing, tx);
        }
        catch
        {
            writing.Dispose();
            throw;
        }
    }

    public sealed class Booking(IDisposable writing, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction tx)
        : IAsyncDisposable
    {
        public Task CommitAsync(CancellationToken ct) => tx.CommitAsync(ct);

        public async ValueTask DisposeAsync()
        {
            await tx.DisposeAsync();
            writing.Dispose();
        }
    }

    /// <summary>Call first thing in the booking's transaction, in a fixed order so that two bookings never wait on each
    /// other crosswise.</summary>
    public static async Task TakeAsync(AppDbContext db, IReadOnlyCollection<Guid> mediatorIds, CancellationToken ct)
    {
        foreach (var id in mediatorIds.Order())
            await db
                .MediatorBookingLocks.Where(l => l.StaffUserId == id)
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.Bookings, l => l.Bookings + 1), ct);
    }
}

internal sealed class MediatorBookingLockConfiguration : IEntityTypeConfiguration<MediatorBookingLock>
{
    public void Configure(EntityTypeBuilder<MediatorBookingLock> e)
    {
        e.ToTable("MediatorBookingLocks");
        e.HasKey(x => x.StaffUserId);
        e.HasOne<Auth.StaffUser>().WithMany().HasForeignKey(x => x.StaffUserId).OnDelete(DeleteBehavior.Cascade);
    }
}
