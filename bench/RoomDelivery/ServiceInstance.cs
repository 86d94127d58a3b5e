using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Mediation.Bench.RoomDelivery;

/// <summary>The real service as its own process (<c>dotnet Api.dll</c> from this output folder, in the repo root for
/// its appsettings.json), configured through environment variables as compose.yaml runs it.</summary>
internal sealed class ServiceInstance : IAsyncDisposable
{
    private readonly Process process;
    private readonly string storageRoot;
    private readonly ConcurrentQueue<string> output = new();

    public string Name { get; }
    public Uri BaseAddress { get; }

    private ServiceInstance(string name, Process process, Uri baseAddress, string storageRoot)
    {
        Name = name;
        this.process = process;
        BaseAddress = baseAddress;
        this.storageRoot = storageRoot;
    }

    public static async Task<ServiceInstance> StartAsync(string name, IReadOnlyDictionary<string, string> environment)
    {
        var port = FreePort();
        var storageRoot = Directory.CreateTempSubdirectory("room-delivery-").FullName;
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Api.dll")])
        {
            WorkingDirectory = Options.RepoRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (k, v) in environment)
            start.Environment[k] = v;
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["Storage__Root"] = storageRoot;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {name}");
        var instance = new ServiceInstance(name, process, new Uri($"http://127.0.0.1:{port}"), storageRoot);
        process.OutputDataReceived += (_, e) => instance.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => instance.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = instance.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        for (
            var deadline = DateTime.UtcNow.AddSeconds(120);
            DateTime.UtcNow < deadline && !process.HasExited;
            await Task.Delay(250)
        )
        {
            try
            {
                if ((await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK)
                    return instance;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
        }
        var log = instance.Output;
        await instance.DisposeAsync();
        throw new TimeoutException($"{name} was not ready within 120 s. Its output:\n{log}");
    }

    /// <summary>Resident set size (VmRSS) of the process: what the machine gives it.</summary>
    public long WorkingSetBytes
    {
        get
        {
            var status = $"/proc/{process.Id}/status";
            if (File.Exists(status))
                foreach (var line in File.ReadLines(status))
                    if (line.StartsWith("VmRSS:"))
                        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
            process.Refresh();
            return process.WorkingSet64;
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
            return;
        output.Enqueue(line);
        while (output.Count > 200)
            output.TryDequeue(out _);
    }

    public string Output => string.Join('\n', output);

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
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
