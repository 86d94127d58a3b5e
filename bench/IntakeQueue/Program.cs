using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text.Json;
using Mediation.Api.Auth;
using Mediation.Api.Infrastructure.Data;
using Mediation.Api.Infrastructure.Security;
using Mediation.Api.ReferenceData;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Mediation.Bench.IntakeQueue;

internal sealed record Series(string Page, double P50, double P95, double Max, int Items, string Counts);

internal static class BenchProgram
{
    private const string Password = "Bench-Supervisor-Passw0rd-1";

    public static async Task<int> Main(string[] args)
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        if (BenchCommandLine.TryParse(args, BenchOptions.Parse, BenchOptions.Usage, out var o) is { } exit)
            return exit;

        SqlCapture.Start();
        await using var api = new BenchApi(Host(o));
        var address = await api.StartAsync();
        var now = DateTime.UtcNow;

        List<BodyRef> bodies;
        List<string> types;
        using (var scope = api.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            bodies = await db.Bodies.AsNoTracking().Select(b => new BodyRef(b.Id, b.Code)).ToListAsync();
            types = await db.DisputeTypes.AsNoTracking().Select(t => t.Code).ToListAsync();
            // The county supervisor, created straight in the database as an administrator would have.
            var supervisor = new StaffUser
            {
                Username = "bench-supervisor",
                PasswordHash = "",
                DisplayName = "文登区督导",
                Roles = [StaffRoles.Supervisor],
                BodyId = bodies.Single(b => b.Code == "WD").Id,
                CreatedAt = now,
            };
            supervisor.PasswordHash = new PasswordHasher<StaffUser>().HashPassword(supervisor, Password);
            db.StaffUsers.Add(supervisor);
            await db.SaveChangesAsync();
        }

        using var client = new HttpClient(
            new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan, UseCookies = false }
        )
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromSeconds(120),
        };
        var login = await client.PostAsJsonAsync(
            "/api/auth/staff",
            new { username = "bench-supervisor", password = Password }
        );
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        Console.WriteLine(
            "Intake queue benchmark: GET /api/intake for a county supervisor (WD: 8 bodies), first and deep pages"
        );
        Console.WriteLine($"  when      {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Console.WriteLine(
            $"  machine   {Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, load average {LoadAverage()}"
        );
        Console.WriteLine(
            $"  server    Kestrel in this process on {address} (real HTTP over loopback), Development environment"
        );
        Console.WriteLine($"  database  {api.DatabaseDescription}");
        Console.WriteLine(
            $"  requests  one at a time; {o.WarmUp} warm-up then {o.Requests} measured rounds, each round one request per page in turn; limit={o.Limit}; deep pages follow nextCursor up to {o.Depth} times (waiting queue) and {o.ClosedDepth} times (status=Closed)"
        );
        Console.WriteLine();

        var generator = new CaseGenerator(bodies, types, now, o.Seed);
        var results = new Dictionary<int, List<Series>>();
        var filled = 0;
        List<CapturedCommand> deepCommands = [];
        var depths = new Dictionary<string, int>();
        string deepUrl;
        foreach (var size in new[] { o.Small, o.Large })
        {
            var fill = await Filler.FillAsync(o, api.DirectConnectionString, generator, size - filled);
            var analyze = Stopwatch.StartNew();
            await Filler.AnalyzeAsync(o, api.DirectConnectionString);
            Console.WriteLine(
                $"== {size:N0} cases: inserted {size - filled:N0} in {fill.TotalSeconds:F1} s, ANALYZE {analyze.Elapsed.TotalSeconds:F1} s; load average {LoadAverage()}"
            );
            filled = size;

            // The deep pages go as deep at the large size as they could go at the small one.
            var queue = $"/api/intake?limit={o.Limit}";
            var closed = $"/api/intake?limit={o.Limit}&status=Closed";
            var (deepCursor, depth) = await WalkAsync(
                client,
                queue,
                o.Limit,
                depths.GetValueOrDefault("queue", o.Depth)
            );
            var (closedCursor, closedDepth) = await WalkAsync(
                client,
                closed,
                o.Limit,
                depths.GetValueOrDefault("closed", o.ClosedDepth)
            );
            (depths["queue"], depths["closed"]) = (depth, closedDepth);
            deepUrl = $"{queue}&cursor={Uri.EscapeDataString(deepCursor)}";
            var pages = new List<(string Name, string Url)>
            {
                ("queue, first page", queue),
                ($"queue, page {depth + 1} (rows {depth * o.Limit + 1}-{(depth + 1) * o.Limit})", deepUrl),
                ("Closed, first page", closed),
                (
                    $"Closed, page {closedDepth + 1} (rows {closedDepth * o.Limit + 1}-{(closedDepth + 1) * o.Limit})",
                    $"{closed}&cursor={Uri.EscapeDataString(closedCursor)}"
                ),
            };
            var series = await MeasureAsync(client, o, pages);
            results[size] = series;
            Console.WriteLine($"  {"page", -40} {"p50 ms", 8} {"p95 ms", 8} {"max ms", 8}  items  counts");
            foreach (var s in series)
                Console.WriteLine(
                    $"  {s.Page, -40} {s.P50, 8:F1} {s.P95, 8:F1} {s.Max, 8:F1}  {s.Items, 5}  {s.Counts}"
                );

            // Where a deep-page request of the waiting queue spends its database time (mean over 20 requests).
            const int sampled = 20;
            SqlCapture.Take();
            SqlCapture.On = true;
            for (var i = 0; i < sampled; i++)
                await GetAsync(client, deepUrl);
            SqlCapture.On = false;
            deepCommands = SqlCapture.Take();
            Console.WriteLine(
                $"  a waiting-queue deep-page request, mean of {sampled}: {deepCommands.Count / (double)sampled:F0} commands, "
                    + $"{deepCommands.Sum(c => c.Ms) / sampled:F1} ms in the database (execution + reading rows)"
            );
            foreach (var g in deepCommands.GroupBy(c => c.Label).OrderByDescending(g => g.Sum(c => c.Ms)))
                Console.WriteLine(
                    $"    {g.Key, -36} x{g.Count() / (double)sampled, -5:F0} {g.Sum(c => c.Ms) / sampled, 7:F1} ms"
                );
            Console.WriteLine();
        }

        Console.WriteLine(
            "RESULT (target: p95 at the large size within " + o.Bar.ToString("0.0#") + "x of p95 at the small size)"
        );
        var pass = true;
        for (var i = 0; i < results[o.Small].Count; i++)
        {
            var (a, b) = (results[o.Small][i], results[o.Large][i]);
            var ratio = b.P95 / a.P95;
            pass &= ratio <= o.Bar;
            Console.WriteLine(
                $"  {a.Page.Split(" (")[0], -22} p95 {a.P95, 7:F1} ms at {o.Small:N0}  ->  {b.P95, 7:F1} ms at {o.Large:N0}   ratio {ratio:F2}  {(ratio <= o.Bar ? "PASS" : "MISS")}"
            );
        }
        Console.WriteLine();

        await ExplainAsync(o, api.DirectConnectionString, deepCommands);
        if (o.Keep)
            Console.WriteLine($"kept: {api.DatabaseDescription}");
        return 0;
    }

    /// <summary>
    /// Follows nextCursor from the first page, as a client paging through the queue would, at most <paramref name="depth"/> times.
    /// If the queue is shorter, stops at the last full page. Returns the cursor and how many times it was followed.
    /// </summary>
    private static async Task<(string Cursor, int Depth)> WalkAsync(
        HttpClient client,
        string query,
        int limit,
        int depth
    )
    {
        var cursors = new List<string>();
        while (cursors.Count < depth)
        {
            var page = await GetAsync(
                client,
                query + (cursors.Count == 0 ? "" : $"&cursor={Uri.EscapeDataString(cursors[^1])}")
            );
            if (page.GetProperty("nextCursor").GetString() is not { } next)
                break;
            cursors.Add(next);
        }
        if (cursors.Count == 0)
            throw new InvalidOperationException($"{query} has a single page; nothing deep to measure");
        // A short queue: the last cursor leads to a partial last page, so take the one before it.
        var used = cursors.Count == depth || cursors.Count == 1 ? cursors.Count : cursors.Count - 1;
        return (cursors[used - 1], used);
    }

    /// <summary>
    /// Warm-up rounds, then measured rounds; each round requests every page once, in turn, so that the machine's
    /// drift (it is shared) weighs on all pages alike.
    /// </summary>
    private static async Task<List<Series>> MeasureAsync(
        HttpClient client,
        BenchOptions o,
        List<(string Name, string Url)> pages
    )
    {
        var last = new JsonElement[pages.Count];
        for (var round = 0; round < o.WarmUp; round++)
        for (var p = 0; p < pages.Count; p++)
            last[p] = await GetAsync(client, pages[p].Url);
        var times = pages.Select(_ => new double[o.Requests]).ToArray();
        for (var round = 0; round < o.Requests; round++)
        for (var p = 0; p < pages.Count; p++)
        {
            var start = Stopwatch.GetTimestamp();
            last[p] = await GetAsync(client, pages[p].Url);
            times[p][round] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        return pages
            .Select(
                (page, p) =>
                {
                    var t = times[p];
                    Array.Sort(t);
                    var counts = string.Join(
                        " ",
                        last[p].GetProperty("counts").EnumerateObject().Select(c => $"{c.Name}={c.Value.GetInt32()}")
                    );
                    return new Series(
                        page.Name,
                        Percentile(t, 0.50),
                        Percentile(t, 0.95),
                        t[^1],
                        last[p].GetProperty("items").GetArrayLength(),
                        counts
                    );
                }
            )
            .ToList();
    }

    /// <summary>The shared in-process host, without Hangfire's server and with quiet logs.</summary>
    private static BenchApiOptions Host(BenchOptions o) =>
        new()
        {
            FolderPrefix = "mediation-queuebench-",
            DatabasePrefix = "qbench_",
            Provider = o.Provider,
            Connection = o.Connection,
            Keep = o.Keep,
            Configure = builder =>
            {
                builder.UseSetting("RateLimits:Enabled", "false"); // a benchmark measures throughput, not the limits
                builder.UseSetting("WeChat:AppSecret", "");
                // Hangfire's server would poll the database during the measurements; the queue does not need it.
                builder.UseSetting("Jobs:RunServer", "false");
                BenchApi.QuietLogging(builder);
            },
        };

    private static async Task<JsonElement> GetAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException(
                $"GET {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}"
            );
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    /// <summary>The plans of the queue's main query (one keyset range) and of the costliest other commands, at the
    /// large size.</summary>
    private static async Task ExplainAsync(BenchOptions o, string connectionString, List<CapturedCommand> commands)
    {
        var picks = commands
            .Where(c => c.Label.StartsWith("keyset", StringComparison.Ordinal))
            .OrderByDescending(c => c.Ms)
            .Take(1)
            .Concat(
                commands
                    .Where(c => !c.Label.StartsWith("keyset", StringComparison.Ordinal))
                    .GroupBy(c => c.Label)
                    .Select(g => g.OrderByDescending(c => c.Ms).First())
                    .OrderByDescending(c => c.Ms)
                    .Take(3)
            )
            .ToList();
        foreach (var c in picks)
        {
            Console.WriteLine($"PLAN at the large size: {c.Label} (the slowest of the sampled ones: {c.Ms:F1} ms)");
            Console.WriteLine(Indent(ShortenInLists(c.Sql)));
            Console.WriteLine(
                "  parameters: "
                    + string.Join(", ", c.Parameters.Take(6).Select(p => $"{p.ParameterName}={Show(p.Value)}"))
                    + (c.Parameters.Count > 6 ? $", … ({c.Parameters.Count} in all)" : "")
            );
            Console.WriteLine("  --");
            if (o.Provider == Provider.Sqlite)
            {
                await using var conn = new SqliteConnection(connectionString);
                await conn.OpenAsync();
                await using var cmd = conn.CreateCommand();
                cmd.CommandText = "EXPLAIN QUERY PLAN " + c.Sql;
                foreach (var p in c.Parameters)
                    cmd.Parameters.Add(p);
                await using var r = await cmd.ExecuteReaderAsync();
                while (await r.ReadAsync())
                    Console.WriteLine($"  {r.GetInt32(0), 4} {r.GetInt32(1), 4}  {r.GetString(3)}");
            }
            else
            {
                await using var conn = new NpgsqlConnection(connectionString);
                await conn.OpenAsync();
                await using var cmd = new NpgsqlCommand("EXPLAIN (ANALYZE, BUFFERS) " + c.Sql, conn);
                foreach (var p in c.Parameters)
                    cmd.Parameters.Add((NpgsqlParameter)p);
                await using var r = await cmd.ExecuteReaderAsync();
                while (await r.ReadAsync())
                    Console.WriteLine("  " + r.GetString(0));
            }
            Console.WriteLine();
        }
    }

    // "IN (@ids1, @ids2, …, @ids50)" is shown as "IN (@ids1, … @ids50)" to keep the plans readable.
    private static string ShortenInLists(string sql) =>
        System.Text.RegularExpressions.Regex.Replace(sql, @"\((@\w+?)1, (?:@\w+?\d+, )+(@\w+?\d+)\)", "(${1}1, … $2)");

    private static string Indent(string sql) => string.Join('\n', sql.Split('\n').Select(l => "  " + l.TrimEnd()));

    private static string Show(object? v) =>
        v switch
        {
            null or DBNull => "NULL",
            string s => s.Length > 80 ? s[..80] + "…" : s,
            System.Collections.IEnumerable e => $"[{e.Cast<object>().Count()} values]",
            var x => x.ToString() ?? "",
        };
}
