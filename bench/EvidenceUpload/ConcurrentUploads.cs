using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;

namespace Mediation.Bench.EvidenceUpload;

/// <summary>
/// --targets: concurrent photo uploads (default 2 MB JPEG, the capacity note's typical evidence file) to API processes that
/// are already running on one PostgreSQL and one S3 server (bench/scale-out.sh starts them). Closed loop, one citizen per
/// worker, each uploading to its own case and filing a new one every --per-case uploads (the per-case file limit is 50).
/// Rounds alternate, ABBA, between "1 instance" (everything to the first target) and round-robin over all targets.
/// </summary>
public static class ConcurrentUploads
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private sealed record Options(
        IReadOnlyList<Uri> Targets,
        int Workers,
        double Seconds,
        double WarmUp,
        int Rounds,
        int Size,
        int PerCase
    );

    private sealed class Worker(ApiClient single, ApiClient spread)
    {
        public ApiClient Single { get; } = single;
        public ApiClient Spread { get; } = spread;
        public string? CaseId { get; set; }
        public int UploadsOnCase { get; set; }
    }

    private sealed record Phase(
        string Config,
        int Uploads,
        int Errors,
        int Filings,
        TimeSpan Elapsed,
        double[] LatenciesMs,
        List<string> Samples
    )
    {
        public double PerSecond => (Uploads - Errors) / Elapsed.TotalSeconds;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var o = Parse(args);
        var work = Directory.CreateTempSubdirectory("evidence-bench-files-").FullName;
        try
        {
            var photo = Path.Combine(work, "photo.jpg");
            byte[] bytes = new byte[o.Size];
            Random.Shared.NextBytes(bytes);
            ((byte[])[0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, .. "JFIF"u8, 0x00]).CopyTo(bytes, 0); // JPEG header, random (incompressible) rest
            await File.WriteAllBytesAsync(photo, bytes);
            var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));

            using var handler = new SocketsHttpHandler
            {
                PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
                MaxConnectionsPerServer = o.Workers,
                UseCookies = false,
            };
            using var roundRobin = new RoundRobinHandler(o.Targets, handler);
            var workers = new List<Worker>();
            for (var i = 0; i < o.Workers; i++)
            {
                var w = new Worker(new ApiClient(o.Targets[0], handler), new ApiClient(o.Targets[0], roundRobin));
                await w.Single.LoginAsync($"upload{i:D2}");
                w.Spread.Authorization = w.Single.Authorization; // one signing key: the token is valid on every instance
                workers.Add(w);
            }

            var configs = o.Targets.Count > 1 ? new[] { "1 inst", $"{o.Targets.Count} inst" } : ["1 inst"];
            Console.WriteLine(
                "Evidence upload benchmark, scale-out: concurrent POST /api/disputes/{id}/evidence on running API processes"
            );
            Console.WriteLine(
                $"  when      {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; {Environment.ProcessorCount} logical cores; load average {LoadAverage()}"
            );
            Console.WriteLine($"  targets   {string.Join(", ", o.Targets)}");
            Console.WriteLine(
                $"  load      {o.Workers} workers (one citizen each), closed loop, {o.Size / 1e6:0.0} MB JPEG per upload (multipart, as wx.uploadFile),"
            );
            Console.WriteLine(
                $"            a new case every {o.PerCase} uploads per worker (its filing counts in the phase's time); warm-up {o.WarmUp:0.#} s,"
            );
            Console.WriteLine(
                $"            then {o.Rounds} rounds x {o.Seconds:0.#} s per configuration in ABBA order"
            );
            Console.WriteLine();
            Console.WriteLine(
                $"  {"phase", -10} {"config", -7} {"upl/s", 7} {"MB/s", 7} {"p50 ms", 8} {"p95 ms", 8} {"uploads", 8} {"errors", 7} {"filings", 8}  load average"
            );

            var warmUp = new List<Phase>();
            foreach (var c in configs)
                warmUp.Add(Print("warm-up", o, await RunPhaseAsync(o, workers, c, o.WarmUp, photo, sha)));
            var measured = new List<Phase>();
            for (var round = 1; round <= o.Rounds; round++)
                foreach (var c in round % 2 == 1 ? configs : configs.Reverse())
                    measured.Add(Print($"round {round}", o, await RunPhaseAsync(o, workers, c, o.Seconds, photo, sha)));

            Console.WriteLine();
            Console.WriteLine("RESULT");
            var medians = new List<double>();
            foreach (var c in configs)
            {
                var mine = measured.Where(p => p.Config == c).ToList();
                var rates = mine.Select(p => p.PerSecond).ToArray();
                var lat = mine.SelectMany(p => p.LatenciesMs).Order().ToArray();
                medians.Add(Median(rates));
                Console.WriteLine(
                    string.Create(
                        Inv,
                        $"  {c}: {Median(rates), 6:0.0} uploads/s = {Median(rates) * o.Size / 1e6, 6:0.0} MB/s (median of {rates.Length}; rounds {string.Join(", ", rates.Select(r => r.ToString("0.0", Inv)))}), p50 {Pct(lat, 0.5):0} ms, p95 {Pct(lat, 0.95):0} ms, errors {mine.Sum(p => p.Errors)}"
                    )
                );
            }
            if (configs.Length == 2)
            {
                var one = measured.Where(p => p.Config == configs[0]).Select(p => p.PerSecond).ToArray();
                var two = measured.Where(p => p.Config == configs[1]).Select(p => p.PerSecond).ToArray();
                Console.WriteLine(
                    string.Create(
                        Inv,
                        $"  ratio {configs[1]}/1 inst: {medians[1] / medians[0]:0.00}   (per round: {string.Join(", ", two.Zip(one, (b, a) => (b / a).ToString("0.00", Inv)))})"
                    )
                );
                Console.WriteLine(
                    $"  requests per instance in the round-robin phases (logins excluded): {string.Join(" / ", roundRobin.Counts)}"
                );
            }
            var errors = warmUp.Concat(measured).Sum(p => p.Errors);
            foreach (var s in warmUp.Concat(measured).SelectMany(p => p.Samples).Take(5))
                Console.WriteLine($"  error: {s}");
            Console.WriteLine($"  load average at the end: {LoadAverage()}");
            foreach (var w in workers)
            {
                w.Single.Dispose();
                w.Spread.Dispose();
            }
            return errors > 0 ? 1 : 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<Phase> RunPhaseAsync(
        Options o,
        List<Worker> workers,
        string config,
        double seconds,
        string photo,
        string sha
    )
    {
        var spread = config != "1 inst";
        var start = Stopwatch.GetTimestamp();
        var deadline = start + (long)(seconds * Stopwatch.Frequency);
        var results = await Task.WhenAll(
            workers.Select(w =>
                Task.Run(async () =>
                {
                    var client = spread ? w.Spread : w.Single;
                    var latencies = new List<double>();
                    var samples = new List<string>();
                    int uploads = 0,
                        errors = 0,
                        filings = 0;
                    while (Stopwatch.GetTimestamp() < deadline)
                    {
                        if (w.CaseId is null || w.UploadsOnCase >= o.PerCase)
                        {
                            w.CaseId = await client.FileCaseAsync();
                            w.UploadsOnCase = 0;
                            filings++;
                        }
                        var sentAt = Stopwatch.GetTimestamp();
                        string? failure = null;
                        try
                        {
                            var reported = await client.UploadAsync(w.CaseId, photo, "image/jpeg");
                            if (reported != sha)
                                failure = $"SHA-256 {reported}, expected {sha}";
                        }
                        catch (Exception e)
                            when (e is InvalidOperationException or HttpRequestException or TaskCanceledException)
                        {
                            failure = e.Message.Length > 300 ? e.Message[..300] : e.Message;
                        }
                        latencies.Add(Stopwatch.GetElapsedTime(sentAt).TotalMilliseconds);
                        uploads++;
                        w.UploadsOnCase++;
                        if (failure is null)
                            continue;
                        errors++;
                        if (samples.Count < 3)
                            samples.Add(failure);
                    }
                    return (uploads, errors, filings, latencies, samples);
                })
            )
        );
        return new Phase(
            config,
            results.Sum(r => r.uploads),
            results.Sum(r => r.errors),
            results.Sum(r => r.filings),
            Stopwatch.GetElapsedTime(start),
            results.SelectMany(r => r.latencies).ToArray(),
            results.SelectMany(r => r.samples).ToList()
        );
    }

    private static Phase Print(string label, Options o, Phase p)
    {
        var lat = p.LatenciesMs.Order().ToArray();
        Console.WriteLine(
            string.Create(
                Inv,
                $"  {label, -10} {p.Config, -7} {p.PerSecond, 7:0.0} {p.PerSecond * o.Size / 1e6, 7:0.0} {Pct(lat, 0.5), 8:0} {Pct(lat, 0.95), 8:0} {p.Uploads, 8} {p.Errors, 7} {p.Filings, 8}  {LoadAverage()}"
            )
        );
        return p;
    }

    private static Options Parse(string[] args)
    {
        IReadOnlyList<Uri> targets = [];
        int workers = 8,
            rounds = 3,
            size = 2_000_000,
            perCase = 40;
        double seconds = 10,
            warmUp = 5;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--targets":
                    targets = Value()
                        .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        .Select(t => new Uri(t))
                        .ToList();
                    break;
                case "--workers":
                    workers = int.Parse(Value(), Inv);
                    break;
                case "--seconds":
                    seconds = double.Parse(Value(), Inv);
                    break;
                case "--warmup":
                    warmUp = double.Parse(Value(), Inv);
                    break;
                case "--rounds":
                    rounds = int.Parse(Value(), Inv);
                    break;
                case "--size":
                    size = int.Parse(Value(), Inv);
                    break;
                case "--per-case":
                    perCase = int.Parse(Value(), Inv);
                    break;
                default:
                    throw new ArgumentException(
                        $"unknown option {args[i]} (options: --targets A[,B] --workers N --seconds N --warmup N --rounds N --size BYTES --per-case N)"
                    );
            }
        }
        if (targets.Count == 0)
            throw new ArgumentException("--targets needs at least one URL");
        if (perCase is < 1 or > 50)
            throw new ArgumentException("--per-case must be 1..50 (Evidence:MaxFilesPerCase)");
        return new Options(targets, workers, seconds, warmUp, rounds, size, perCase);
    }

    private static double Median(double[] v)
    {
        var s = v.Order().ToArray();
        return s.Length == 0 ? double.NaN
            : s.Length % 2 == 1 ? s[s.Length / 2]
            : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }

    private static double Pct(double[] sorted, double p) =>
        sorted.Length == 0
            ? double.NaN
            : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
