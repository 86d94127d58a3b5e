using Mediation.Api.Disputes;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mediation.Api.Evidence;

public enum EvidenceKind
{
    Photo,
    Audio,
    Video,
    Document,
    Other,
}

/// <summary>One stored file. Never edited: only a withdrawal (before acceptance) and integrity checks are recorded on
/// it.</summary>
public sealed class EvidenceItem
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid DisputeId { get; set; }
    public Guid UploadedByUserId { get; set; }
    public required string StorageKey { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public EvidenceKind Kind { get; set; }
    public long SizeBytes { get; set; }
    public required string Sha256 { get; set; }
    public string? Description { get; set; }
    public DateTime UploadedAt { get; set; }

    /// <summary>Withdrawn by the uploader before acceptance: hidden from staff; the object is kept until retention
    /// ends.</summary>
    public DateTime? WithdrawnAt { get; set; }
    public string? WithdrawnReason { get; set; }
    public DateTime? LastVerifiedAt { get; set; }

    /// <summary>Set when a verification found the stored bytes no longer match <see cref="Sha256"/> (or the object
    /// missing).</summary>
    public DateTime? IntegrityFailedAt { get; set; }
    public string? IntegrityProblem { get; set; }

    /// <summary>A file sent in one side's caucus room (背靠背): parties of that side read it, the other side's parties
    /// never do. Null: every party of the case reads it.</summary>
    public PartyRole? CaucusSide { get; set; }
}

/// <summary>A presigned direct upload handed to a phone: completed once, or removed by the cleanup after it
/// expires.</summary>
public sealed class EvidenceUpload
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid DisputeId { get; set; }
    public Guid UserId { get; set; }
    public required string StorageKey { get; set; }
    public required string FileName { get; set; }
    public long DeclaredSizeBytes { get; set; }
    public string? DeclaredContentType { get; set; }
    public string? Description { get; set; }
    public EvidenceKind? Kind { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? CompletedAt { get; set; }
    public Guid? EvidenceId { get; set; }
}

internal sealed class EvidenceItemConfiguration : IEntityTypeConfiguration<EvidenceItem>
{
    public void Configure(EntityTypeBuilder<EvidenceItem> e)
    {
        e.ToTable("EvidenceItems");
        e.Property(x => x.StorageKey).HasMaxLength(300);
        e.HasIndex(x => x.StorageKey).IsUnique();
        e.Property(x => x.FileName).HasMaxLength(200);
        e.Property(x => x.ContentType).HasMaxLength(100);
        e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Sha256).HasMaxLength(64);
        e.Property(x => x.Description).HasMaxLength(500);
        e.Property(x => x.WithdrawnReason).HasMaxLength(500);
        e.Property(x => x.IntegrityProblem).HasMaxLength(500);
        e.Property(x => x.CaucusSide).HasConversion<string>().HasMaxLength(16);
        e.HasIndex(x => new { x.DisputeId, x.UploadedAt });
        e.HasOne<Dispute>().WithMany().HasForeignKey(x => x.DisputeId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class EvidenceUploadConfiguration : IEntityTypeConfiguration<EvidenceUpload>
{
    public void Configure(EntityTypeBuilder<EvidenceUpload> e)
    {
        e.ToTable("EvidenceUploads");
        e.Property(x => x.StorageKey).HasMaxLength(300);
        e.HasIndex(x => x.StorageKey).IsUnique();
        e.Property(x => x.FileName).HasMaxLength(200);
        e.Property(x => x.DeclaredContentType).HasMaxLength(100);
        e.Property(x => x.Description).HasMaxLength(500);
        e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        e.HasIndex(x => new { x.CompletedAt, x.ExpiresAt });
        e.HasOne<Dispute>().WithMany().HasForeignKey(x => x.DisputeId).OnDelete(DeleteBehavior.Restrict);
    }
}
