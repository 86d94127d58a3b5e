using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;

namespace Mediation.Api.Tests.Operations.ScaleOut;

/// <summary>
/// The real service as its own process: <c>dotnet Api.dll</c> from this test's build output, in the repo root (for
/// appsettings.json), configured only through environment variables, as compose.yaml runs it.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly string storageRoot;
    private readonly ConcurrentQueue<string> output = new();

    public string Name { get; }
    public Uri BaseAddress { get; }

    private ServiceProcess(string name, Process process, Uri baseAddress, string storageRoot)
    {
        Name = name;
        this.process = process;
        BaseAddress = baseAddress;
        this.storageRoot = storageRoot;
    }

    public static async Task<ServiceProcess> StartAsync(string name, IReadOnlyDictionary<string, string> environment)
    {
        var port = FreePort();
        var storageRoot = Directory.CreateTempSubdirectory("scale-out-").FullName;
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Api.dll")])
        {
            WorkingDirectory = ApiFactory.RepoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (k, v) in environment)
            start.Environment[k] = v;
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["Storage__Root"] = storageRoot;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {name}");
        var service = new ServiceProcess(name, process, new Uri($"http://127.0.0.1:{port}"), storageRoot);
        process.OutputDataReceived += (_, e) => service.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => service.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = service.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        for (
            var deadline = DateTime.UtcNow.AddSeconds(90);
            DateTime.UtcNow < deadline && !process.HasExited;
            await Task.Delay(250)
        )
        {
            try
            {
                if ((await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK)
                    return service;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
        }
        var log = service.Output;
        await service.DisposeAsync();
        throw new TimeoutException($"{name} was not ready within 90 s. Its output:\n{log}");
    }

    private void Keep(string? line)
    {
        if (line is null)
            return;
        output.Enqueue(line);
        while (output.Count > 400)
            output.TryDequeue(out _);
    }

    /// <summary>The last lines it wrote (for failure messages).</summary>
    public string Output => string.Join('\n', output);

    /// <summary>SIGKILL: no graceful shutdown, jobs in hand are simply lost to this process.</summary>
    public async Task KillAsync()
    {
        if (process.HasExited)
            return;
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process.Dispose();
        try
        {
            Directory.Delete(storageRoot, recursive: true);
        }
        catch (IOException) { }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
