using System.Globalization;
using System.Reflection;

namespace Mediation.Bench.RoomDelivery;

internal sealed record Options(
    string Connection,
    string Redis,
    int Rooms,
    int Rate,
    int Seconds,
    int Warmup,
    int Instances,
    int Concurrency,
    int PoolSize,
    bool Keep
)
{
    public const string Usage = """
        RoomDelivery: live delivery in the mediation rooms across instances of the service (dotnet Api.dll processes)
        on one PostgreSQL database and one Redis (the SignalR backplane).

          dotnet run -c Release --project bench/RoomDelivery -- [options]

          --connection CS   PostgreSQL server (default $TEST_POSTGRES); a fresh bench_rooms_… database is made and dropped
          --redis CS        Redis (default $TEST_REDIS, e.g. from `eval "$(bash scripts/redis.sh start)"`)
          --rooms N         rooms, 5 participants each (100)
          --rate N          messages per second per room (20)
          --seconds N       measured duration (30), after --warmup N seconds of the same load (5)
          --instances N     service processes; participants of a room alternate between them (2)
          --concurrency N   parallel requests while making the rooms (8)
          --pool N          PostgreSQL connections per instance at most (40: two instances fit under max_connections 100)
          --keep            keep the database
        """;

    public static string RepoRoot { get; } =
        typeof(Options)
            .Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "RepoRoot")
            .Value!;

    public static Options Parse(string[] args)
    {
        var o = new Options(
            Environment.GetEnvironmentVariable("TEST_POSTGRES") ?? "",
            Environment.GetEnvironmentVariable("TEST_REDIS") ?? "",
            100,
            20,
            30,
            5,
            2,
            8,
            40,
            false
        );
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Int() => int.Parse(Value(), CultureInfo.InvariantCulture);
            o = args[i] switch
            {
                "--connection" => o with { Connection = Value() },
                "--redis" => o with { Redis = Value() },
                "--rooms" => o with { Rooms = Int() },
                "--rate" => o with { Rate = Int() },
                "--seconds" => o with { Seconds = Int() },
                "--warmup" => o with { Warmup = Int() },
                "--instances" => o with { Instances = Int() },
                "--concurrency" => o with { Concurrency = Int() },
                "--pool" => o with { PoolSize = Int() },
                "--keep" => o with { Keep = true },
                _ => throw new ArgumentException($"unknown argument {args[i]}"),
            };
        }
        if (string.IsNullOrWhiteSpace(o.Connection))
            throw new ArgumentException(
                "no PostgreSQL: --connection or TEST_POSTGRES (bash scripts/postgres.sh start)"
            );
        if (string.IsNullOrWhiteSpace(o.Redis))
            throw new ArgumentException("no Redis: --redis or TEST_REDIS (eval \"$(bash scripts/redis.sh start)\")");
        if (o.Rooms < 2 || o.Rate < 1 || o.Seconds < 1 || o.Instances < 1)
            throw new ArgumentException("--rooms ≥ 2, --rate ≥ 1, --seconds ≥ 1, --instances ≥ 1");
        return o;
    }
}
