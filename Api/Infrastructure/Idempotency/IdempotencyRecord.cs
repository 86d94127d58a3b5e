using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mediation.Api.Infrastructure.Idempotency;

/// <summary>The first response to a (user, Idempotency-Key) pair, replayed for retries of the same request.</summary>
public sealed class IdempotencyRecord
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid UserId { get; set; }
    public required string Key { get; set; }
    public required string Operation { get; set; }
    public required string RequestHash { get; set; }
    public Guid? ResourceId { get; set; }
    public required string ResponseJson { get; set; }
    public DateTime CreatedAt { get; set; }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> e)
    {
        e.HasIndex(x => new { x.UserId, x.Key }).IsUnique();
        e.HasIndex(x => x.CreatedAt);
        e.Property(x => x.Key).HasMaxLength(100);
        e.Property(x => x.Operation).HasMaxLength(64);
        e.Property(x => x.RequestHash).HasMaxLength(64);
    }
}
