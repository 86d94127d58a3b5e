using System.Net.Http.Headers;
using System.Text;

namespace Mediation.Api.Tests.Hosting;

/// <summary>
/// Whatever goes wrong, the client gets problem+json with a Chinese title, never a bare status or a 500.
/// Runs on real Kestrel over loopback, so request-size limits behave as in production.
/// </summary>
public sealed class ErrorShapeTests : IClassFixture<KestrelSqliteApi>
{
    private readonly KestrelSqliteApi api;

    public ErrorShapeTests(KestrelSqliteApi api) => this.api = api;

    private async Task<HttpClient> CitizenAsync() => await api.CitizenAsync("err-" + Guid.NewGuid());

    private static async Task<System.Text.Json.JsonElement> ShouldBeProblem(
        HttpResponseMessage response,
        HttpStatusCode status,
        string titleContains
    )
    {
        response.StatusCode.Should().Be(status);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await response.JsonAsync();
        problem.GetProperty("status").GetInt32().Should().Be((int)status);
        problem.GetProperty("title").GetString().Should().Contain(titleContains);
        problem
            .GetProperty("code")
            .GetString()
            .Should()
            .MatchRegex("^[a-z]+(-[a-z]+)*$", "every problem names a stable code for programs");
        return problem;
    }

    [Fact]
    public async Task EveryProblemCarriesTheStableCodeOfWhatWentWrong()
    {
        var anonymous = api.CreateClient();
        (await ShouldBeProblem(await anonymous.GetAsync("/api/no-such-thing"), HttpStatusCode.NotFound, "未找到"))
            .GetProperty("code")
            .GetString()
            .Should()
            .Be("not-found");
        (await ShouldBeProblem(await anonymous.GetAsync("/api/disputes"), HttpStatusCode.Unauthorized, "登录"))
            .GetProperty("code")
            .GetString()
            .Should()
            .Be("unauthenticated");

        var citizen = await CitizenAsync();
        var invalid = new HttpRequestMessage(HttpMethod.Post, "/api/disputes")
        {
            Content = new StringContent("{}", Encoding.UTF8, "application/json"),
        };
        invalid.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        (await ShouldBeProblem(await citizen.SendAsync(invalid), HttpStatusCode.BadRequest, "字段"))
            .GetProperty("code")
            .GetString()
            .Should()
            .Be("validation-failed");
    }

    [Fact]
    public async Task AnUnknownRouteIsA404Problem() =>
        await ShouldBeProblem(
            await api.CreateClient().GetAsync("/api/no-such-thing"),
            HttpStatusCode.NotFound,
            "未找到"
        );

    [Fact]
    public async Task AWrongMethodIsA405Problem() =>
        await ShouldBeProblem(
            await api.CreateClient().DeleteAsync("/api/dispute-types"),
            HttpStatusCode.MethodNotAllowed,
            "请求方法"
        );

    [Fact]
    public async Task NoTokenIsA401Problem() =>
        await ShouldBeProblem(await api.CreateClient().GetAsync("/api/disputes"), HttpStatusCode.Unauthorized, "登录");

    [Fact]
    public async Task AForgedTokenIsA401Problem()
    {
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer",
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"
        );
        await ShouldBeProblem(await client.GetAsync("/api/disputes"), HttpStatusCode.Unauthorized, "登录");
    }

    [Fact]
    public async Task AWrongContentTypeIsA415Problem()
    {
        var client = await CitizenAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/disputes")
        {
            Content = new StringContent("name=张三", Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.Add("Idempotency-Key", "k");
        await ShouldBeProblem(await client.SendAsync(request), HttpStatusCode.UnsupportedMediaType, "内容类型");
    }

    [Theory]
    [InlineData("{\"applicant\": [")]
    [InlineData("[]")]
    [InlineData("\"just a string\"")]
    [InlineData("{\"amountFen\": 1e400}")]
    [InlineData("{\"preferredMode\": \"Fax\"}")]
    public async Task MalformedJsonIsA400ProblemNotA500(string body)
    {
        var client = await CitizenAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/disputes")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var problem = await ShouldBeProblem(await client.SendAsync(request), HttpStatusCode.BadRequest, "请求有误");
        problem.GetProperty("detail").GetString().Should().MatchRegex("[\u4e00-\u9fff]");
    }

    [Fact]
    public async Task AnOversizeBodyIsA413Problem()
    {
        var client = await CitizenAsync();
        var huge = "{\"facts\":\"" + new string('纠', 700_000) + "\"}";
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/disputes")
        {
            Content = new StringContent(huge, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", "big");
        // With Expect: 100-continue the client waits for the server's verdict before sending the body, so it reads the
        // 413 instead of racing Kestrel closing the connection on a body it will not read.
        request.Headers.ExpectContinue = true;
        await ShouldBeProblem(await client.SendAsync(request), HttpStatusCode.RequestEntityTooLarge, "过大");
    }

    [Fact]
    public async Task AnUnknownLegalTextIsA404Problem() =>
        await ShouldBeProblem(
            await api.CreateClient().GetAsync("/api/legal-texts/secret-terms"),
            HttpStatusCode.NotFound,
            "未找到"
        );
}
