using Mediation.Api.Tests.Evidence;

namespace Mediation.Api.Tests.Operations;

/// <summary>Low limits, so that the N+1st request is easy to reach. Each test uses its own client addresses
/// (X-Forwarded-For from loopback, configured here as a trusted proxy) so that the tests do not share a per-address
/// budget.</summary>
public sealed class RateLimitedApi() : ApiFactory(new SqliteDatabase())
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
        [
            new("RateLimits:Filing:PerUser", "2"),
            new("RateLimits:Filing:PerAddress", "4"),
            new("RateLimits:Uploads:PerUser", "2"),
            new("RateLimits:Uploads:PerAddress", "100"),
            new("Hosting:KnownProxies:0", "127.0.0.1"),
        ];
}

public sealed class RateLimitTests(RateLimitedApi api) : IClassFixture<RateLimitedApi>
{
    private static string NewAddress() =>
        $"10.{Random.Shared.Next(1, 255)}.{Random.Shared.Next(1, 255)}.{Random.Shared.Next(1, 255)}";

    private async Task<HttpClient> CitizenAtAsync(string address)
    {
        var client = await api.CitizenAsync("rl-" + Guid.NewGuid());
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return client;
    }

    private static async Task ShouldBeRateLimitedAsync(HttpResponseMessage response)
    {
        response.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        response.Headers.RetryAfter!.Delta!.Value.Should().BePositive();
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("status").GetInt32().Should().Be(429);
        problem.GetProperty("title").GetString().Should().Be("请求过于频繁，请稍后再试");
        problem.GetProperty("detail").GetString().Should().MatchRegex("请 [0-9]+ (秒|分钟)后再试");
    }

    [Fact]
    public async Task ACitizensThirdApplicationInTheWindowGets429WithRetryAfterWhileAnotherCitizenStillFiles()
    {
        var address = NewAddress();
        var alice = await CitizenAtAsync(address);
        var bob = await CitizenAtAsync(address);
        var application = await Applications.ValidAsync(alice);

        (await alice.FileAsync(application)).StatusCode.Should().Be(HttpStatusCode.Created);
        (await alice.FileAsync(application)).StatusCode.Should().Be(HttpStatusCode.Created);
        await ShouldBeRateLimitedAsync(await alice.FileAsync(application));

        (await bob.FileAsync(application)).StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task OneAddressBeyondItsFilingLimitGets429WhileAnotherAddressIsUnaffected()
    {
        var crowded = NewAddress();
        var citizens = new List<HttpClient>();
        for (var i = 0; i < 5; i++)
            citizens.Add(await CitizenAtAsync(crowded));
        var application = await Applications.ValidAsync(citizens[0]);

        for (var i = 0; i < 4; i++)
            (await citizens[i].FileAsync(application)).StatusCode.Should().Be(HttpStatusCode.Created);
        await ShouldBeRateLimitedAsync(await citizens[4].FileAsync(application));

        var elsewhere = await CitizenAtAsync(NewAddress());
        (await elsewhere.FileAsync(application)).StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task UploadsBeyondTheUsersLimitGet429WhileTheOtherPartyStillUploads()
    {
        var address = NewAddress();
        var alice = await CitizenAtAsync(address);
        var bob = await CitizenAtAsync(address);
        var aliceCase = await alice.FileCaseAsync();
        var bobCase = await bob.FileCaseAsync();

        (await alice.UploadAsync(aliceCase, TestFiles.Jpeg(), "1.jpg")).StatusCode.Should().Be(HttpStatusCode.Created);
        (await alice.UploadAsync(aliceCase, TestFiles.Jpeg(), "2.jpg")).StatusCode.Should().Be(HttpStatusCode.Created);
        await ShouldBeRateLimitedAsync(await alice.UploadAsync(aliceCase, TestFiles.Jpeg(), "3.jpg"));

        (await bob.UploadAsync(bobCase, TestFiles.Jpeg(), "1.jpg")).StatusCode.Should().Be(HttpStatusCode.Created);
        (await alice.ListAsync(aliceCase)).Should().HaveCount(2, "the refused upload stored nothing");
    }

    [Fact]
    public async Task ReadingIsNotCountedAgainstTheFilingLimit()
    {
        var alice = await CitizenAtAsync(NewAddress());
        for (var i = 0; i < 5; i++)
            (await alice.GetAsync("/api/disputes")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await alice.FileAsync(await Applications.ValidAsync(alice))).StatusCode.Should().Be(HttpStatusCode.Created);
    }
}
