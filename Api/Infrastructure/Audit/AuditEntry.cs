using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mediation.Api.Infrastructure.Audit;

/// <summary>Append-only: the context refuses to update or delete these rows.</summary>
public sealed class AuditEntry
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public DateTime At { get; set; }
    public required string ActorKind { get; set; }
    public Guid? ActorId { get; set; }
    public required string Action { get; set; }
    public required string TargetType { get; set; }
    public string? TargetId { get; set; }
    public string? ClientAddress { get; set; }
    public required string Outcome { get; set; }
    public string? Details { get; set; }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> e)
    {
        e.Property(x => x.ActorKind).HasMaxLength(16);
        e.Property(x => x.Action).HasMaxLength(64);
        e.Property(x => x.TargetType).HasMaxLength(32);
        e.Property(x => x.TargetId).HasMaxLength(64);
        e.Property(x => x.ClientAddress).HasMaxLength(64);
        e.Property(x => x.Outcome).HasMaxLength(16);
        e.Property(x => x.Details).HasMaxLength(2000);
        e.HasIndex(x => x.At);
        e.HasIndex(x => new { x.TargetType, x.TargetId });
    }
}
