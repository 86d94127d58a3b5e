using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mediation.Api.Auth;

/// <summary>
/// What a mediator handles and how much: the dispute types they take (empty = every type) and the most open cases at
/// once. The ID number (encrypted, with a keyed hash) lets intake refuse a mediator who is a party to the case.
/// </summary>
public sealed class MediatorProfile
{
    public Guid StaffUserId { get; set; }
    public List<string> TypeCodes { get; set; } = [];
    public int MaxOpenCases { get; set; } = DefaultMaxOpenCases;
    public string? IdNumberCipher { get; set; }
    public string? IdNumberHash { get; set; }

    /// <summary>Keyed hash of the secret in the mediator's calendar-feed URL; rotating it cuts off every old
    /// subscription.</summary>
    public string? CalendarTokenHash { get; set; }

    public const int DefaultMaxOpenCases = 20;
}

internal sealed class MediatorProfileConfiguration : IEntityTypeConfiguration<MediatorProfile>
{
    public void Configure(EntityTypeBuilder<MediatorProfile> e)
    {
        e.ToTable("MediatorProfiles");
        e.HasKey(x => x.StaffUserId);
        e.PrimitiveCollection(x => x.TypeCodes);
        e.Property(x => x.IdNumberHash).HasMaxLength(64);
        e.HasIndex(x => x.IdNumberHash);
        e.Property(x => x.CalendarTokenHash).HasMaxLength(64);
        e.HasIndex(x => x.CalendarTokenHash).IsUnique();
        e.HasOne<Auth.StaffUser>().WithMany().HasForeignKey(x => x.StaffUserId).OnDelete(DeleteBehavior.Cascade);
    }
}
