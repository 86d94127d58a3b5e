using Mediation.Api.Disputes;
using Mediation.Api.ReferenceData;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mediation.Api.Screening;

public enum GridReportUrgency
{
    /// <summary>一般</summary>
    Normal,

    /// <summary>紧急: may escalate soon.</summary>
    Urgent,

    /// <summary>特急: violence or a crowd is imminent.</summary>
    Critical,
}

public enum GridReportStatus
{
    /// <summary>待处理: in the village clerk's inbox.</summary>
    Open,

    /// <summary>已立案: registered as an initiative case (主动调解).</summary>
    Converted,

    /// <summary>已并案: joined to a case that already exists.</summary>
    Merged,

    /// <summary>已就地化解: settled on the spot, with its outcome.</summary>
    Settled,

    /// <summary>不予处理: dismissed with a reason.</summary>
    Dismissed,
}

/// <summary>
/// A dispute a grid worker (网格员) found in the field (排查) and passed on: not a case. The village clerk turns it into
/// an initiative case, merges it into one that exists, records that it was settled on the spot, or dismisses it.
/// </summary>
public sealed class GridReport
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid BodyId { get; set; }
    public Guid ReportedById { get; set; }

    /// <summary>The phone's id for this report: sending it twice (a weak network) stores it once.</summary>
    public Guid ClientId { get; set; }
    public DateTime ReportedAt { get; set; }
    public required string Place { get; set; }
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }
    public required string Account { get; set; }
    public GridReportUrgency Urgency { get; set; }
    public List<GridReportParty> Parties { get; set; } = [];
    public List<GridReportPhoto> Photos { get; set; } = [];

    public GridReportStatus Status { get; set; }
    public Guid? HandledById { get; set; }
    public DateTime? HandledAt { get; set; }

    /// <summary>The case it became or joined.</summary>
    public Guid? CaseId { get; set; }

    /// <summary>The outcome of an on-the-spot settlement, or why it was dismissed.</summary>
    public string? Resolution { get; set; }
    public int Version { get; set; }
}

/// <summary>A party as far as the grid worker knows them: a name, perhaps a phone (encrypted), which side.</summary>
public sealed class GridReportParty
{
    public required string Name { get; set; }
    public string? PhoneCipher { get; set; }
    public string? Side { get; set; }
}

/// <summary>A photo taken at the scene, kept in the evidence store under <c>grid-reports/</c>; it joins the case's
/// evidence when the report becomes or joins a case.</summary>
public sealed class GridReportPhoto
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ReportId { get; set; }
    public required string StorageKey { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long SizeBytes { get; set; }
    public required string Sha256 { get; set; }
    public DateTime UploadedAt { get; set; }
}

internal sealed class GridReportConfiguration
    : IEntityTypeConfiguration<GridReport>,
        IEntityTypeConfiguration<GridReportPhoto>
{
    public void Configure(EntityTypeBuilder<GridReport> e)
    {
        e.ToTable("GridReports");
        e.HasIndex(x => new { x.ReportedById, x.ClientId }).IsUnique();
        e.HasIndex(x => new
        {
            x.BodyId,
            x.Status,
            x.ReportedAt,
        });
        e.Property(x => x.Place).HasMaxLength(200);
        e.Property(x => x.Account).HasMaxLength(2000);
        e.Property(x => x.Urgency).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Resolution).HasMaxLength(1000);
        e.Property(x => x.Version).IsConcurrencyToken();
        e.OwnsMany(
            x => x.Parties,
            p =>
            {
                p.ToJson();
            }
        );
        e.HasMany(x => x.Photos).WithOne().HasForeignKey(p => p.ReportId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<MediationBody>().WithMany().HasForeignKey(x => x.BodyId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Dispute>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<GridReportPhoto> e)
    {
        e.ToTable("GridReportPhotos");
        e.Property(x => x.StorageKey).HasMaxLength(300);
        e.HasIndex(x => x.StorageKey).IsUnique();
        e.Property(x => x.FileName).HasMaxLength(200);
        e.Property(x => x.ContentType).HasMaxLength(100);
        e.Property(x => x.Sha256).HasMaxLength(64);
    }
}

public static class GridReportTables
{
    extension(AppDbContext db)
    {
        public DbSet<GridReport> GridReports => db.Set<GridReport>();
        public DbSet<GridReportPhoto> GridReportPhotos => db.Set<GridReportPhoto>();
    }
}
