using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mediation.Api.Auth;

/// <summary>A mini-program user, identified by the WeChat openid of our app.</summary>
public sealed class CitizenUser
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string OpenId { get; set; }
    public string? UnionId { get; set; }

    /// <summary>Verified phone number (from WeChat's getPhoneNumber), encrypted.</summary>
    public string? PhoneCipher { get; set; }
    public string? PhoneHash { get; set; }
    public DateTime? PhoneVerifiedAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime LastLoginAt { get; set; }
}

public sealed class StaffUser
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Username { get; set; }
    public required string PasswordHash { get; set; }
    public required string DisplayName { get; set; }
    public string? PhoneCipher { get; set; }
    public string? PhoneHash { get; set; }
    public List<string> Roles { get; set; } = [];

    /// <summary>The body the staff member works for; null only for administrators of the whole platform.</summary>
    public Guid? BodyId { get; set; }
    public bool Active { get; set; } = true;
    public int FailedLoginCount { get; set; }
    public DateTime? LockedUntil { get; set; }
    public DateTime CreatedAt { get; set; }
}

internal sealed class CitizenUserConfiguration : IEntityTypeConfiguration<CitizenUser>
{
    public void Configure(EntityTypeBuilder<CitizenUser> e)
    {
        e.ToTable("CitizenUsers");
        e.HasIndex(x => x.OpenId).IsUnique();
        e.HasIndex(x => x.PhoneHash);
        e.Property(x => x.OpenId).HasMaxLength(64);
        e.Property(x => x.UnionId).HasMaxLength(64);
        e.Property(x => x.PhoneHash).HasMaxLength(64);
    }
}

internal sealed class StaffUserConfiguration : IEntityTypeConfiguration<StaffUser>
{
    public void Configure(EntityTypeBuilder<StaffUser> e)
    {
        e.ToTable("StaffUsers");
        e.HasIndex(x => x.Username).IsUnique();
        e.HasIndex(x => x.PhoneHash);
        e.Property(x => x.Username).HasMaxLength(64);
        e.Property(x => x.DisplayName).HasMaxLength(50);
        e.Property(x => x.PhoneHash).HasMaxLength(64);
        e.PrimitiveCollection(x => x.Roles);
        e.HasOne<ReferenceData.MediationBody>()
            .WithMany()
            .HasForeignKey(x => x.BodyId)
            .OnDelete(DeleteBehavior.Restrict);
    }
}
