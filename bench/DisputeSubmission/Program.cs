using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Mediation.Bench.DisputeSubmission;

internal static class BenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (BenchCommandLine.TryParse(args, BenchOptions.Parse, BenchOptions.Usage, out var options) is { } exit)
            return exit;

        if (options.Targets is not null)
            return await RemoteTargets.RunAsync(options, options.Targets);

        await using var api = new BenchApi(Host(options));
        var address = await api.StartAsync();
        using var client = new HttpClient(
            new SocketsHttpHandler
            {
                PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
                MaxConnectionsPerServer = options.Workers,
                UseCookies = false,
            }
        )
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromSeconds(60),
        };

        // One citizen per worker, each logged in through the Development stand-in for WeChat.
        var citizens = new List<Citizen>();
        for (var i = 0; i < options.Workers; i++)
        {
            var name = $"bench{i:D2}";
            var login = await client.PostAsJsonAsync("/api/auth/wechat", new { code = $"dev:{name}" });
            login.EnsureSuccessStatusCode();
            var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
            citizens.Add(new Citizen(name, new AuthenticationHeaderValue("Bearer", token)));
        }
        var body = await ApplicationBody.CreateAsync(client);

        var full = new Endpoint("full", "/api/disputes");
        var bare = new Endpoint("bare", BareEndpoint.Path);
        var grouped = new Endpoint("bare+gc", BareEndpoint.GroupedPath);
        var load = new Load(client, body, citizens);
        var report = new Report(options, api.DatabaseDescription, address);
        report.Header();

        if (options.Only is not null)
        {
            // One endpoint only (a profiler attached to this process sees nothing else): its phases, no ratio.
            var only = options.Only switch
            {
                "bare" => bare,
                "grouped" => grouped,
                _ => full,
            };
            Console.WriteLine($"  pid       {Environment.ProcessId}");
            var failed = 0;
            foreach (
                var (name, length) in new[] { ("warm-up", options.WarmUp) }.Concat(
                    Enumerable.Range(1, options.Rounds).Select(r => ($"round {r}", options.Phase))
                )
            )
                failed += report.Phase(name, await load.RunAsync(only, length)).Errors;
            return failed > 0 ? 1 : 0;
        }

        // Warm-up: JIT, connection pools, EF's compiled queries and the database's caches, for both endpoints.
        var warmUp = new List<PhaseResult>();
        foreach (var endpoint in new[] { bare, grouped, full })
            warmUp.Add(report.Phase("warm-up", await load.RunAsync(endpoint, options.WarmUp)));

        // Measured rounds in ABC-CBA order (bare, grouped, full, full, grouped, bare, ...), so that a slow drift of the
        // machine or of the growing tables weighs on both endpoints alike.
        var measured = new List<PhaseResult>();
        for (var round = 1; round <= options.Rounds; round++)
        {
            var order = round % 2 == 1 ? new[] { bare, grouped, full } : new[] { full, grouped, bare };
            foreach (var endpoint in order)
                measured.Add(report.Phase($"round {round}", await load.RunAsync(endpoint, options.Phase)));
        }

        var errors = report.Summary(warmUp, measured, bare, grouped, full);

        if (options.Breakdown)
            await Breakdown.RunAsync(api, client, body, citizens, bare, full, options);

        return errors > 0 ? 1 : 0;
    }

    /// <summary>The shared in-process host, plus the benchmark's bare endpoint (and with --breakdown its
    /// probes).</summary>
    private static BenchApiOptions Host(BenchOptions options) =>
        new()
        {
            FolderPrefix = "mediation-bench-",
            DatabasePrefix = "bench_",
            Provider = options.Provider,
            Connection = options.Connection,
            Configure = builder =>
            {
                builder.UseSetting("RateLimits:Enabled", "false"); // each worker files hundreds of cases a minute
                builder.UseSetting("WeChat:AppSecret", ""); // Development + no secret: `dev:<name>` logs in without WeChat
            },
            Services = services =>
            {
                services.AddSingleton<IStartupFilter, BareEndpoint>();
                if (options.Breakdown)
                    Breakdown.AddProbes(services); // outermost, around the bare endpoint too
            },
        };
}
