using Mediation.Api.Infrastructure.Idempotency;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Mediation.Api.Infrastructure.Data;

/// <summary>The one model of the service. Used as is on SQLite (its migrations live in Migrations/Sqlite);
/// <see cref="PostgresAppDbContext"/> owns the PostgreSQL migrations.</summary>
public class AppDbContext : DbContext
{
    public AppDbContext(DbContextOptions<AppDbContext> options)
        : base(options) { }

    protected AppDbContext(DbContextOptions options)
        : base(options) { }

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
        // Ids are assigned by the application (Guid v7, time-ordered); telling EF so makes a new child added
        // to a tracked parent's collection an INSERT rather than an UPDATE of a row that does not exist.
        foreach (
            var key in modelBuilder
                .Model.GetEntityTypes()
                .Select(t => t.FindPrimaryKey())
                .OfType<Microsoft.EntityFrameworkCore.Metadata.IMutableKey>()
        )
        foreach (var property in key.Properties.Where(p => p.ClrType == typeof(Guid)))
            property.ValueGenerated = Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.Never;
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configuration)
    {
        // Every DateTime is UTC in the database and comes back marked as UTC on both providers.
        configuration.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configuration.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    public override async Task<int> SaveChangesAsync(
        bool acceptAllChangesOnSuccess,
        CancellationToken cancellationToken = default
    )
    {
        var autoDetect = PrepareSave();
        try
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        var autoDetect = PrepareSave();
        try
        {
            return base.SaveChanges(acceptAllChangesOnSuccess);
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }
    }

    /// <summary>
    /// Detects changes once (reading the tracker's entries would otherwise detect them a second time before the save
    /// does) and refuses any change to the audit log, which is append-only. Returns the caller's auto-detect setting,
    /// which the save restores.
    /// </summary>
    private bool PrepareSave()
    {
        var autoDetect = ChangeTracker.AutoDetectChangesEnabled;
        if (autoDetect)
            ChangeTracker.DetectChanges();
        ChangeTracker.AutoDetectChangesEnabled = false;
        foreach (var entry in ChangeTracker.Entries<AuditEntry>())
            if (entry.State is EntityState.Modified or EntityState.Deleted)
            {
                ChangeTracker.AutoDetectChangesEnabled = autoDetect;
                throw new InvalidOperationException("The audit log is append-only.");
            }
        return autoDetect;
    }

    private sealed class UtcDateTimeConverter()
        : ValueConverter<DateTime, DateTime>(
            v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
            v => DateTime.SpecifyKind(v, DateTimeKind.Utc)
        );
}
