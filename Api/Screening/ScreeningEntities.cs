using Mediation.Api.ReferenceData;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mediation.Api.Screening;

/// <summary>One screening round (排查): where, when, by whom, how many households or units were visited and how many
/// disputes were found.</summary>
public sealed class ScreeningRound
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid BodyId { get; set; }
    public DateOnly On { get; set; }
    public required string Area { get; set; }
    public required string Screeners { get; set; }
    public int Visited { get; set; }
    public int DisputesFound { get; set; }
    public string? Note { get; set; }
    public Guid RecordedById { get; set; }
    public DateTime RecordedAt { get; set; }
}

/// <summary>零上报: the body declares, on purpose, that a month had no dispute. One per body and month.</summary>
public sealed class ZeroReport
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid BodyId { get; set; }

    /// <summary>The first day of the month.</summary>
    public DateOnly Month { get; set; }
    public string? Note { get; set; }
    public Guid ReportedById { get; set; }
    public DateTime ReportedAt { get; set; }
}

internal sealed class ScreeningConfiguration
    : IEntityTypeConfiguration<ScreeningRound>,
        IEntityTypeConfiguration<ZeroReport>
{
    public void Configure(EntityTypeBuilder<ScreeningRound> e)
    {
        e.ToTable("ScreeningRounds");
        e.HasIndex(x => new { x.BodyId, x.On });
        e.Property(x => x.Area).HasMaxLength(100);
        e.Property(x => x.Screeners).HasMaxLength(100);
        e.Property(x => x.Note).HasMaxLength(1000);
        e.HasOne<MediationBody>().WithMany().HasForeignKey(x => x.BodyId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<ZeroReport> e)
    {
        e.ToTable("ZeroReports");
        e.HasIndex(x => new { x.BodyId, x.Month }).IsUnique();
        e.Property(x => x.Note).HasMaxLength(500);
        e.HasOne<MediationBody>().WithMany().HasForeignKey(x => x.BodyId).OnDelete(DeleteBehavior.Restrict);
    }
}

public static class ScreeningTables
{
    extension(AppDbContext db)
    {
        public DbSet<ScreeningRound> ScreeningRounds => db.Set<ScreeningRound>();
        public DbSet<ZeroReport> ZeroReports => db.Set<ZeroReport>();
    }
}
