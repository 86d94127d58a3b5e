using System.Globalization;

namespace Mediation.Bench.IntakeQueue;

public sealed record BenchOptions
{
    public int Small { get; init; } = 10_000;
    public int Large { get; init; } = 1_000_000;
    public int Requests { get; init; } = 200;
    public int WarmUp { get; init; } = 50;
    public int Limit { get; init; } = 50;

    /// <summary>The deep page is the page after this many pages (page 21 with the defaults: rows
    /// 1,001–1,050).</summary>
    public int Depth { get; init; } = 20;

    /// <summary>The same for the status=Closed queue (the waiting queue is short at 10,000 cases: about 330
    /// rows).</summary>
    public int ClosedDepth { get; init; } = 20;
    public Provider Provider { get; init; } = Provider.Sqlite;
    public string? Connection { get; init; }
    public double Bar { get; init; } = 1.5;
    public bool Keep { get; init; }
    public int Seed { get; init; } = 4;

    public const string Usage = """
        usage: dotnet run -c Release --project bench/IntakeQueue -- [options]
          --small N          cases in the first measurement (default 10000)
          --large N          cases after growing the same database (default 1000000)
          --requests N       measured rounds per size; each round requests every page once (default 200)
          --warmup N         unmeasured rounds before them (default 50)
          --limit N          page size (default 50)
          --depth N          the deep page of the waiting queue follows nextCursor N times (default 20: rows 1001-1050),
                             or as far as the queue goes at the small size (then the same depth at the large size)
          --closed-depth N   the same for GET /api/intake?status=Closed (default 20)
          --provider P       sqlite (default: fresh file in a temp dir) or postgres
          --connection CS    PostgreSQL server for --provider postgres (a fresh database is created on it)
          --keep             keep the database afterwards (prints where it is)
        """;

    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Int() =>
                int.Parse(Value(), NumberStyles.AllowThousands, CultureInfo.InvariantCulture) is > 0 and var v
                    ? v
                    : throw new ArgumentException("must be positive");
            o = args[i] switch
            {
                "--small" => o with { Small = Int() },
                "--large" => o with { Large = Int() },
                "--requests" => o with { Requests = Int() },
                "--warmup" => o with { WarmUp = Int() },
                "--limit" => o with { Limit = Int() },
                "--depth" => o with { Depth = Int() },
                "--closed-depth" => o with { ClosedDepth = Int() },
                "--provider" => o with { Provider = Enum.Parse<Provider>(Value(), ignoreCase: true) },
                "--connection" => o with { Connection = Value() },
                "--keep" => o with { Keep = true },
                "--seed" => o with { Seed = Int() },
                var other => throw new ArgumentException($"unknown option {other}"),
            };
        }
        BenchCommandLine.RequireConnection(o.Provider, o.Connection);
        if (o.Large < o.Small)
            throw new ArgumentException("--large must be at least --small");
        return o;
    }
}
