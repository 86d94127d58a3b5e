namespace Mediation.Api.Tests.StaffConsole;

/// <summary>The console is static files served by the service itself; the browser tests (console-tests/) drive
/// it.</summary>
public sealed class ConsoleHostingTests(ApiHost<SqliteDatabase> api) : IClassFixture<ApiHost<SqliteDatabase>>
{
    private readonly HttpClient client = api.CreateClient(new() { AllowAutoRedirect = false });

    [Fact]
    public async Task TheConsoleAddressRedirectsToTheFolderSoThatRelativeScriptsResolve()
    {
        var response = await client.GetAsync("/console");
        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().Should().Be("/console/");
    }

    [Theory]
    [InlineData("/console/")]
    [InlineData("/console/queue")]
    public async Task ThePageIsServedWithAStrictContentSecurityPolicy(string path)
    {
        var response = await client.GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        (await response.Content.ReadAsStringAsync()).Should().Contain("信易调").And.Contain("js/app.js");
        response
            .Headers.GetValues("Content-Security-Policy")
            .Single()
            .Should()
            .Contain("default-src 'self'")
            .And.Contain("script-src 'self'");
    }

    [Fact]
    public async Task ScriptsAreServedAndAMissingFileIsAProblem404()
    {
        var script = await client.GetAsync("/console/js/app.js");
        script.StatusCode.Should().Be(HttpStatusCode.OK);
        script.Content.Headers.ContentType!.MediaType.Should().Be("text/javascript");

        var missing = await client.GetAsync("/console/js/nope.js");
        missing.StatusCode.Should().Be(HttpStatusCode.NotFound);
        missing.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }
}
