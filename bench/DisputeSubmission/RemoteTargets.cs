using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Mediation.Bench.DisputeSubmission;

/// <summary>
/// --targets: the same closed-loop filing load, sent to API processes that are already running (bench/scale-out.sh starts
/// them on one PostgreSQL and one S3 server). Rounds alternate, ABBA, between "1 instance" (every request to the first
/// target) and round-robin over all targets, request by request, so the two configurations share the machine's drift.
/// </summary>
internal static class RemoteTargets
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(BenchOptions options, IReadOnlyList<Uri> targets)
    {
        using var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            MaxConnectionsPerServer = options.Workers, // per instance
            UseCookies = false,
        };
        using var single = new HttpClient(handler, disposeHandler: false)
        {
            BaseAddress = targets[0],
            Timeout = TimeSpan.FromSeconds(60),
        };
        using var roundRobin = new RoundRobinHandler(targets, handler);
        using var spread = new HttpClient(roundRobin, disposeHandler: false)
        {
            BaseAddress = targets[0],
            Timeout = TimeSpan.FromSeconds(60),
        };

        // Citizens log in once; a token from one instance is valid on all of them (one signing key).
        var citizens = new List<Citizen>();
        for (var i = 0; i < options.Workers; i++)
        {
            var name = $"bench{i:D2}";
            var login = await single.PostAsJsonAsync("/api/auth/wechat", new { code = $"dev:{name}" });
            login.EnsureSuccessStatusCode();
            var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
            citizens.Add(new Citizen(name, new AuthenticationHeaderValue("Bearer", token)));
        }
        var body = await ApplicationBody.CreateAsync(single);

        var one = new Endpoint("1 inst", "/api/disputes");
        var all = new Endpoint($"{targets.Count} inst", "/api/disputes");
        var configurations = targets.Count > 1 ? new[] { one, all } : [one];
        var loads = new Dictionary<Endpoint, Load>
        {
            [one] = new(single, body, citizens),
            [all] = new(spread, body, citizens),
        };

        Console.WriteLine("Dispute submission benchmark, scale-out: POST /api/disputes on running API processes");
        Console.WriteLine($"  when      {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Console.WriteLine(
            $"  machine   {Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}; load average {LoadAverage()}"
        );
        Console.WriteLine($"  targets   {string.Join(", ", targets)}");
        Console.WriteLine(
            $"  load      {options.Workers} workers (one citizen each), closed loop; warm-up {options.WarmUp.TotalSeconds:0.#} s per configuration,"
        );
        Console.WriteLine(
            $"            then {options.Rounds} rounds x {options.Phase.TotalSeconds:0.#} s per configuration in ABBA order;"
        );
        Console.WriteLine(
            $"            \"1 inst\" sends everything to {targets[0]}, \"{all.Name}\" goes round-robin, request by request"
        );
        Console.WriteLine();
        Console.WriteLine(
            $"  {"phase", -10} {"config", -8} {"req/s", 8} {"p50 ms", 8} {"p95 ms", 8} {"requests", 9} {"errors", 7}  load average"
        );

        var warmUp = new List<PhaseResult>();
        foreach (var c in configurations)
            warmUp.Add(Print("warm-up", await loads[c].RunAsync(c, options.WarmUp)));
        var measured = new List<PhaseResult>();
        for (var round = 1; round <= options.Rounds; round++)
            foreach (var c in round % 2 == 1 ? configurations : configurations.Reverse())
                measured.Add(Print($"round {round}", await loads[c].RunAsync(c, options.Phase)));

        Console.WriteLine();
        Console.WriteLine("RESULT");
        var stats = configurations.Select(c => (c, Report.Totals(measured, c))).ToList();
        foreach (var (c, s) in stats)
            Console.WriteLine(Report.Line(c.Name, s));
        if (stats.Count == 2)
        {
            var (a, b) = (stats[0].Item2, stats[1].Item2);
            var perRound = string.Join(", ", b.PerRound.Zip(a.PerRound, (x, y) => (x / y).ToString("0.00", Inv)));
            Console.WriteLine(
                string.Create(Inv, $"  ratio {all.Name}/1 inst: {b.Median / a.Median:0.00}   (per round: {perRound})")
            );
            Console.WriteLine(
                $"  requests per instance in the round-robin phases: {string.Join(" / ", roundRobin.Counts)}"
            );
        }
        var errors = warmUp.Concat(measured).Sum(r => r.Errors);
        if (errors > 0)
        {
            Console.WriteLine(
                $"  FAILED: {errors} request(s) did not answer 201 Created (warm-up included). First ones:"
            );
            foreach (var sample in warmUp.Concat(measured).SelectMany(r => r.ErrorSamples).Take(10))
                Console.WriteLine($"    {sample}");
        }
        Console.WriteLine($"  load average at the end: {LoadAverage()}");
        return errors > 0 ? 1 : 0;
    }

    private static PhaseResult Print(string label, PhaseResult r)
    {
        var sorted = r.LatenciesMs.Order().ToArray();
        Console.WriteLine(
            string.Create(
                Inv,
                $"  {label, -10} {r.Endpoint.Name, -8} {r.RequestsPerSecond, 8:0.0} {Report.Percentile(sorted, 0.50), 8:0.0} {Report.Percentile(sorted, 0.95), 8:0.0} {r.Sent, 9} {r.Errors, 7}  {LoadAverage()}"
            )
        );
        return r;
    }

    /// <summary>The 1, 5 and 15 minute load averages (the machine is shared: read every figure beside it).</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
