using Mediation.Api.Infrastructure.Observability;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Mediation.Api.Infrastructure.Realtime;

/// <summary><c>SignalR:*</c>: how live hub traffic reaches the connections of other instances.</summary>
public sealed class SignalROptions
{
    public const string Section = "SignalR";

    /// <summary>A StackExchange.Redis connection string (<c>redis:6379</c>, <c>host:6379,password=…,ssl=true</c>).
    /// Empty: the embedded default, one process, hub messages stay in it.</summary>
    public string? Redis { get; set; }

    /// <summary>Put before every Redis channel name, so that deployments (or test runs) sharing one Redis never hear
    /// each other.</summary>
    public string ChannelPrefix { get; set; } = "mediation";

    public bool UsesRedis => !string.IsNullOrWhiteSpace(Redis);
}

/// <summary>
/// With <c>SignalR:Redis</c> set, hub messages (room messages, presence, typing, room closed) go through Redis pub/sub
/// to every instance, so a party connected to one instance hears the mediator connected to another. Redis only
/// carries these notices: a message is stored in the database before it is broadcast, and a client that missed a
/// notice fetches it by REST (<c>GET /api/rooms/{id}/messages?after=</c>). Without the setting nothing changes. The
/// backplane and the readiness check share one connection, so <c>/health/ready</c> reports the connection the hub
/// actually uses.
/// </summary>
public static class RedisBackplane
{
    public const string HealthCheckName = "redis";

    public static ISignalRServerBuilder AddRedisBackplane(
        this ISignalRServerBuilder signalR,
        IHostApplicationBuilder builder
    )
    {
        builder.Services.AddOptions<SignalROptions>().BindConfiguration(SignalROptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SignalROptions>, Validation>();
        if (string.IsNullOrWhiteSpace(builder.Configuration[$"{SignalROptions.Section}:Redis"]))
            return signalR;

        builder.Services.AddSingleton<RedisBackplaneConnection>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RedisBackplaneConnection>());
        signalR.AddStackExchangeRedis();
        builder
            .Services.AddOptions<Microsoft.AspNetCore.SignalR.StackExchangeRedis.RedisOptions>()
            .Configure<IOptions<SignalROptions>, RedisBackplaneConnection>(
                (redis, options, connection) =>
                {
                    redis.Configuration.ChannelPrefix = RedisChannel.Literal(options.Value.ChannelPrefix);
                    redis.ConnectionFactory = connection.GetAsync;
                }
            );
        builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>(HealthCheckName, tags: [Readiness.Tag]);
        return signalR;
    }

    private sealed class Validation : IValidateOptions<SignalROptions>
    {
        public ValidateOptionsResult Validate(string? name, SignalROptions o)
        {
            if (!o.UsesRedis)
                return ValidateOptionsResult.Success;
            if (Parse(o.Redis!).Error is { } error)
                return ValidateOptionsResult.Fail(
                    $"SignalR:Redis is not a StackExchange.Redis connection string (host:port[,password=…][,ssl=true]): {error}"
                );
            return string.IsNullOrWhiteSpace(o.ChannelPrefix)
                ? ValidateOptionsResult.Fail("SignalR:ChannelPrefix must not be empty when SignalR:Redis is set.")
                : ValidateOptionsResult.Success;
        }
    }

    /// <summary>The parsed settings, or why they cannot be used.</summary>
    public static (ConfigurationOptions? Options, string? Error) Parse(string value)
    {
        try
        {
            var options = ConfigurationOptions.Parse(value);
            return options.EndPoints.Count == 0 ? (null, "no host:port") : (options, null);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            return (null, e.Message);
        }
    }
}

/// <summary>The one Redis connection of this process, begun when the host starts. While Redis is unreachable the
/// connection keeps retrying in the background (readiness says so) instead of failing the start.</summary>
public sealed class RedisBackplaneConnection(IOptions<SignalROptions> options) : IHostedService, IAsyncDisposable
{
    private readonly Lock gate = new();
    private Task<ConnectionMultiplexer>? connecting;

    public async Task<IConnectionMultiplexer> GetAsync(TextWriter? log = null) => await Connecting(log);

    /// <summary>The connection under way or made; a failed attempt (not an unreachable server, which the
    /// multiplexer retries itself) is begun again.</summary>
    public Task<ConnectionMultiplexer> Connecting(TextWriter? log = null)
    {
        lock (gate)
        {
            if (connecting is null || connecting.IsFaulted || connecting.IsCanceled)
            {
                var config = RedisBackplane.Parse(options.Value.Redis!).Options!;
                config.AbortOnConnectFail = false;
                config.ClientName ??= $"mediation-api:{Environment.MachineName}:{Environment.ProcessId}";
                connecting = ConnectionMultiplexer.ConnectAsync(config, log);
            }
            return connecting;
        }
    }

    Task IHostedService.StartAsync(CancellationToken ct)
    {
        _ = Connecting();
        return Task.CompletedTask;
    }

    Task IHostedService.StopAsync(CancellationToken ct) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (connecting is { IsCompletedSuccessfully: true } made)
            await made.Result.DisposeAsync();
    }
}

/// <summary>Ready when the backplane's own connection is up and Redis answers a PING, within 2 s.</summary>
internal sealed class RedisHealthCheck(RedisBackplaneConnection redis) : IHealthCheck
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            var connection = await redis.Connecting().WaitAsync(Wait, ct);
            if (!connection.IsConnected)
                return HealthCheckResult.Unhealthy("redis not connected");
            await connection.GetDatabase().PingAsync().WaitAsync(Wait, ct);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is RedisException or TimeoutException or OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("redis unreachable", e);
        }
    }
}
