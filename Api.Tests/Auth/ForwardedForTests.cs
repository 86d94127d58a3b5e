namespace Mediation.Api.Tests.Auth;

/// <summary>Ten logins a minute per address, and no proxy configured: every caller is judged by its own
/// connection.</summary>
public sealed class NoProxyLoginApi() : ApiFactory(new SqliteDatabase())
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
        [new("Auth:LoginPermitsPerMinute", "10")];
}

public sealed class ForwardedForTests(NoProxyLoginApi api) : IClassFixture<NoProxyLoginApi>
{
    [Fact]
    public async Task RotatingForwardedForFromACallerThatIsNoConfiguredProxyStillHitsTheLoginLimit()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 25; i++)
        {
            var client = api.CreateClient();
            client.DefaultRequestHeaders.Add("X-Forwarded-For", $"198.51.100.{i + 1}");
            statuses.Add(
                (await client.PostAsJsonAsync("/api/auth/staff", new { username = "x", password = "y" })).StatusCode
            );
        }

        statuses.Take(10).Should().AllBeEquivalentTo(HttpStatusCode.Unauthorized);
        statuses.Skip(10).Should().AllBeEquivalentTo(HttpStatusCode.TooManyRequests);
    }
}
