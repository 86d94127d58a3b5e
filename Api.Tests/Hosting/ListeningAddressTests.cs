using Mediation.Api.Tests.Operations.ScaleOut;

namespace Mediation.Api.Tests.Hosting;

/// <summary>
/// Operators and container platforms set ASPNETCORE_URLS (or pass --urls); a Urls key in appsettings.json would
/// silently win over both. The development port lives in the launch profile, where `dotnet run` reads it.
/// </summary>
public sealed class ListeningAddressTests
{
    [Fact]
    public async Task TheRealProcessListensWhereAspNetCoreUrlsSays()
    {
        // ServiceProcess sets only ASPNETCORE_URLS (a free loopback port) and waits for /health/ready there.
        await using var service = await ServiceProcess.StartAsync(
            "urls",
            new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["Jobs__Storage"] = "InMemory",
                ["Logging__LogLevel__Default"] = "Warning",
            }
        );
        using var http = new HttpClient { BaseAddress = service.BaseAddress };

        (await http.GetAsync("/health/live")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public void AppSettingsLeaveTheAddressToTheStandardVariablesAndTheLaunchProfileKeepsTheReadmesPort()
    {
        using var settings = JsonDocument.Parse(
            File.ReadAllText(Path.Combine(ApiFactory.RepoRoot, "appsettings.json"))
        );
        settings
            .RootElement.EnumerateObject()
            .Select(p => p.Name)
            .Should()
            .NotContain(n => n.Equals("urls", StringComparison.OrdinalIgnoreCase));

        using var launch = JsonDocument.Parse(
            File.ReadAllText(Path.Combine(ApiFactory.RepoRoot, "Api", "Properties", "launchSettings.json"))
        );
        var url = launch
            .RootElement.GetProperty("profiles")
            .GetProperty("Api")
            .GetProperty("applicationUrl")
            .GetString();
        url.Should().Be("http://localhost:5080");
        File.ReadAllText(Path.Combine(ApiFactory.RepoRoot, "README.md")).Should().Contain($"serves {url}");
        File.ReadAllText(Path.Combine(ApiFactory.RepoRoot, "Dockerfile"))
            .Should()
            .Contain("ASPNETCORE_URLS=http://+:8080");
        File.ReadAllText(Path.Combine(ApiFactory.RepoRoot, "compose.yaml"))
            .Should()
            .Contain("ASPNETCORE_URLS: http://+:8080");
    }
}
