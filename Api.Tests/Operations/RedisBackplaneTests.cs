using Mediation.Api.Infrastructure.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Mediation.Api.Tests.Operations;

/// <summary>The rooms' Redis backplane as configuration sees it (SignalR:Redis): a malformed setting stops the start,
/// and with it set readiness depends on Redis. The two-instance delivery is in Rooms/TwoInstanceRoomTests.</summary>
public sealed class RedisBackplaneStartupTests
{
    [Theory]
    [InlineData("127.0.0.1:6379,nonsense=1")]
    [InlineData("127.0.0.1:6379,ssl=perhaps")]
    [InlineData(",,,")]
    public void AMalformedRedisSettingStopsTheStartNamingTheSetting(string redis)
    {
        var storage = Directory.CreateTempSubdirectory("redis-config-").FullName;
        try
        {
            using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
            {
                b.UseEnvironment("Testing");
                b.UseContentRoot(ApiFactory.RepoRoot);
                b.UseSetting("Storage:Root", storage);
                b.UseSetting("SignalR:Redis", redis);
            });
            var start = () => factory.CreateClient();

            var error = Find(start.Should().Throw<Exception>().Which);
            error
                .Problems.Should()
                .ContainSingle(p => p.StartsWith("SignalR:Redis is not a StackExchange.Redis connection string"));
        }
        finally
        {
            try
            {
                Directory.Delete(storage, recursive: true);
            }
            catch (IOException) { }
        }
    }

    private static StartupConfigurationException Find(Exception e) =>
        (e as StartupConfigurationException ?? (e.InnerException is { } inner ? Find(inner) : null))
        ?? throw new Xunit.Sdk.XunitException($"no StartupConfigurationException in: {e}");
}

/// <summary>The embedded database and files, with SignalR:Redis pointing at a port where no Redis answers (as when
/// the Redis container is down).</summary>
public sealed class UnreachableRedisApi() : ApiFactory(new SqliteDatabase())
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
        [
            new("SignalR:Redis", $"127.0.0.1:{ClosedPort()},connectTimeout=500"),
            new("SignalR:ChannelPrefix", "unreachable"),
        ];

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port; // closed again when the listener is disposed
    }
}

public sealed class RedisReadinessTests(UnreachableRedisApi api) : IClassFixture<UnreachableRedisApi>
{
    [Fact]
    public async Task WithRedisConfiguredButDownTheServiceStartsAndReadinessIs503NamingRedis()
    {
        var client = api.CreateClient();

        var checks = await ReadinessProblem.ShouldBe503Async(await client.GetAsync("/health/ready"), "Redis");

        checks
            .Should()
            .Equal(
                new Dictionary<string, string>
                {
                    ["database"] = "Healthy",
                    ["jobs"] = "Healthy",
                    ["objectStorage"] = "Healthy",
                    ["redis"] = "Unhealthy",
                }
            );
        (await client.GetAsync("/health/live")).StatusCode.Should().Be(HttpStatusCode.OK);
        // REST still works without the backplane: the database is the record, Redis only carries live notices.
        (await client.GetAsync("/api/dispute-types")).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
