using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mediation.Api.Notifications;

/// <summary>Configuration section "Notifications".</summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>The order in which external channels are tried for a person (the in-app inbox always gets the notice
    /// too). Null or empty: WeChat, then Sms.</summary>
    public string[]? ChannelOrder { get; set; }

    /// <summary>Attempts on one channel before a message with transient errors is Failed.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Delay before the second attempt; it doubles with each further attempt, up to <see
    /// cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long one delivery attempt holds its row.</summary>
    public TimeSpan DeliveryLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>External calls (WeChat, SMS, WeCom) one delivery run makes at the same time.</summary>
    public int DeliveryParallelism { get; set; } = 16;

    public string[] EffectiveChannelOrder =>
        ChannelOrder is { Length: > 0 } order ? order : [ChannelNames.WeChat, ChannelNames.Sms];

    public TimeSpan RetryDelay(int attempts) =>
        TimeSpan.FromTicks(
            Math.Min(MaxRetryDelay.Ticks, RetryBaseDelay.Ticks * (1L << Math.Clamp(attempts - 1, 0, 20)))
        );
}

/// <summary>Where a body's staff alerts go: its WeCom group robot; and who outside the committee receives its major
/// risk reports (人民调解法 art. 25): the police liaison (派出所联络民警) and the comprehensive-governance centre (综治中心),
/// by SMS. Set by an administrator; phones encrypted.</summary>
public sealed class BodyAlertChannel
{
    public Guid BodyId { get; set; }
    public string? WeComWebhookUrl { get; set; }
    public string? PoliceLiaisonName { get; set; }
    public string? PoliceLiaisonPhoneCipher { get; set; }
    public string? GovernanceCentreName { get; set; }
    public string? GovernanceCentrePhoneCipher { get; set; }
    public DateTime UpdatedAt { get; set; }
}

internal sealed class BodyAlertChannelConfiguration : IEntityTypeConfiguration<BodyAlertChannel>
{
    public void Configure(EntityTypeBuilder<BodyAlertChannel> e)
    {
        e.ToTable("BodyAlertChannels");
        e.HasKey(x => x.BodyId);
        e.Property(x => x.WeComWebhookUrl).HasMaxLength(500);
        e.Property(x => x.PoliceLiaisonName).HasMaxLength(50);
        e.Property(x => x.GovernanceCentreName).HasMaxLength(50);
        e.HasOne<ReferenceData.MediationBody>()
            .WithMany()
            .HasForeignKey(x => x.BodyId)
            .OnDelete(DeleteBehavior.Cascade);
    }
}
