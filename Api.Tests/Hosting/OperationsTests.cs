using System.Security.Cryptography;
using System.Text;

namespace Mediation.Api.Tests.Hosting;

public sealed class OperationsTests(ApiHost<SqliteDatabase> api) : IClassFixture<ApiHost<SqliteDatabase>>
{
    [Fact]
    public async Task LiveAndReadyHealthEndpointsAnswerHealthy()
    {
        var client = api.CreateClient();
        (await client.GetStringAsync("/health/live")).Should().Be("Healthy");
        (await client.GetStringAsync("/health/ready")).Should().Be("Healthy");
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesTheFilingEndpoint()
    {
        var doc = await api.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        doc.GetProperty("paths").TryGetProperty("/api/disputes", out var disputes).Should().BeTrue();
        disputes.TryGetProperty("post", out _).Should().BeTrue();
    }

    [Fact]
    public async Task TheFifteenMinistryOfJusticeDisputeTypesAreServedInOrder()
    {
        var types = await api.CreateClient().GetFromJsonAsync<JsonElement>("/api/dispute-types");
        var names = types.EnumerateArray().Select(t => t.GetProperty("name").GetString()).ToList();
        names.Should().HaveCount(15);
        names.First().Should().Be("婚姻家庭纠纷");
        names.Last().Should().Be("其他纠纷");
        types.EnumerateArray().Should().OnlyContain(t => t.GetProperty("code").GetString()!.Length > 0);
    }

    [Fact]
    public async Task BodiesFormTheSampleCountysTreeWithKnownLevels()
    {
        var bodies = (await api.CreateClient().GetFromJsonAsync<JsonElement>("/api/bodies")).EnumerateArray().ToList();
        bodies
            .Select(b => b.GetProperty("level").GetString())
            .Distinct()
            .Should()
            .BeEquivalentTo(["City", "County", "Town", "Village"]);
        var byId = bodies.ToDictionary(b => b.GetProperty("id").GetString()!);
        var village = bodies.First(b => b.GetProperty("code").GetString() == "WD-ZJC-XC");
        var town = byId[village.GetProperty("parentId").GetString()!];
        town.GetProperty("level").GetString().Should().Be("Town");
        byId[town.GetProperty("parentId").GetString()!].GetProperty("level").GetString().Should().Be("County");
    }

    [Theory]
    [InlineData("rights-notice", "权利义务告知书")]
    [InlineData("credit-commitment", "信用承诺书")]
    public async Task ALegalTextsHashIsTheSha256OfTheTextServed(string kind, string title)
    {
        var text = await api.CreateClient().GetFromJsonAsync<JsonElement>($"/api/legal-texts/{kind}");
        var body = text.GetProperty("text").GetString()!;
        body.Should().Contain(title);
        text.GetProperty("sha256")
            .GetString()
            .Should()
            .Be(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body))));
        text.GetProperty("version").GetString().Should().NotBeNullOrEmpty();
    }
}
