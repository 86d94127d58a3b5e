using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mediation.Api.ReferenceData;

/// <summary>One entry of the versioned list of dispute types (Ministry of Justice statistics list plus local
/// additions).</summary>
public sealed class DisputeType
{
    public required string Code { get; set; }
    public required string Name { get; set; }
    public required string ListVersion { get; set; }
    public int SortOrder { get; set; }
    public bool Active { get; set; } = true;
}

public enum BodyLevel
{
    Village,
    Town,
    County,
    City,
}

public enum BodyKind
{
    PeoplesMediationCommittee,
    CreditMediationStation,
    TradeCommittee,
}

public sealed class MediationBody
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Code { get; set; }
    public required string Name { get; set; }
    public BodyLevel Level { get; set; }
    public BodyKind Kind { get; set; }
    public Guid? ParentId { get; set; }

    /// <summary>Administrative area the body serves, e.g. 山东省威海市文登区张家产镇; used to infer a body from a place.</summary>
    public string Region { get; set; } = "";
    public bool Active { get; set; } = true;
}

internal sealed class DisputeTypeConfiguration : IEntityTypeConfiguration<DisputeType>
{
    public void Configure(EntityTypeBuilder<DisputeType> e)
    {
        e.ToTable("DisputeTypes");
        e.HasKey(x => x.Code);
        e.Property(x => x.Code).HasMaxLength(32);
        e.Property(x => x.Name).HasMaxLength(50);
        e.Property(x => x.ListVersion).HasMaxLength(32);
    }
}

internal sealed class MediationBodyConfiguration : IEntityTypeConfiguration<MediationBody>
{
    public void Configure(EntityTypeBuilder<MediationBody> e)
    {
        e.ToTable("Bodies");
        e.HasIndex(x => x.Code).IsUnique();
        e.Property(x => x.Code).HasMaxLength(32);
        e.Property(x => x.Name).HasMaxLength(100);
        e.Property(x => x.Region).HasMaxLength(200);
        e.Property(x => x.Level).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(32);
        e.HasOne<MediationBody>().WithMany().HasForeignKey(x => x.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}
