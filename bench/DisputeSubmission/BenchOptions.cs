namespace Mediation.Bench.DisputeSubmission;

/// <summary>Command-line settings; every one has a default, so a bare `dotnet run` measures something
/// sensible.</summary>
public sealed record BenchOptions
{
    public int Workers { get; init; } = 8;
    public TimeSpan Phase { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Long, because under full load the JIT's tier-1 code arrives late (the full pipeline reached steady
    /// state after ~30 s).</summary>
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(20);
    public int Rounds { get; init; } = 5;
    public Provider Provider { get; init; } = Provider.Sqlite;

    /// <summary>PostgreSQL server to use; the benchmark creates (and afterwards drops) its own database on
    /// it.</summary>
    public string? Connection { get; init; }
    public double Bar { get; init; } = 0.60;
    public bool Breakdown { get; init; }

    /// <summary>Load one endpoint only ("bare" or "full"), e.g. while a profiler is attached; no ratio is
    /// reported.</summary>
    public string? Only { get; init; }

    /// <summary>Running API processes to load instead of an in-process server (see RemoteTargets.cs); null =
    /// in-process.</summary>
    public IReadOnlyList<Uri>? Targets { get; init; }

    public const string Usage = """
        usage: dotnet run -c Release --project bench/DisputeSubmission -- [options]
          --seconds N        length of each measured phase (default 10)
          --warmup N         length of the warm-up phase per endpoint (default 20)
          --rounds N         measured rounds; each round runs every endpoint (default 5)
          --workers N        concurrent clients (default 8)
          --provider P       sqlite (default: fresh file in a temp dir) or postgres
          --connection CS    PostgreSQL server for --provider postgres (a fresh database is created on it)
          --breakdown        after the rounds, time the pipeline's parts (see bench/README.md)
          --only E           load one endpoint only (bare, grouped or full), e.g. under dotnet-trace; prints its phases, no ratio
          --targets A[,B]    load running API processes instead (e.g. http://127.0.0.1:5081,http://127.0.0.1:5082):
                             rounds alternate between "1 instance" (A only) and round-robin over all of them;
                             only POST /api/disputes (the bare endpoint exists in-process only); see bench/scale-out.sh
        """;

    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            o = args[i] switch
            {
                "--seconds" => o with { Phase = TimeSpan.FromSeconds(Positive(Value())) },
                "--warmup" => o with
                {
                    WarmUp = TimeSpan.FromSeconds(
                        double.Parse(Value(), System.Globalization.CultureInfo.InvariantCulture)
                    ),
                },
                "--rounds" => o with { Rounds = (int)Positive(Value()) },
                "--workers" => o with { Workers = (int)Positive(Value()) },
                "--provider" => o with { Provider = Enum.Parse<Provider>(Value(), ignoreCase: true) },
                "--connection" => o with { Connection = Value() },
                "--breakdown" => o with { Breakdown = true },
                "--only" => o with
                {
                    Only =
                        Value() is var e && e is "bare" or "grouped" or "full"
                            ? e
                            : throw new ArgumentException("--only is bare, grouped or full"),
                },
                "--targets" => o with
                {
                    Targets = Value()
                        .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                        .Select(t => new Uri(t))
                        .ToList(),
                },
                var other => throw new ArgumentException($"unknown option {other}"),
            };
        }
        if (o.Targets is { Count: 0 })
            throw new ArgumentException("--targets needs at least one URL");
        if (o.Only is not null && (o.Breakdown || o.Targets is not null))
            throw new ArgumentException("--only cannot be combined with --breakdown or --targets");
        if (o.Targets is not null && o.Breakdown)
            throw new ArgumentException(
                "--breakdown needs the in-process server; it cannot be combined with --targets"
            );
        if (o.Targets is null)
            BenchCommandLine.RequireConnection(o.Provider, o.Connection);
        return o;
    }

    private static double Positive(string text) =>
        double.Parse(text, System.Globalization.CultureInfo.InvariantCulture) is > 0 and var v
            ? v
            : throw new ArgumentException($"{text} must be positive");
}
