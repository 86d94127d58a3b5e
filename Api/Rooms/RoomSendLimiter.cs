using System.Threading.RateLimiting;
using Mediation.Api.Infrastructure.RateLimiting;

namespace Mediation.Api.Rooms;

/// <summary>
/// The rate limit of speaking in rooms (RateLimits:RoomMessages): messages and offer answers, per participant and per
/// client address, in fixed windows. It is taken inside <see cref="RoomMessaging"/>, which REST and the hub both go
/// through, so a participant has one allowance however they send; the HTTP rate limiter does not see these endpoints.
/// A resend of a stored client message id takes no permit.
/// </summary>
public sealed class RoomSendLimiter(IOptions<RateLimitOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<(Guid User, string Address)> limiter = Build(options.Value);

    private static PartitionedRateLimiter<(Guid User, string Address)> Build(RateLimitOptions o)
    {
        var limit = o.RoomMessages;
        RateLimitPartition<string> Window(string key, int permits) =>
            !o.Enabled || permits <= 0
                ? RateLimitPartition.GetNoLimiter("")
                : RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = permits,
                    Window = limit.Window,
                    QueueLimit = 0,
                });
        return PartitionedRateLimiter.CreateChained(
            PartitionedRateLimiter.Create<(Guid User, string Address), string>(k =>
                Window($"user:{k.User:N}", limit.PerUser)
            ),
            PartitionedRateLimiter.Create<(Guid User, string Address), string>(k =>
                Window($"address:{k.Address}", limit.PerAddress)
            )
        );
    }

    /// <summary>Null when the participant may send now; otherwise the 429 refusal with how long to wait.</summary>
    public Refusal? TryAcquire(Participant p, string? address)
    {
        using var lease = limiter.AttemptAcquire((p.UserId, address ?? "unknown"));
        if (lease.IsAcquired)
            return null;
        var seconds = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 60;
        return Refusal.TooManyRequests(seconds);
    }

    public void Dispose() => limiter.Dispose();
}
