using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mediation.Api.Notifications;

/// <summary>
/// How many subscribe messages of one template we may still send to one citizen: each accepted one-time consent
/// allows exactly one. Both the mini-program (what wx.requestSubscribeMessage returned) and WeChat's push
/// (subscribe_msg_popup_event) report the same accept; an accept from one source within <see cref="MatchWindow"/>
/// of an unmatched one from the other is the same consent and is counted once.
/// </summary>
public sealed class SubscriptionConsent
{
    public static readonly TimeSpan MatchWindow = TimeSpan.FromMinutes(10);

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid UserId { get; set; }
    public required string TemplateId { get; set; }
    public int Remaining { get; set; }
    public int UnmatchedClientAccepts { get; set; }
    public DateTime? LastClientAcceptAt { get; set; }
    public int UnmatchedPushAccepts { get; set; }
    public DateTime? LastPushAcceptAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>Concurrency token: counts are read-modify-write, so a concurrent change fails instead of being
    /// lost.</summary>
    public int Version { get; set; }

    public void AcceptedByClient(DateTime now)
    {
        if (LastPushAcceptAt is { } push && now - push <= MatchWindow && UnmatchedPushAccepts > 0)
            UnmatchedPushAccepts--;
        else
        {
            if (LastClientAcceptAt is not { } last || now - last > MatchWindow)
                UnmatchedClientAccepts = 0;
            Remaining++;
            UnmatchedClientAccepts++;
            LastClientAcceptAt = now;
        }
        UpdatedAt = now;
        Version++;
    }

    public void AcceptedByPush(DateTime now)
    {
        if (LastClientAcceptAt is { } client && now - client <= MatchWindow && UnmatchedClientAccepts > 0)
            UnmatchedClientAccepts--;
        else
        {
            if (LastPushAcceptAt is not { } last || now - last > MatchWindow)
                UnmatchedPushAccepts = 0;
            Remaining++;
            UnmatchedPushAccepts++;
            LastPushAcceptAt = now;
        }
        UpdatedAt = now;
        Version++;
    }

    /// <summary>The user switched the template off, or WeChat answered 43101: nothing more may be sent.</summary>
    public void Revoked(DateTime now)
    {
        Remaining = 0;
        UnmatchedClientAccepts = 0;
        UnmatchedPushAccepts = 0;
        UpdatedAt = now;
        Version++;
    }
}

/// <summary>A push already handled (WeChat re-sends when it gets no answer in 5 s).</summary>
public sealed class WeChatPushReceipt
{
    public required string Key { get; set; }
    public DateTime ReceivedAt { get; set; }
}

internal sealed class SubscriptionConsentConfiguration : IEntityTypeConfiguration<SubscriptionConsent>
{
    public void Configure(EntityTypeBuilder<SubscriptionConsent> e)
    {
        e.ToTable("SubscriptionConsents");
        e.HasIndex(x => new { x.UserId, x.TemplateId }).IsUnique();
        e.Property(x => x.TemplateId).HasMaxLength(64);
        e.Property(x => x.Version).IsConcurrencyToken();
        e.HasOne<Auth.CitizenUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WeChatPushReceiptConfiguration : IEntityTypeConfiguration<WeChatPushReceipt>
{
    public void Configure(EntityTypeBuilder<WeChatPushReceipt> e)
    {
        e.ToTable("WeChatPushReceipts");
        e.HasKey(x => x.Key);
        e.Property(x => x.Key).HasMaxLength(160);
        e.HasIndex(x => x.ReceivedAt);
    }
}
