using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Mediation.Api.Infrastructure.RateLimiting;

/// <summary>One limit: at most <see cref="PerUser"/> requests per signed-in user and <see cref="PerAddress"/> per
/// client address in each fixed <see cref="Window"/>. 0 turns that dimension off.</summary>
public sealed class RateLimit
{
    public int PerUser { get; set; }
    public int PerAddress { get; set; }
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>How many applications one citizen may have accepted (201) in each <see cref="Window"/>; applications
/// refused as invalid and idempotent replays do not count. 0 turns it off.</summary>
public sealed class FilingQuota
{
    public int PerUser { get; set; } = 10;
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(1);
}

public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>False turns every limit off (benchmarks); never in production.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Filing requests of any outcome: a generous flood stop. What a citizen may actually file is <see
    /// cref="AcceptedFilings"/>.</summary>
    public RateLimit Filing { get; set; } =
        new()
        {
            PerUser = 60,
            PerAddress = 100,
            Window = TimeSpan.FromHours(1),
        };
    public FilingQuota AcceptedFilings { get; set; } = new();

    /// <summary>Messages and offer answers in mediation rooms, per participant (REST and hub alike): counted by the
    /// Rooms feature's own limiter, which both paths share, not by the HTTP rate limiter.</summary>
    public RateLimit RoomMessages { get; set; } =
        new()
        {
            PerUser = 60,
            PerAddress = 600,
            Window = TimeSpan.FromMinutes(1),
        };
    public RateLimit Uploads { get; set; } =
        new()
        {
            PerUser = 30,
            PerAddress = 300,
            Window = TimeSpan.FromMinutes(1),
        };

    /// <summary>Anonymous reads that list people (the mediator directory): per client address, so that nobody
    /// harvests the register.</summary>
    public RateLimit PublicReads { get; set; } =
        new()
        {
            PerUser = 0,
            PerAddress = 120,
            Window = TimeSpan.FromMinutes(1),
        };
}

/// <summary>Marks an endpoint as counted against one of the limits of <see cref="RateLimitOptions"/>.</summary>
public sealed record RateLimitedEndpoint(string Kind);

/// <summary>
/// Login is limited per client address (Auth:LoginPermitsPerMinute; per account, the lockout after failed passwords
/// does the rest). Filing and uploads are limited per user and per address at once: the two partitioned limiters are
/// chained, so a request needs a permit from both. Beyond a limit: 429 problem+json with Retry-After and a Chinese
/// message. Client addresses are the proxy's X-Forwarded-For when the request comes from a trusted proxy (see Hosting).
/// </summary>
public static class RateLimits
{
    public const string Filing = "filing";
    public const string Uploads = "uploads";
    public const string PublicReads = "public-reads";

    public static TBuilder RateLimited<TBuilder>(this TBuilder builder, string kind)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new RateLimitedEndpoint(kind));

    public static WebApplicationBuilder AddRateLimits(this WebApplicationBuilder builder)
    {
        builder
            .Services.AddOptions<RateLimitOptions>()
            .BindConfiguration(RateLimitOptions.Section)
            .Validate(
                o =>
                    Valid(o.Filing)
                    && Valid(o.Uploads)
                    && Valid(o.RoomMessages)
                    && Valid(o.PublicReads)
                    && Valid(new RateLimit { PerUser = o.AcceptedFilings.PerUser, Window = o.AcceptedFilings.Window }),
                "RateLimits: PerUser and PerAddress must be ≥ 0 and Window between 1 s and 1 day."
            )
            .ValidateOnStart();
        var enabled = builder.Configuration.GetValue($"{RateLimitOptions.Section}:Enabled", true);
        var loginPermits = builder.Configuration.GetValue<int?>($"{AuthOptions.Section}:LoginPermitsPerMinute")
            ?? new AuthOptions().LoginPermitsPerMinute;

        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = WriteProblemAsync;
            o.AddPolicy(Policies.LoginRateLimit, http =>
                enabled ? RateLimitPartition.GetFixedWindowLimiter(Address(http), _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = loginPermits,
                        Window = TimeSpan.FromMinutes(1),
                        QueueLimit = 0,
                    }) : RateLimitPartition.GetNoLimiter("")
            );
            o.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(http => Partition(http, perUser: true)),
                PartitionedRateLimiter.Create<HttpContext, string>(http => Partition(http, perUser: false))
            );
        });
        return builder;
    }

    private static bool Valid(RateLimit l) =>
        l.PerUser >= 0 && l.PerAddress >= 0 && l.Window >= TimeSpan.FromSeconds(1) && l.Window <= TimeSpan.FromDays(1);

    private static string Address(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static RateLimitPartition<string> Partition(HttpContext http, bool perUser)
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<RateLimitedEndpoint>() is not { } endpoint)
            return RateLimitPartition.GetNoLimiter("");
        var options = http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
        if (!options.Enabled)
            return RateLimitPartition.GetNoLimiter("");
        var limit = endpoint.Kind switch
        {
            Filing => options.Filing,
            PublicReads => options.PublicReads,
            _ => options.Uploads,
        };
        var permits = perUser ? limit.PerUser : limit.PerAddress;
        var who = perUser ? http.User.FindFirst(Claims.Subject)?.Value : Address(http);
        if (permits <= 0 || who is null)
            return RateLimitPartition.GetNoLimiter("");
        return RateLimitPartition.GetFixedWindowLimiter(
            $"{endpoint.Kind}:{(perUser ? "user" : "address")}:{who}",
            _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = permits,
                Window = limit.Window,
                QueueLimit = 0,
            }
        );
    }

    /// <summary>"45 秒", "12 分钟": how long to wait, for the Chinese messages of 429 answers.</summary>
    public static string Wait(int seconds) =>
        seconds < 120 ? $"{seconds} 秒" : $"{(int)Math.Ceiling(seconds / 60.0)} 分钟";

    private static async ValueTask WriteProblemAsync(OnRejectedContext context, CancellationToken ct)
    {
        var http = context.HttpContext;
        var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 60;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString();
        var wait = Wait(seconds);
        await http
            .RequestServices.GetRequiredService<IProblemDetailsService>()
            .TryWriteAsync(
                new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = ProblemTitles.For(429),
                        Detail = $"操作过于频繁，请 {wait}后再试。",
                    },
                }
            );
    }
}
