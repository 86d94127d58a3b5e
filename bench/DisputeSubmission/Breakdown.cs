using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Mediation.Bench.DisputeSubmission;

/// <summary>
/// --breakdown: where a submission's time goes. Runs each endpoint once with one worker (no contention)
/// and once with all workers, with the probes on, then times the pipeline's CPU-bound parts alone.
/// The probes cost a little; the throughput printed here is not the benchmark's result.
/// </summary>
internal static class Breakdown
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void AddProbes(IServiceCollection services)
    {
        Probes.Start();
        // Registered first, so it runs outermost: around the bare endpoint and the whole app pipeline.
        services.Insert(0, ServiceDescriptor.Singleton<IStartupFilter, Probes>());
    }

    public static async Task RunAsync(
        BenchApi api,
        HttpClient client,
        byte[] body,
        IReadOnlyList<Citizen> citizens,
        Endpoint bare,
        Endpoint full,
        BenchOptions options
    )
    {
        Console.WriteLine();
        Console.WriteLine("BREAKDOWN (probes on; server-side means per request)");
        Probes.Recording = true;
        foreach (var workers in new[] { 1, options.Workers }.Distinct())
        {
            var load = new Load(client, body, citizens.Take(workers).ToList());
            foreach (var endpoint in new[] { bare, full })
            {
                var allocated = GC.GetTotalAllocatedBytes();
                var result = await load.RunAsync(endpoint, options.Phase);
                var kb = (GC.GetTotalAllocatedBytes() - allocated) / 1024.0 / Math.Max(1, result.Sent);
                Print(workers, result, kb, Probes.TakeTotals().GetValueOrDefault(endpoint.Path));
            }
        }
        Probes.Recording = false;
        await StageTimings.RunAsync(api.Services, client, body, citizens[0]);
    }

    private static void Print(int workers, PhaseResult r, double kbPerRequest, PathTotals? t)
    {
        Console.WriteLine();
        var sorted = r.LatenciesMs.Order().ToArray();
        Console.WriteLine(
            string.Create(
                Inv,
                $"  {r.Endpoint.Name}, {workers} worker(s): {r.RequestsPerSecond:0.0} req/s, client p50 {Report.Percentile(sorted, 0.5):0.0} ms, {kbPerRequest:0} KB allocated per request (client included), errors {r.Errors}"
            )
        );
        if (t is null || t.Requests == 0)
            return;
        var n = (double)t.Requests;
        var server = t.ServerMsEach.Order().ToArray();
        Console.WriteLine(
            string.Create(
                Inv,
                $"    server {t.ServerMs / n:0.00} ms (p50 {Report.Percentile(server, 0.5):0.00}, p95 {Report.Percentile(server, 0.95):0.00}) = database {t.DbMs / n:0.00} ms in {t.Commands / n:0.#} commands + everything else {(t.ServerMs - t.DbMs) / n:0.00} ms"
            )
        );
        foreach (var (kind, (count, ms)) in t.ByKind.OrderByDescending(k => k.Value.Ms))
            Console.WriteLine(
                string.Create(
                    Inv,
                    $"      {kind, -44} {count / n, 4:0.#} x {ms / count, 7:0.00} ms = {ms / n, 7:0.00} ms"
                )
            );
        foreach (var (kind, slow) in t.Slow)
            Console.WriteLine(
                string.Create(Inv, $"      {kind} took >= 100 ms in {slow} requests ({100.0 * slow / n:0.0}%)")
            );
        PrintTimeline(t);
    }

    /// <summary>
    /// The most common sequence of database steps, with mean start times: the gap before a step is time spent
    /// outside the database since the previous one (the app's own code, or waiting for a thread).
    /// </summary>
    private static void PrintTimeline(PathTotals t)
    {
        var (count, sums) = t.Timelines.Values.MaxBy(x => x.Requests);
        Console.WriteLine(
            string.Create(
                Inv,
                $"    timeline of {count} of {t.Requests} requests (mean ms after the request reached the server):"
            )
        );
        Console.WriteLine($"      {"step", -44} {"starts", 7} {"gap", 7} {"takes", 7}");
        var previousEnd = 0.0;
        foreach (var (kind, at, ms) in sums.Select(s => (s.Kind, s.AtMs / count, s.Ms / count)))
        {
            Console.WriteLine(
                string.Create(Inv, $"      {kind, -44} {at, 7:0.00} {at - previousEnd, 7:0.00} {ms, 7:0.00}")
            );
            previousEnd = at + ms;
        }
    }
}
