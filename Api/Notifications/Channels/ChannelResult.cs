namespace Mediation.Api.Notifications.Channels;

public enum DeliveryOutcome
{
    Delivered,

    /// <summary>Worth trying again later (busy, rate-limited, unreachable).</summary>
    Transient,

    /// <summary>Will never succeed as is (bad address, refused content, no consent): move to the next
    /// channel.</summary>
    Permanent,
}

public sealed record ChannelResult(DeliveryOutcome Outcome, string? Detail = null)
{
    public static readonly ChannelResult Delivered = new(DeliveryOutcome.Delivered);

    public static ChannelResult Transient(string detail) => new(DeliveryOutcome.Transient, detail);

    public static ChannelResult Permanent(string detail) => new(DeliveryOutcome.Permanent, detail);
}
