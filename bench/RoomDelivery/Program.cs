using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Mediation.Bench.RoomDelivery;
using Npgsql;

// Live delivery in the mediation rooms on several instances of the service: N rooms × 5 participants over WebSockets,
// the participants of each room spread over the instances (so most deliveries cross Redis), each room sending at a
// fixed rate. Prints delivery latency (the sender's send call to each other participant's receive, one clock),
// deliveries per second, and each instance's resident memory per connection. Usage: see Options.Usage.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
Options o;
try
{
    if (args is ["-h"] or ["--help"])
    {
        Console.WriteLine(Options.Usage);
        return 0;
    }
    o = Options.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(Options.Usage);
    return 2;
}

const int Seats = 5;
var database = "bench_rooms_" + Guid.NewGuid().ToString("N")[..12];

// Each instance's pool is capped so that all of them fit under the server's max_connections (100 for
// scripts/postgres.sh; compose.yaml sets 200): without the cap a saturated run fails with "53300: too many clients".
var dbConnection = new NpgsqlConnectionStringBuilder(o.Connection)
{
    Database = database,
    MaxPoolSize = o.PoolSize,
}.ConnectionString;
await ExecAsync($"CREATE DATABASE \"{database}\"");
var instances = new List<ServiceInstance>();
var participants = new List<Participant>();
try
{
    string Key() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    const string adminPassword = "Admin-Passw0rd-room-bench";
    var env = new Dictionary<string, string>
    {
        // Development: the WeChat stand-in logs citizens in with dev:<name> (no WeChat here).
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["Database__Provider"] = "Postgres",
        ["Database__ConnectionString"] = dbConnection,
        ["Jobs__Storage"] = "Postgres",
        ["Jobs__RunServer"] = "false",
        ["Auth__SigningKey"] = Key(),
        ["PersonalData__EncryptionKey"] = Key(),
        ["PersonalData__HashKey"] = Key(),
        ["Admin__Username"] = "admin",
        ["Admin__Password"] = adminPassword,
        ["SignalR__Redis"] = o.Redis,
        ["SignalR__ChannelPrefix"] = database,
        // Every participant sends 4 messages/s from one loopback address: the room allowance (RoomSendLimiter,
        // RateLimits:RoomMessages, 60 a minute per participant) would refuse most of them. Off, so that the limit is
        // not what is measured.
        ["RateLimits__Enabled"] = "false",
        ["Auth__LoginPermitsPerMinute"] = "100000",
        ["Sessions__ProposeFirstSession"] = "false",
        ["Logging__LogLevel__Default"] = "Warning",
    };
    // The first instance migrates the empty database; the others start on it.
    instances.Add(await ServiceInstance.StartAsync("api-1", env));
    for (var i = 1; i < o.Instances; i++)
        instances.Add(await ServiceInstance.StartAsync($"api-{i + 1}", env));
    Console.WriteLine(
        $"Room delivery: {o.Rooms} rooms × {Seats} participants, {o.Rate} messages/s per room, {o.Seconds} s measured after {o.Warmup} s, {o.Instances} instance(s) (dotnet Api.dll processes, pool {o.PoolSize} each) on PostgreSQL {Describe(o.Connection)} + Redis {o.Redis}"
    );
    Console.WriteLine(
        $"  start {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, load average {Load()}, {Environment.ProcessorCount} cores"
    );

    var clock = Stopwatch.StartNew();
    var rooms = await new RoomSetup(instances[0].BaseAddress, "admin", adminPassword, o.Instances).CreateAsync(
        o.Rooms,
        o.Concurrency
    );
    Console.WriteLine(
        $"  set-up: {rooms.Count} cases filed, accepted, assigned, respondents bound in {clock.Elapsed.TotalSeconds:0.0} s"
    );

    var capacity = (int)Math.Min(int.MaxValue / 16, (long)o.Rooms * o.Rate * (o.Seconds + 5) * (Seats - 1) * 2);
    var delivery = new Delivery(capacity);
    foreach (var room in rooms)
        for (var s = 0; s < Seats; s++)
            participants.Add(new Participant(room, s, instances[room.Seats[s].Instance].BaseAddress, delivery));

    // Warm-up connections (the first two rooms): the hub's code paths are JIT-compiled and the pools filled before the
    // baseline, so that the per-connection figure is what each further connection costs.
    var warm = participants.Where(p => p.Room.Index < 2).ToList();
    foreach (var p in warm)
        await p.ConnectAsync();
    foreach (var p in warm)
        p.Send();
    await Task.Delay(2000);
    var before = instances.Select(i => i.WorkingSetBytes).ToArray();
    clock.Restart();
    using (var gate = new SemaphoreSlim(o.Concurrency * 4))
        await Task.WhenAll(
            participants
                .Except(warm)
                .Select(async p =>
                {
                    await gate.WaitAsync();
                    try
                    {
                        await p.ConnectAsync();
                    }
                    finally
                    {
                        gate.Release();
                    }
                })
        );
    Console.WriteLine($"  connected and joined {participants.Count} WebSockets in {clock.Elapsed.TotalSeconds:0.0} s");
    await Task.Delay(3000);
    var after = instances.Select(i => i.WorkingSetBytes).ToArray();

    // The load: each room sends at o.Rate, its participants in turn, open loop (a late tick sends what is due).
    using var stop = new CancellationTokenSource();
    var senders = rooms
        .Select(room =>
            Task.Run(async () =>
            {
                var seats = participants.Where(p => p.Room == room).ToArray();
                await Task.Delay(Random.Shared.Next(0, 1000 / o.Rate));
                var start = Stopwatch.GetTimestamp();
                long due = 0;
                while (!stop.IsCancellationRequested)
                {
                    var should = (long)(Stopwatch.GetElapsedTime(start).TotalSeconds * o.Rate) + 1;
                    for (; due < should; due++)
                        seats[due % seats.Length].Send();
                    try
                    {
                        await Task.Delay(1000 / o.Rate / 2, stop.Token);
                    }
                    catch (OperationCanceledException) { }
                }
            })
        )
        .ToList();
    await Task.Delay(TimeSpan.FromSeconds(o.Warmup));
    var stored0 = Interlocked.Read(ref delivery.Stored);
    delivery.Measuring = true;
    clock.Restart();
    await Task.Delay(TimeSpan.FromSeconds(o.Seconds));
    delivery.Measuring = false;
    var measured = clock.Elapsed.TotalSeconds;
    var stored = Interlocked.Read(ref delivery.Stored) - stored0;
    var deliveredInWindow = delivery.Delivered;
    stop.Cancel();
    await Task.WhenAll(senders);
    await Task.Delay(3000); // the stragglers of the window arrive (their latency is counted)
    var afterLoad = instances.Select(i => i.WorkingSetBytes).ToArray();

    var sorted = delivery.Sorted();
    double P(double q) => sorted.Length == 0 ? double.NaN : sorted[(int)Math.Min(sorted.Length - 1, q * sorted.Length)];
    var expected = Interlocked.Read(ref delivery.SentMeasured) * (Seats - 1);
    Console.WriteLine("RESULT");
    Console.WriteLine(
        $"  sent in the window: {delivery.SentMeasured} messages ({delivery.SentMeasured / measured:0.0}/s offered), stored {stored / measured:0.0}/s, send errors {delivery.Errors}"
    );
    Console.WriteLine(
        $"  delivered to the other participants: {sorted.Length} of {expected} ({100.0 * sorted.Length / Math.Max(1, expected):0.00} %), {deliveredInWindow / measured:0.0} deliveries/s, duplicates {delivery.Duplicates}"
    );
    Console.WriteLine(
        $"  latency send → receive: p50 {P(0.50):0.0} ms, p90 {P(0.90):0.0} ms, p99 {P(0.99):0.0} ms, max {(sorted.Length > 0 ? sorted[^1] : double.NaN):0.0} ms  (goal p99 < 100 ms: {(P(0.99) < 100 ? "PASS" : "MISS")})"
    );
    for (var i = 0; i < instances.Count; i++)
    {
        var n = participants.Count(p => p.Instance == i && p.Room.Index >= 2);
        var perConnection = (after[i] - before[i]) / (double)Math.Max(1, n);
        Console.WriteLine(
            $"  {instances[i].Name}: RSS {before[i] / 1e6:0.0} MB → {after[i] / 1e6:0.0} MB with {n} more connections = {perConnection / 1e3:0.0} kB per connection (goal < 50 kB: {(perConnection < 50_000 ? "PASS" : "MISS")}); after the load {afterLoad[i] / 1e6:0.0} MB"
        );
    }
    Console.WriteLine($"  end {DateTime.UtcNow:HH:mm} UTC, load average {Load()}");
    if (delivery.Errors > 0)
        foreach (var i in instances)
            Console.Error.WriteLine($"--- {i.Name} (last lines) ---\n{i.Output[^Math.Min(i.Output.Length, 6000)..]}");
    return delivery.Errors == 0 && delivery.Duplicates == 0 ? 0 : 1;
}
catch
{
    foreach (var i in instances)
        Console.Error.WriteLine($"--- {i.Name} ---\n{i.Output}");
    throw;
}
finally
{
    foreach (var p in participants)
        await p.DisposeAsync();
    foreach (var i in instances)
        await i.DisposeAsync();
    if (!o.Keep)
    {
        NpgsqlConnection.ClearAllPools();
        await ExecAsync($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
    }
}

async Task ExecAsync(string sql)
{
    await using var connection = new NpgsqlConnection(o.Connection);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand(sql, connection);
    await command.ExecuteNonQueryAsync();
}

static string Describe(string cs) => new NpgsqlConnectionStringBuilder(cs) is var b ? $"{b.Host}:{b.Port}" : "";

static string Load() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
