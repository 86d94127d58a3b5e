using System.Diagnostics;

namespace Mediation.Bench.Startup;

/// <summary>Publishes the repo's service and an empty minimal-API app, both Release, framework-dependent.</summary>
internal static class Publisher
{
    public static async Task<string> PublishServiceAsync(string repo, string output)
    {
        await DotnetAsync(repo, "publish", "Api/Api.csproj", "-c", "Release", "-o", output);
        return output;
    }

    public static async Task<string> PublishEmptyAppAsync(string source, string output)
    {
        Directory.CreateDirectory(source);
        await File.WriteAllTextAsync(
            Path.Combine(source, "EmptyApp.csproj"),
            """
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
            </Project>
            """
        );
        await File.WriteAllTextAsync(
            Path.Combine(source, "Program.cs"),
            """
            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();
            app.MapGet("/health/live", () => "Healthy");
            app.Run();
            """
        );
        // An empty Directory.Build.props keeps the repo's (or the temp folder's parents') build settings out.
        await File.WriteAllTextAsync(Path.Combine(source, "Directory.Build.props"), "<Project />");
        await DotnetAsync(source, "publish", "EmptyApp.csproj", "-c", "Release", "-o", output);
        return output;
    }

    private static async Task DotnetAsync(string cwd, params string[] args)
    {
        Console.WriteLine($"dotnet {string.Join(' ', args)}");
        var psi = new ProcessStartInfo("dotnet", args) { WorkingDirectory = cwd, RedirectStandardOutput = true };
        using var process = Process.Start(psi)!;
        var stdout = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"dotnet {string.Join(' ', args)} failed:\n{stdout}");
    }
}
