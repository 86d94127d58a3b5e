using System.Globalization;

namespace Mediation.Bench.ReminderLag;

public sealed record BenchOptions
{
    public int Sessions { get; init; } = 10_000;

    /// <summary>Seconds from the end of seeding to the moment every reminder falls due.</summary>
    public int Lead { get; init; } = 30;

    /// <summary>Seconds over which the due times are spread (0: all at the same instant, the worst case).</summary>
    public int Spread { get; init; } = 0;

    /// <summary>How long to wait after the due time before giving up on missing messages.</summary>
    public int Timeout { get; init; } = 180;
    public Provider Provider { get; init; } = Provider.Sqlite;
    public string? Connection { get; init; }
    public int? Workers { get; init; }
    public bool Keep { get; init; }

    public const string Usage = """
        usage: dotnet run -c Release --project bench/ReminderLag -- [options]
          --sessions N     sessions, each with a mediator and two consenting citizen parties (default 10000: 20000 WeChat reminders)
          --lead S         seconds between the end of seeding and the due time (default 30)
          --spread S       spread the due times over S seconds (default 0: all due at the same instant)
          --timeout S      seconds to wait after the due time for the last message (default 180)
          --workers N      Jobs:WorkerCount for the app (default: the app's configuration)
          --provider P     sqlite (default: fresh files in a temp dir, SQLite job storage) or postgres (PostgreSQL job storage too)
          --connection CS  PostgreSQL server for --provider postgres (a fresh database is created on it and dropped afterwards)
          --keep           keep the database afterwards
        """;

    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Int() =>
                int.Parse(Value(), NumberStyles.AllowThousands, CultureInfo.InvariantCulture) is >= 0 and var v
                    ? v
                    : throw new ArgumentException("must not be negative");
            o = args[i] switch
            {
                "--sessions" => o with { Sessions = Int() },
                "--lead" => o with { Lead = Int() },
                "--spread" => o with { Spread = Int() },
                "--timeout" => o with { Timeout = Int() },
                "--workers" => o with { Workers = Int() },
                "--provider" => o with { Provider = Enum.Parse<Provider>(Value(), ignoreCase: true) },
                "--connection" => o with { Connection = Value() },
                "--keep" => o with { Keep = true },
                var other => throw new ArgumentException($"unknown option {other}"),
            };
        }
        BenchCommandLine.RequireConnection(o.Provider, o.Connection);
        if (o.Sessions < 1)
            throw new ArgumentException("--sessions must be positive");
        return o;
    }
}
