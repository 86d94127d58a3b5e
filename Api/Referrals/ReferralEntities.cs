using Mediation.Api.Disputes;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mediation.Api.Referrals;

/// <summary>How a referred case ended, as the referrer is told.</summary>
public enum ReferralResult
{
    /// <summary>调解成功：an agreement took effect.</summary>
    Agreed,

    /// <summary>调解不成 (调解终止).</summary>
    Failed,

    /// <summary>The applicant withdrew (撤回申请).</summary>
    Withdrawn,

    /// <summary>The body refused to mediate (不予受理).</summary>
    Refused,
}

/// <summary>
/// The 调解结果告知函 of a referred case: what the referrer (court, police, procuratorate, petition office, government)
/// hears when the case ends. One per ending status change (a failed case referred up and ended again gets a second
/// one); never edited.
/// </summary>
public sealed class ResultNotice
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid DisputeId { get; set; }

    /// <summary>The status change that ended the case: one notice per ending, however often the save hook runs.</summary>
    public Guid StatusChangeId { get; set; }
    public Guid BodyId { get; set; }
    public required string CaseNumber { get; set; }
    public DisputeSource Source { get; set; }
    public required string UnitName { get; set; }
    public string? DocumentNumber { get; set; }
    public DateOnly ReceivedOn { get; set; }
    public ReferralResult Result { get; set; }
    public DateTime EndedAt { get; set; }
    public string? Reason { get; set; }
    public string? AgreementNumber { get; set; }

    /// <summary>SHA-256 (hex) of the agreement text the parties confirmed (what a court checks for 司法确认).</summary>
    public string? AgreementSha256 { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>The referral-result outbox: one row per notice pushed to the referrer's endpoint. The row's id is its
/// Idempotency-Key; the payload is built from the notice and the case when it is sent, so no plain ID number is stored
/// here.</summary>
public sealed class ResultNoticePush : IPushRow
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ResultNoticeId { get; set; }
    public Guid DisputeId { get; set; }

    /// <summary>The configured endpoint's URL (its secret stays in configuration).</summary>
    public required string Endpoint { get; set; }
    public PushStatus Status { get; set; } = PushStatus.Pending;
    public int Attempts { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public DateTime? LockedUntil { get; set; }
    public string? LastError { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? SentAt { get; set; }
}

internal sealed class ReferralConfiguration
    : IEntityTypeConfiguration<ResultNotice>,
        IEntityTypeConfiguration<ResultNoticePush>
{
    public void Configure(EntityTypeBuilder<ResultNotice> e)
    {
        e.ToTable("ResultNotices");
        e.HasIndex(x => x.StatusChangeId).IsUnique();
        e.HasIndex(x => x.DisputeId);
        e.Property(x => x.CaseNumber).HasMaxLength(64);
        e.Property(x => x.Source).HasConversion<string>().HasMaxLength(32);
        e.Property(x => x.UnitName).HasMaxLength(100);
        e.Property(x => x.DocumentNumber).HasMaxLength(64);
        e.Property(x => x.Result).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Reason).HasMaxLength(1000);
        e.Property(x => x.AgreementNumber).HasMaxLength(64);
        e.Property(x => x.AgreementSha256).HasMaxLength(64);
        e.HasOne<Dispute>().WithMany().HasForeignKey(x => x.DisputeId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<ResultNoticePush> e)
    {
        e.ToTable("ResultNoticePushes");
        e.HasIndex(x => x.ResultNoticeId).IsUnique();
        e.HasIndex(x => new { x.Status, x.NextAttemptAt });
        e.Property(x => x.Endpoint).HasMaxLength(500);
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.LastError).HasMaxLength(500);
        e.HasOne<ResultNotice>().WithMany().HasForeignKey(x => x.ResultNoticeId).OnDelete(DeleteBehavior.Cascade);
    }
}
