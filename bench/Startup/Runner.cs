using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Mediation.Bench.Startup;

internal sealed record Target(
    string Name,
    string FileName,
    string Dll,
    string WorkingDirectory,
    Dictionary<string, string> Environment
);

/// <summary>One start: wall time to the first 200 on /health/live, the CPU the process had used by then, and its
/// peak resident set (VmHWM) at that moment.</summary>
internal sealed record Sample(TimeSpan Wall, TimeSpan Cpu, double PeakRssMb);

internal static class Runner
{
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(2) };

    public static async Task<Sample> RunAsync(Target target)
    {
        var port = FreePort();
        var psi = new ProcessStartInfo(target.FileName, [target.Dll])
        {
            WorkingDirectory = target.WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (k, v) in target.Environment)
            psi.Environment[k] = v;
        psi.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        var url = $"http://127.0.0.1:{port}/health/live";
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(psi)!;
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => output.AppendLine(e.Data);
        process.ErrorDataReceived += (_, e) => output.AppendLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            while (true)
            {
                if (process.HasExited)
                    throw new InvalidOperationException($"{target.Name} exited {process.ExitCode}:\n{output}");
                if (clock.Elapsed > TimeSpan.FromSeconds(120))
                    throw new TimeoutException($"{target.Name} gave no 200 in 120 s:\n{output}");
                try
                {
                    using var response = await Client.GetAsync(url);
                    if (response.StatusCode == HttpStatusCode.OK)
                        break;
                }
                catch (HttpRequestException) { }
                catch (TaskCanceledException) { }
                await Task.Delay(10);
            }
            var wall = clock.Elapsed;
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            return new Sample(wall, cpu, PeakRssMb(process.Id));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static double PeakRssMb(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            if (line.StartsWith("VmHWM:"))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
        return double.NaN;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
