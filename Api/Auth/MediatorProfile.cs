using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mediation.Api.Auth;

/// <summary>
/// What a mediator handles and how much: the dispute types they take (empty = every type) and the most open cases at
/// once. The ID number (encrypted, with a keyed hash) lets intake refuse a mediator who is a party to the case.
/// The register (名册) fields below are what citizens see in the directory (Mediators feature), except the
/// certificate number, which only staff see.
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

    /// <summary>专职 (true) or 兼职 (false); unknown until the register is filled in.</summary>
    public bool? FullTime { get; set; }
    public MediatorLevel? Level { get; set; }

    /// <summary>持证上岗: the certificate's number and last valid day (China date). A mediator whose recorded
    /// certificate has expired leaves the directory.</summary>
    public string? CertificateNumber { get; set; }
    public DateOnly? CertificateValidUntil { get; set; }

    /// <summary>Languages or dialects spoken besides Mandarin, e.g. 胶东话.</summary>
    public List<string> Languages { get; set; } = [];

    /// <summary>Bodies served besides the staff account's own body (a town mediator who also sits in a village
    /// committee).</summary>
    public List<Guid> ServedBodyIds { get; set; } = [];

    /// <summary>Last day of the term of appointment (China date); after it the mediator leaves the directory.</summary>
    public DateOnly? TermEndsOn { get; set; }

    /// <summary>Public: shown to citizens in the directory.</summary>
    public string? Introduction { get; set; }

    /// <summary>The year the mediator began mediating; the directory shows the years since.</summary>
    public int? ServingSince { get; set; }

    /// <summary>The public photo (optional): its object-store key, type and SHA-256, set by administrators and
    /// supervisors. Anyone reads it only through the API, and only while the mediator is in the directory.</summary>
    public string? PhotoKey { get; set; }
    public string? PhotoContentType { get; set; }
    public string? PhotoSha256 { get; set; }

    public const int DefaultMaxOpenCases = 20;
    public const int MaxIntroductionLength = 500;
}

/// <summary>等级: 首席, 一级 to 四级 (the grades most provinces' 人民调解员等级评定 use).</summary>
public enum MediatorLevel
{
    Chief,
    First,
    Second,
    Third,
    Fourth,
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
        e.Property(x => x.Level).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.CertificateNumber).HasMaxLength(64);
        e.PrimitiveCollection(x => x.Languages);
        e.PrimitiveCollection(x => x.ServedBodyIds);
        e.Property(x => x.Introduction).HasMaxLength(MediatorProfile.MaxIntroductionLength);
        e.Property(x => x.PhotoKey).HasMaxLength(200);
        e.Property(x => x.PhotoContentType).HasMaxLength(32);
        e.Property(x => x.PhotoSha256).HasMaxLength(64);
        e.HasOne<Auth.StaffUser>().WithMany().HasForeignKey(x => x.StaffUserId).OnDelete(DeleteBehavior.Cascade);
    }
}
