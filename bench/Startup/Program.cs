using System.Diagnostics;
using System.Reflection;

namespace Mediation.Bench.Startup;

/// <summary>
/// Time from process start to the first 200 on /health/live, and the peak resident set at that moment, for the
/// published service against an empty minimal-API app this benchmark builds itself. Runs are paired (service, empty,
/// service, empty ...) so that a drift of the shared machine hits both; medians and the per-pair ratio are printed.
/// </summary>
internal static class BenchProgram
{
    private const string Usage = """
        Startup [--runs N] [--warmup N] [--provider sqlite|postgres] [--connection CS] [--api-dir DIR] [--no-build]
          --runs N        paired runs counted (default 7, at least 5 for a median worth quoting)
          --warmup N      paired runs not counted, first (default 1; the first also creates the storage dir)
          --provider      sqlite (default; storage/app.db reused across runs) or postgres (one bench database)
          --connection    PostgreSQL connection string (Database is replaced by a bench_ database, dropped at the end)
          --api-dir DIR   an already published service (skips publishing the repo's Api)
        """;

    public static async Task<int> Main(string[] args)
    {
        var runs = 7;
        var warmup = 1;
        var provider = "sqlite";
        string? connection = null;
        string? apiDir = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--runs":
                    runs = int.Parse(args[++i]);
                    break;
                case "--warmup":
                    warmup = int.Parse(args[++i]);
                    break;
                case "--provider":
                    provider = args[++i].ToLowerInvariant();
                    break;
                case "--connection":
                    connection = args[++i];
                    break;
                case "--api-dir":
                    apiDir = args[++i];
                    break;
                case "-h" or "--help":
                    Console.WriteLine(Usage);
                    return 0;
                default:
                    Console.Error.WriteLine($"unknown argument {args[i]}\n{Usage}");
                    return 2;
            }
        }
        if (provider == "postgres" && string.IsNullOrWhiteSpace(connection))
        {
            Console.Error.WriteLine("--provider postgres needs --connection");
            return 2;
        }

        var work = Directory.CreateTempSubdirectory("startup-bench-").FullName;
        var repo = RepoRoot();
        apiDir ??= await Publisher.PublishServiceAsync(repo, Path.Combine(work, "api"));
        var emptyDir = await Publisher.PublishEmptyAppAsync(
            Path.Combine(work, "empty-src"),
            Path.Combine(work, "empty")
        );

        // The service runs in a folder of its own with the repo's appsettings.json and a storage/ kept between runs.
        var serviceCwd = Path.Combine(work, "service-cwd");
        Directory.CreateDirectory(serviceCwd);
        File.Copy(Path.Combine(repo, "appsettings.json"), Path.Combine(serviceCwd, "appsettings.json"));
        var env = new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development" };
        string? database = null;
        if (provider == "postgres")
        {
            database = $"bench_startup_{Guid.NewGuid():N}"[..28];
            var cs = Postgres.WithDatabase(connection!, database);
            env["Database__Provider"] = "Postgres";
            env["Database__ConnectionString"] = cs;
            env["Jobs__Storage"] = "Postgres";
            env["Jobs__ConnectionString"] = cs;
            await Postgres.CreateAsync(connection!, database);
        }

        var service = new Target("service", "dotnet", Path.Combine(apiDir, "Api.dll"), serviceCwd, env);
        var empty = new Target("empty", "dotnet", Path.Combine(emptyDir, "EmptyApp.dll"), emptyDir, []);
        Console.WriteLine(
            $"machine: {Environment.ProcessorCount} cores; provider {provider}; runs {runs} (+{warmup} warm-up), paired"
        );
        var results = new List<(Sample Service, Sample Empty)>();
        try
        {
            for (var i = 0; i < warmup + runs; i++)
            {
                var s = await Runner.RunAsync(service);
                var e = await Runner.RunAsync(empty);
                var tag = i < warmup ? "warm-up" : $"run {i - warmup + 1}";
                Console.WriteLine(
                    $"  {tag, -8} service {s.Wall.TotalMilliseconds, 7:F0} ms wall, {s.Cpu.TotalMilliseconds, 7:F0} ms cpu, "
                        + $"{s.PeakRssMb, 6:F1} MB | empty {e.Wall.TotalMilliseconds, 5:F0} ms, {e.Cpu.TotalMilliseconds, 5:F0} ms cpu, {e.PeakRssMb, 5:F1} MB"
                );
                if (i >= warmup)
                    results.Add((s, e));
            }
        }
        finally
        {
            if (database is not null)
                await Postgres.DropAsync(connection!, database);
        }

        Console.WriteLine("RESULT");
        Line("wall ms ", results, r => r.Wall.TotalMilliseconds);
        Line("cpu ms  ", results, r => r.Cpu.TotalMilliseconds);
        Line("peak MB ", results, r => r.PeakRssMb);
        var wallRatio = Median(results.Select(r => r.Service.Wall / r.Empty.Wall));
        var rssRatio = Median(results.Select(r => r.Service.PeakRssMb / r.Empty.PeakRssMb));
        Console.WriteLine(
            $"  bars: wall ratio {wallRatio:F2} (<= 2.0) {(wallRatio <= 2 ? "PASS" : "MISS")}, "
                + $"peak RSS ratio {rssRatio:F2} (<= 1.6) {(rssRatio <= 1.6 ? "PASS" : "MISS")}"
        );
        return 0;
    }

    private static void Line(string name, List<(Sample Service, Sample Empty)> results, Func<Sample, double> pick)
    {
        var s = Median(results.Select(r => pick(r.Service)));
        var e = Median(results.Select(r => pick(r.Empty)));
        var ratios = results.Select(r => pick(r.Service) / pick(r.Empty)).ToList();
        Console.WriteLine(
            $"  {name}: service {s, 8:F1}  empty {e, 7:F1}  ratio (median of pairs) {Median(ratios):F2}  "
                + $"(per pair: {string.Join(", ", ratios.Select(r => r.ToString("F2")))})"
        );
    }

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1
            ? sorted[sorted.Length / 2]
            : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string RepoRoot() =>
        typeof(BenchProgram)
            .Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .First(a => a.Key == "RepoRoot")
            .Value!;
}
