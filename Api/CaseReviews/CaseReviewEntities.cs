using Mediation.Api.Disputes;
using Mediation.Api.ReferenceData;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mediation.Api.CaseReviews;

/// <summary>One version of the review checklist (评查标准). An edit adds a version; a review keeps the version it was
/// scored against, so old scores never change meaning.</summary>
public sealed class ReviewChecklist
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public int Version { get; set; }
    public DateTime CreatedAt { get; set; }
    public Guid? CreatedById { get; set; }
    public List<ReviewChecklistItem> Items { get; set; } = [];
}

public sealed class ReviewChecklistItem
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ChecklistId { get; set; }
    public int Position { get; set; }
    public required string Code { get; set; }
    public required string Title { get; set; }
    public int MaxPoints { get; set; }
}

/// <summary>A sample of closed cases drawn by a supervisor for review (案卷评查).</summary>
public sealed class ReviewSample
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid BodyId { get; set; }
    public DateTime FromUtc { get; set; }
    public DateTime ToUtc { get; set; }
    public required string Method { get; set; }
    public string? Seed { get; set; }
    public int? Size { get; set; }
    public string? TypeCode { get; set; }
    public Guid? MediatorId { get; set; }
    public int Candidates { get; set; }
    public Guid ChecklistId { get; set; }
    public Guid CreatedById { get; set; }
    public DateTime CreatedAt { get; set; }
}

public enum CaseReviewStatus
{
    /// <summary>Drawn, not yet scored.</summary>
    Pending,
    Scored,

    /// <summary>Returned to the mediator for rectification (整改) with a deadline.</summary>
    Returned,

    /// <summary>The mediator reports the rectification done; the supervisor re-scores or accepts.</summary>
    Rectified,
    Accepted,
}

/// <summary>One case of a sample and its review.</summary>
public sealed class CaseReview
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid SampleId { get; set; }
    public Guid DisputeId { get; set; }
    public Guid BodyId { get; set; }
    public int Position { get; set; }
    public CaseReviewStatus Status { get; set; }
    public Guid ChecklistId { get; set; }
    public int? TotalPoints { get; set; }
    public int MaxPoints { get; set; }
    public string? Note { get; set; }
    public DateTime? ScoredAt { get; set; }
    public Guid? ScoredById { get; set; }
    public DateOnly? RectificationDueOn { get; set; }
    public string? RectificationReason { get; set; }
    public DateTime? ReturnedAt { get; set; }
    public int TimesReturned { get; set; }
    public DateTime? RectifiedAt { get; set; }
    public string? RectificationReply { get; set; }
    public DateTime UpdatedAt { get; set; }
    public int Version { get; set; }
    public List<CaseReviewScore> Scores { get; set; } = [];
}

public sealed class CaseReviewScore
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ReviewId { get; set; }
    public Guid ItemId { get; set; }
    public int Points { get; set; }
    public string? Note { get; set; }
}

internal sealed class CaseReviewConfiguration
    : IEntityTypeConfiguration<ReviewChecklist>,
        IEntityTypeConfiguration<ReviewChecklistItem>,
        IEntityTypeConfiguration<ReviewSample>,
        IEntityTypeConfiguration<CaseReview>,
        IEntityTypeConfiguration<CaseReviewScore>
{
    public void Configure(EntityTypeBuilder<ReviewChecklist> e)
    {
        e.ToTable("ReviewChecklists");
        e.HasIndex(x => x.Version).IsUnique();
        e.HasMany(x => x.Items).WithOne().HasForeignKey(x => x.ChecklistId).OnDelete(DeleteBehavior.Cascade);
        e.HasData(DefaultChecklist.Checklist);
    }

    public void Configure(EntityTypeBuilder<ReviewChecklistItem> e)
    {
        e.ToTable("ReviewChecklistItems");
        e.HasIndex(x => new { x.ChecklistId, x.Code }).IsUnique();
        e.Property(x => x.Code).HasMaxLength(40);
        e.Property(x => x.Title).HasMaxLength(100);
        e.HasData(DefaultChecklist.Items);
    }

    public void Configure(EntityTypeBuilder<ReviewSample> e)
    {
        e.ToTable("ReviewSamples");
        e.HasIndex(x => new { x.BodyId, x.CreatedAt });
        e.Property(x => x.Method).HasMaxLength(20);
        e.Property(x => x.Seed).HasMaxLength(64);
        e.Property(x => x.TypeCode).HasMaxLength(40);
        e.HasOne<MediationBody>().WithMany().HasForeignKey(x => x.BodyId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<ReviewChecklist>().WithMany().HasForeignKey(x => x.ChecklistId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<CaseReview> e)
    {
        e.ToTable("CaseReviews");
        e.HasIndex(x => new { x.SampleId, x.DisputeId }).IsUnique();
        e.HasIndex(x => x.DisputeId);
        e.HasIndex(x => new { x.Status, x.RectificationDueOn });
        e.HasIndex(x => new { x.BodyId, x.ScoredAt });
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        e.Property(x => x.Note).HasMaxLength(1000);
        e.Property(x => x.RectificationReason).HasMaxLength(1000);
        e.Property(x => x.RectificationReply).HasMaxLength(1000);
        e.Property(x => x.Version).IsConcurrencyToken();
        e.HasOne<ReviewSample>().WithMany().HasForeignKey(x => x.SampleId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Dispute>().WithMany().HasForeignKey(x => x.DisputeId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<ReviewChecklist>().WithMany().HasForeignKey(x => x.ChecklistId).OnDelete(DeleteBehavior.Restrict);
        e.HasMany(x => x.Scores).WithOne().HasForeignKey(x => x.ReviewId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<CaseReviewScore> e)
    {
        e.ToTable("CaseReviewScores");
        e.HasIndex(x => new { x.ReviewId, x.ItemId }).IsUnique();
        e.Property(x => x.Note).HasMaxLength(500);
        e.HasOne<ReviewChecklistItem>().WithMany().HasForeignKey(x => x.ItemId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>The seeded first version: the six headings of the Ministry's case-file review practice, 100 points in
/// all.</summary>
internal static class DefaultChecklist
{
    private static readonly Guid Id = new("0193a000-0000-7000-8000-00000000c001");

    public static readonly ReviewChecklist Checklist = new()
    {
        Id = Id,
        Version = 1,
        CreatedAt = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc),
    };

    public static readonly ReviewChecklistItem[] Items =
    [
        Item(1, "registration", "受理登记完整", 15),
        Item(2, "notification", "告知到位", 15),
        Item(3, "minutes", "调解记录完整", 20),
        Item(4, "agreement", "协议要素齐全（人民调解法第二十九条）", 20),
        Item(5, "follow-up", "回访记录", 15),
        Item(6, "archiving", "卷宗归档规范", 15),
    ];

    private static ReviewChecklistItem Item(int position, string code, string title, int max) =>
        new()
        {
            Id = new Guid($"0193a000-0000-7000-8000-00000000c1{position:D2}"),
            ChecklistId = Id,
            Position = position,
            Code = code,
            Title = title,
            MaxPoints = max,
        };
}

public static class CaseReviewTables
{
    extension(AppDbContext db)
    {
        public DbSet<ReviewChecklist> ReviewChecklists => db.Set<ReviewChecklist>();
        public DbSet<ReviewChecklistItem> ReviewChecklistItems => db.Set<ReviewChecklistItem>();
        public DbSet<ReviewSample> ReviewSamples => db.Set<ReviewSample>();
        public DbSet<CaseReview> CaseReviews => db.Set<CaseReview>();
        public DbSet<CaseReviewScore> CaseReviewScores => db.Set<CaseReviewScore>();
    }
}
