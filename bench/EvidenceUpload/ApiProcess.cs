using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Mediation.Bench.EvidenceUpload;

/// <summary>The real service in its own process (Kestrel, Release build), so its memory can be read from
/// /proc.</summary>
public sealed class ApiProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly string storageRoot;

    public Uri BaseAddress { get; }

    public int Pid => process.Id;

    private ApiProcess(Process process, Uri baseAddress, string storageRoot)
    {
        this.process = process;
        BaseAddress = baseAddress;
        this.storageRoot = storageRoot;
    }

    public static async Task<ApiProcess> StartAsync(string apiDll, string repoRoot, S3Settings s3, string bucket)
    {
        var port = FreePort();
        var storageRoot = Directory.CreateTempSubdirectory("evidence-bench-").FullName;
        var start = new ProcessStartInfo("dotnet", [apiDll])
        {
            WorkingDirectory = repoRoot, // the root appsettings.json, as `dotnet run` reads it
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var env = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development", // the development WeChat stand-in: login code dev:<name>
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["Storage__Root"] = storageRoot,
            ["Storage__Provider"] = "Minio",
            ["Minio__Endpoint"] = s3.Endpoint,
            ["Minio__AccessKey"] = s3.AccessKey,
            ["Minio__SecretKey"] = s3.SecretKey,
            ["Minio__Bucket"] = bucket,
            ["Minio__Region"] = "us-east-1",
            ["Auth__SigningKey"] = Key(),
            ["PersonalData__EncryptionKey"] = Key(),
            ["PersonalData__HashKey"] = Key(),
            ["WeChat__AppSecret"] = "",
            ["Jobs__Storage"] = "InMemory",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (k, v) in env)
            start.Environment[k] = v;
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the API");
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                Console.Error.WriteLine("[api] " + e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                Console.Error.WriteLine("[api] " + e.Data);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var api = new ApiProcess(process, new Uri($"http://127.0.0.1:{port}"), storageRoot);
        using var http = new HttpClient { BaseAddress = api.BaseAddress };
        for (var i = 0; i < 120; i++)
        {
            if (process.HasExited)
                break;
            try
            {
                if ((await http.GetAsync("/health/live")).StatusCode == HttpStatusCode.OK)
                    return api;
            }
            catch (HttpRequestException) { }
            await Task.Delay(250);
        }
        await api.DisposeAsync(); // never leave a server behind
        throw new TimeoutException("the API did not answer /health/live within 30 s (see its output above)");
    }

    /// <summary>Resident set size now, from /proc/{pid}/status (VmRSS), in bytes.</summary>
    public long ResidentBytes() => ReadStatus("VmRSS:");

    /// <summary>The kernel's own peak RSS for the process (VmHWM), in bytes.</summary>
    public long PeakResidentBytes() => ReadStatus("VmHWM:");

    private long ReadStatus(string field)
    {
        foreach (var line in File.ReadLines($"/proc/{process.Id}/status"))
            if (line.StartsWith(field, StringComparison.Ordinal))
                return long.Parse(line[field.Length..].Trim().Split(' ')[0]) * 1024;
        return 0;
    }

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

    private static string Key() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

public sealed record S3Settings(string Endpoint, string AccessKey, string SecretKey)
{
    public static S3Settings FromEnvironment()
    {
        string Get(string name) =>
            Environment.GetEnvironmentVariable(name) is { Length: > 0 } v
                ? v
                : throw new InvalidOperationException(
                    $"{name} is not set: run `bash bench/EvidenceUpload/run.sh`, which starts the S3 server."
                );
        return new(Get("TEST_S3_ENDPOINT"), Get("TEST_S3_ACCESS_KEY"), Get("TEST_S3_SECRET_KEY"));
    }
}
