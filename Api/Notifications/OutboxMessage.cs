using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mediation.Api.Notifications;

public enum OutboxStatus
{
    Pending,
    Sent,

    /// <summary>Every attempt failed, or the last channel refused it for good: an administrator may retry.</summary>
    Failed,

    /// <summary>No longer wanted (the session it reminded of moved or was cancelled).</summary>
    Cancelled,

    /// <summary>This channel refused it for good and the next channel in the person's order took over.</summary>
    FellBack,
}

public static class ChannelNames
{
    public const string WeChat = "WeChat";
    public const string Sms = "Sms";
    public const string WeCom = "WeCom";

    /// <summary>The inbox row itself: delivered when written.</summary>
    public const string InApp = "InApp";
    public static readonly string[] External = [WeChat, Sms, WeCom];
}

/// <summary>Who a message is for. Kinds: citizen (an account), staff, party (a party without an account: SMS only),
/// body (the body's WeCom group).</summary>
public sealed record Recipient(string Kind, Guid Id)
{
    public const string Party = "party";
    public const string Body = "body";

    /// <summary>The police liaison of the body <see cref="Id"/> names (SMS only).</summary>
    public const string PoliceLiaison = "police";

    /// <summary>The comprehensive-governance centre set for the body <see cref="Id"/> names (SMS only).</summary>
    public const string GovernanceCentre = "governance";

    public static Recipient Citizen(Guid id) => new(Notification.Citizen, id);

    public static Recipient Staff(Guid id) => new(Notification.Staff, id);

    public override string ToString() => $"{Kind}:{Id}";
}

/// <summary>
/// One message on one channel. The notice's first row carries the caller's dedupe key as is (unique), so the same
/// notice staged twice (a job run twice) fails to insert and is sent once; rows for further channels add "/channel".
/// </summary>
public sealed class OutboxMessage
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid? NotificationId { get; set; }
    public required string RecipientKind { get; set; }
    public Guid RecipientId { get; set; }
    public required string Channel { get; set; }

    /// <summary>The template name under WeChat:Templates (SessionReminder, SessionChanged, ...).</summary>
    public required string Template { get; set; }
    public required string Kind { get; set; }

    /// <summary>JSON of <see cref="NoticePayload"/>.</summary>
    public required string Payload { get; set; }
    public required string NoticeKey { get; set; }
    public required string DedupeKey { get; set; }

    /// <summary>Channels still to try, comma-separated, if this one refuses the message for good.</summary>
    public string? Fallback { get; set; }
    public Guid? CaseId { get; set; }
    public Guid? SessionId { get; set; }
    public OutboxStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTime NextAttemptAt { get; set; }

    /// <summary>A delivery in progress holds the row until then, so two job runs cannot both send it.</summary>
    public DateTime? LockedUntil { get; set; }
    public string? LastError { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? SentAt { get; set; }
}

/// <param name="Fields">Our field names (title, caseNumber, startsAt, place, mode, note) → values, mapped to a template's keywords by WeChat:Templates.</param>
public sealed record NoticePayload(string Title, string Body, Dictionary<string, string> Fields);

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> e)
    {
        e.ToTable("OutboxMessages");
        e.HasIndex(x => x.DedupeKey).IsUnique();
        e.HasIndex(x => x.NoticeKey);
        e.HasIndex(x => new { x.Status, x.NextAttemptAt });
        e.HasIndex(x => x.SessionId);
        e.Property(x => x.RecipientKind).HasMaxLength(16);
        e.Property(x => x.Channel).HasMaxLength(16);
        e.Property(x => x.Template).HasMaxLength(48);
        e.Property(x => x.Kind).HasMaxLength(48);
        e.Property(x => x.NoticeKey).HasMaxLength(200);
        e.Property(x => x.DedupeKey).HasMaxLength(220);
        e.Property(x => x.Fallback).HasMaxLength(100);
        e.Property(x => x.LastError).HasMaxLength(500);
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
    }
}
