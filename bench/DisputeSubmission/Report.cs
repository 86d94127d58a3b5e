using System.Globalization;
using System.Runtime.InteropServices;

namespace Mediation.Bench.DisputeSubmission;

/// <summary>Prints each phase as it ends and the result block at the end.</summary>
public sealed class Report(BenchOptions options, string database, Uri address)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public void Header()
    {
        Console.WriteLine(
            "Dispute submission benchmark: POST /api/disputes (full pipeline) vs POST /bench/bare (EF insert only) and /bench/bare-grouped (the same through GroupCommit)"
        );
        Console.WriteLine($"  when      {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Console.WriteLine(
            $"  machine   {Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, server GC {System.Runtime.GCSettings.IsServerGC}"
        );
        Console.WriteLine(
            $"  server    Kestrel in this process on {address} (real HTTP over loopback), Development environment"
        );
        Console.WriteLine($"  database  {database}");
        Console.WriteLine(
            $"  load      {options.Workers} workers (one citizen each), closed loop; warm-up {options.WarmUp.TotalSeconds:0.#} s per endpoint,"
        );
        Console.WriteLine(
            $"            then {options.Rounds} rounds x {options.Phase.TotalSeconds:0.#} s per endpoint in ABC-CBA order (bare, bare+gc, full / full, bare+gc, bare / ...)"
        );
        Console.WriteLine();
        Console.WriteLine(
            $"  {"phase", -10} {"endpoint", -8} {"req/s", 8} {"p50 ms", 8} {"p95 ms", 8} {"requests", 9} {"errors", 7}"
        );
    }

    public PhaseResult Phase(string label, PhaseResult r)
    {
        var sorted = r.LatenciesMs.Order().ToArray();
        Console.WriteLine(
            string.Create(
                Inv,
                $"  {label, -10} {r.Endpoint.Name, -8} {r.RequestsPerSecond, 8:0.0} {Percentile(sorted, 0.50), 8:0.0} {Percentile(sorted, 0.95), 8:0.0} {r.Sent, 9} {r.Errors, 7}"
            )
        );
        return r;
    }

    /// <summary>Prints the result block; returns the number of errors (warm-up included).</summary>
    public int Summary(
        IReadOnlyList<PhaseResult> warmUp,
        IReadOnlyList<PhaseResult> measured,
        Endpoint bare,
        Endpoint grouped,
        Endpoint full
    )
    {
        var b = Totals(measured, bare);
        var g = Totals(measured, grouped);
        var f = Totals(measured, full);
        var errors = warmUp.Concat(measured).Sum(r => r.Errors);
        Console.WriteLine();
        Console.WriteLine("RESULT");
        Console.WriteLine(Line("bare   ", b));
        Console.WriteLine(Line("bare+gc", g));
        Console.WriteLine(Line("full   ", f));
        // The issue's yardstick is the plain EF insert; the second ratio compares with the same insert on the real
        // endpoint's write path (GroupCommit), i.e. what the pipeline itself costs. Both must clear the bar.
        var pass = Ratio("full/bare   ", f, b) & Ratio("full/bare+gc", f, g);
        Console.WriteLine($"  bar {options.Bar.ToString("0.00", Inv)} on both ratios: {(pass ? "PASS" : "MISS")}");
        if (errors > 0)
        {
            Console.WriteLine(
                $"  FAILED: {errors} request(s) did not answer 201 Created (warm-up included). First ones:"
            );
            foreach (var sample in warmUp.Concat(measured).SelectMany(r => r.ErrorSamples).Take(10))
                Console.WriteLine($"    {sample}");
        }
        return errors;
    }

    private bool Ratio(string name, Stats numerator, Stats denominator)
    {
        var ratio = numerator.Median / denominator.Median;
        // Rounds pair up in time (the endpoints back to back), so the per-round ratios show how much noise there was.
        var perRound = string.Join(
            ", ",
            numerator.PerRound.Zip(denominator.PerRound, (x, y) => (x / y).ToString("0.00", Inv))
        );
        Console.WriteLine(
            string.Create(
                Inv,
                $"  ratio {name}: {ratio:0.00} (bar: >= {options.Bar:0.00})  {(ratio >= options.Bar ? "PASS" : "MISS")}   (per round: {perRound})"
            )
        );
        return ratio >= options.Bar;
    }

    internal static string Line(string name, Stats t) =>
        string.Create(
            Inv,
            $"  {name}: {t.Median, 7:0.0} req/s (median of {t.Rounds}; rounds {string.Join(", ", t.PerRound.Select(x => x.ToString("0", Inv)))}), p50 {t.P50:0.0} ms, p95 {t.P95:0.0} ms, errors {t.Errors}"
        );

    internal sealed record Stats(double Median, int Rounds, double[] PerRound, double P50, double P95, int Errors);

    internal static Stats Totals(IEnumerable<PhaseResult> results, Endpoint endpoint)
    {
        var mine = results.Where(r => r.Endpoint == endpoint).ToList();
        var perRound = mine.Select(r => r.RequestsPerSecond).ToArray();
        var latencies = mine.SelectMany(r => r.LatenciesMs).Order().ToArray();
        return new Stats(
            Median(perRound),
            mine.Count,
            perRound,
            Percentile(latencies, 0.50),
            Percentile(latencies, 0.95),
            mine.Sum(r => r.Errors)
        );
    }

    private static double Median(double[] values)
    {
        var s = values.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0
            ? double.NaN
            : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
