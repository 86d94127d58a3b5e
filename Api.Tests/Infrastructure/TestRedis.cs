namespace Mediation.Api.Tests.Infrastructure;

/// <summary>
/// The Redis server that scripts/test.sh starts for the whole run (TEST_REDIS, a StackExchange.Redis connection
/// string; scripts/redis.sh). Each test cluster gets its own channel prefix on it. Without the variable the Redis tests
/// fail and say how to run them; they never skip.
/// </summary>
public static class TestRedis
{
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("TEST_REDIS") is { Length: > 0 } cs
            ? cs
            : throw new InvalidOperationException(
                "TEST_REDIS is not set. Run every test with `bash scripts/test.sh`, which starts Redis (scripts/redis.sh)."
            );

    /// <summary>The settings that put a host on the test Redis, on channels no other test hears.</summary>
    public static KeyValuePair<string, string?>[] Settings(string channelPrefix) =>
        [new("SignalR:Redis", ConnectionString), new("SignalR:ChannelPrefix", channelPrefix)];

    public static string NewChannelPrefix() => "test-" + Guid.NewGuid().ToString("N")[..12];
}
