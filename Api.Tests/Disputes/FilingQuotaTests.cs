using System.Text.Json.Nodes;

namespace Mediation.Api.Tests.Disputes;

/// <summary>The shipped limits: ten accepted applications per citizen and hour, and sixty filing requests of any
/// outcome.</summary>
public abstract class FilingQuotaTests(ApiFactory api)
{
    private static JsonObject Refused(JsonObject valid)
    {
        var bad = (JsonObject)valid.DeepClone();
        bad["facts"] = "短";
        return bad;
    }

    [Fact]
    public async Task TwelveApplicationsRefusedAsInvalidDoNotStopTheThirteenthValidOne()
    {
        var citizen = await api.CitizenAsync("quota-" + Guid.NewGuid());
        var application = await Applications.ValidAsync(citizen);

        for (var i = 0; i < 12; i++)
            (await citizen.FileAsync(Refused(application))).StatusCode.Should().Be(HttpStatusCode.BadRequest);

        (await citizen.FileAsync(application)).StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task RetriesWithOneIdempotencyKeyAreOneFiling()
    {
        var citizen = await api.CitizenAsync("quota-" + Guid.NewGuid());
        var application = await Applications.ValidAsync(citizen);
        var first = await (await citizen.FileAsync(application, "same-key")).JsonAsync();

        for (var i = 0; i < 12; i++)
        {
            var replay = await citizen.FileAsync(application, "same-key");
            replay.StatusCode.Should().Be(HttpStatusCode.Created);
            (await replay.JsonAsync()).GetProperty("id").GetGuid().Should().Be(first.GetProperty("id").GetGuid());
        }

        (await citizen.FileAsync(application)).StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task OnlyAcceptedApplicationsUseUpTheHourlyQuota()
    {
        var citizen = await api.CitizenAsync("quota-" + Guid.NewGuid());
        var application = await Applications.ValidAsync(citizen);
        for (var i = 0; i < 5; i++)
            (await citizen.FileAsync(Refused(application))).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        for (var i = 0; i < 10; i++)
            (await citizen.FileAsync(application)).StatusCode.Should().Be(HttpStatusCode.Created);

        var eleventh = await citizen.FileAsync(application);

        eleventh.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        eleventh.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        eleventh.Headers.RetryAfter!.Delta!.Value.Should().BePositive().And.BeLessThanOrEqualTo(TimeSpan.FromHours(1));
        var problem = await eleventh.JsonAsync();
        problem.GetProperty("title").GetString().Should().Be("请求过于频繁，请稍后再试");
        problem.GetProperty("detail").GetString().Should().Contain("10 件").And.MatchRegex("请 [0-9]+ (秒|分钟)后再试");
        (await citizen.FileAsync(application))
            .StatusCode.Should()
            .Be(HttpStatusCode.TooManyRequests, "a refusal is no filing either");

        api.Clock.Advance(TimeSpan.FromMinutes(61));
        (await citizen.FileAsync(application)).StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task AFloodOfInvalidApplicationsIsStillStoppedByTheRequestLimit()
    {
        var citizen = await api.CitizenAsync("quota-" + Guid.NewGuid());
        var bad = Refused(await Applications.ValidAsync(citizen));

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 61; i++)
            statuses.Add((await citizen.FileAsync(bad)).StatusCode);

        statuses.Take(60).Should().AllBeEquivalentTo(HttpStatusCode.BadRequest);
        statuses[60].Should().Be(HttpStatusCode.TooManyRequests);
    }
}

public sealed class FilingQuotaTestsOnSqlite(ApiHost<SqliteDatabase> api)
    : FilingQuotaTests(api),
        IClassFixture<ApiHost<SqliteDatabase>>;

public sealed class FilingQuotaTestsOnPostgres(ApiHost<PostgresDatabase> api)
    : FilingQuotaTests(api),
        IClassFixture<ApiHost<PostgresDatabase>>;
