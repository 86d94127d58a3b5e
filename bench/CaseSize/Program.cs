using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Mediation.Bench;
using Mediation.Bench.CaseSize;

// How many bytes of PostgreSQL one case takes: snapshot every table, drive N cases through the API as the mini-program and
// the staff console do (file with two respondents, upload evidence, accept, assign a mediator, schedule sessions), VACUUM
// ANALYZE, snapshot again, and divide the growth by N. Usage (bench/scale-out.sh passes the first two):
//   CaseSize --targets http://a[,http://b] --connection "Host=..;Database=.." [--cases 300] [--files 10] [--file-size 20000]
//            [--sessions 2] [--concurrency 4]        admin credentials from ADMIN_USER / ADMIN_PASSWORD
var inv = CultureInfo.InvariantCulture;
var o = CaseSizeOptions.Parse(args);
var run = Guid.NewGuid().ToString("N")[..6];

using var handler = new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan, UseCookies = false };
using var roundRobin = new RoundRobinHandler(o.Targets, handler);
HttpClient Client() =>
    new(roundRobin, disposeHandler: false) { BaseAddress = o.Targets[0], Timeout = TimeSpan.FromSeconds(120) };

async Task<HttpClient> LoginAsync(string path, object body)
{
    var client = Client();
    var response = await client.PostAsJsonAsync(path, body);
    await Ok(response);
    var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
    client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    return client;
}

var admin = await LoginAsync("/api/auth/staff", new { username = Env("ADMIN_USER"), password = Env("ADMIN_PASSWORD") });
var bodies = await admin.GetFromJsonAsync<JsonElement>("/api/bodies");
var bodyId = bodies
    .EnumerateArray()
    .Single(b => b.GetProperty("code").GetString() == "WD-ZJC-XC")
    .GetProperty("id")
    .GetGuid();
async Task<(Guid Id, HttpClient Client)> StaffAsync(string role)
{
    var username = $"{role[..3].ToLowerInvariant()}{run}{Guid.NewGuid():N}"[..16];
    const string password = "Staff-Passw0rd-1234";
    var response = await admin.PostAsJsonAsync(
        "/api/admin/staff",
        new
        {
            username,
            password,
            displayName = role == "Mediator" ? "调解员" + username[^4..] : "受理员",
            roles = new[] { role },
            bodyId,
            active = true,
            mediator = role == "Mediator" ? new { maxOpenCases = 50 } : null,
        }
    );
    await Ok(response);
    var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    return (id, await LoginAsync("/api/auth/staff", new { username, password }));
}

// The staff exist before the first snapshot: a county has them already, they are not per case.
var (_, intake) = await StaffAsync("Intake");
var mediators = new List<(Guid Id, HttpClient Client)>();
for (var i = 0; i < (o.Cases + 39) / 40; i++)
    mediators.Add(await StaffAsync("Mediator"));
var rights = await admin.GetFromJsonAsync<JsonElement>("/api/legal-texts/rights-notice");
var commitment = await admin.GetFromJsonAsync<JsonElement>("/api/legal-texts/credit-commitment");
var photo = new byte[o.FileSize];
Random.Shared.NextBytes(photo);
((byte[])[0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, .. "JFIF"u8, 0x00]).CopyTo(photo, 0);

await TableSize.VacuumAsync(o.Connection);
var (before, dbBefore) = await TableSize.ReadAsync(o.Connection);
Console.WriteLine(
    $"Case size: {o.Cases} cases through {string.Join(", ", o.Targets)}; each: 1 citizen login, filing (applicant + person + firm respondents),"
);
Console.WriteLine(
    $"  {o.Files} evidence uploads of {o.FileSize / 1000.0:0} kB, accept, assign 1 mediator, {o.Sessions} session(s) (reminders scheduled); concurrency {o.Concurrency}"
);
Console.WriteLine($"  start {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, load average {Load()}");

var clock = Stopwatch.StartNew();
var sessionSlot = 0;
var firstStart = DateTime.UtcNow.Date.AddDays(2).AddHours(1); // 09:00 China time, two days ahead
using var gate = new SemaphoreSlim(o.Concurrency);
await Task.WhenAll(
    Enumerable
        .Range(0, o.Cases)
        .Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                using var citizen = await LoginAsync("/api/auth/wechat", new { code = $"dev:size{run}{i:D5}" });
                var request = new HttpRequestMessage(HttpMethod.Post, "/api/disputes")
                {
                    Content = JsonContent.Create(Application(i)),
                };
                request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
                var filed = await citizen.SendAsync(request);
                await Ok(filed);
                var created = await filed.Content.ReadFromJsonAsync<JsonElement>();
                var caseId = created.GetProperty("id").GetString();
                var applicant = created.GetProperty("applicant").GetProperty("id").GetGuid();
                for (var f = 0; f < o.Files; f++)
                {
                    using var form = new MultipartFormDataContent();
                    form.Add(new StringContent($"现场照片 {f + 1}"), "description");
                    var part = new ByteArrayContent(photo);
                    part.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
                    form.Add(part, "file", $"photo-{f + 1}.jpg");
                    await Ok(await citizen.PostAsync($"/api/disputes/{caseId}/evidence", form));
                }
                await Ok(await intake.PostAsync($"/api/intake/{caseId}/accept", null));
                var mediator = mediators[i % mediators.Count];
                await Ok(
                    await intake.PostAsJsonAsync(
                        $"/api/intake/{caseId}/assign",
                        new { mediatorIds = new[] { mediator.Id } }
                    )
                );
                for (var s = 0; s < o.Sessions; s++)
                {
                    var slot = Interlocked.Increment(ref sessionSlot) - 1; // one hour apart: no two sessions overlap
                    await Ok(
                        await mediator.Client.PostAsJsonAsync(
                            $"/api/disputes/{caseId}/sessions",
                            new
                            {
                                mode = "Phone",
                                startsAt = firstStart.AddHours(slot),
                                durationMinutes = 30,
                                partyIds = new[] { applicant },
                            }
                        )
                    );
                }
            }
            finally
            {
                gate.Release();
            }
        })
);
var elapsed = clock.Elapsed;
await TableSize.VacuumAsync(o.Connection);
var (after, dbAfter) = await TableSize.ReadAsync(o.Connection);

Console.WriteLine(
    $"  done in {elapsed.TotalSeconds:0} s ({o.Cases / elapsed.TotalSeconds:0.0} cases/s with everything above); load average {Load()}; requests per instance {string.Join(" / ", roundRobin.Counts)}"
);
Console.WriteLine();
Console.WriteLine($"  {"table", -34} {"rows", 8} {"rows/case", 10} {"bytes", 12} {"bytes/case", 11}");
long total = 0,
    jobs = 0,
    idempotency = 0;
foreach (var t in after.Values.OrderByDescending(t => t.Bytes - (before.TryGetValue(t.Name, out var b) ? b.Bytes : 0)))
{
    var b = before.GetValueOrDefault(t.Name);
    var rows = t.Rows - (b?.Rows ?? 0);
    var bytes = t.Bytes - (b?.Bytes ?? 0);
    if (rows == 0 && bytes == 0)
        continue;
    total += bytes;
    if (t.Schema != "public")
        jobs += bytes;
    if (t.Table.Contains("Idempotency", StringComparison.OrdinalIgnoreCase))
        idempotency += bytes;
    Console.WriteLine(
        string.Create(
            inv,
            $"  {t.Name, -34} {rows, 8} {rows / (double)o.Cases, 10:0.0} {bytes, 12:N0} {bytes / (double)o.Cases, 11:N0}"
        )
    );
}
Console.WriteLine();
Console.WriteLine("RESULT");
Console.WriteLine(
    string.Create(
        inv,
        $"  all tables:        {total / (double)o.Cases, 8:N0} bytes per case  (pg_database_size grew {(dbAfter - dbBefore) / (double)o.Cases:N0} bytes per case)"
    )
);
Console.WriteLine(
    string.Create(
        inv,
        $"  of which jobs:     {jobs / (double)o.Cases, 8:N0} bytes per case  (Hangfire's schema: scheduled reminders, expire after they run)"
    )
);
Console.WriteLine(
    string.Create(
        inv,
        $"  of which idempotency records: {idempotency / (double)o.Cases, 8:N0} bytes per case  (purged after Idempotency:Retention, 7 days)"
    )
);
Console.WriteLine(
    string.Create(
        inv,
        $"  kept per case:     {(total - jobs - idempotency) / (double)o.Cases, 8:N0} bytes  (app tables, idempotency records excluded)"
    )
);
Console.WriteLine(
    string.Create(
        inv,
        $"  objects:           {o.Files} x {o.FileSize:N0} bytes per case in the bucket (the capacity note assumes 10 x ~2 MB)"
    )
);
return 0;

object Application(int i) =>
    new
    {
        applicant = new
        {
            name = "张三",
            gender = "Male",
            ethnicity = "汉族",
            birthDate = "1980-05-01",
            idNumber = "371081198005011235",
            phone = "13800138000",
            address = "山东省威海市文登区张家产镇西村12号",
            occupation = "农民",
        },
        respondents = new object[]
        {
            new
            {
                kind = "Person",
                name = "李四",
                idNumber = "371081197503124561",
                phone = "13900139000",
                address = "张家产镇西村14号",
            },
            new
            {
                kind = "Organization",
                name = "某某物业服务有限公司",
                creditCode = "91371081MA3C12345T",
                legalRepresentative = "王五",
                phone = "13700137000",
                address = "文登区龙山路1号",
            },
        },
        thirdParties = Array.Empty<object>(),
        typeCode = "neighbourhood",
        facts = $"邻居李四在两家之间的通道上堆放杂物，多次协商未果。（第 {i + 1} 件）",
        claims = "请求清除杂物，恢复通行。",
        amountFen = 500000,
        bodyId,
        preferredMode = "Phone",
        rightsNotice = new
        {
            version = rights.GetProperty("version").GetString(),
            sha256 = rights.GetProperty("sha256").GetString(),
            acknowledged = true,
        },
        creditCommitment = new
        {
            version = commitment.GetProperty("version").GetString(),
            sha256 = commitment.GetProperty("sha256").GetString(),
            signed = true,
        },
    };

static async Task Ok(HttpResponseMessage response)
{
    if (response.IsSuccessStatusCode)
        return;
    throw new InvalidOperationException(
        $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}"
    );
}

static string Env(string name) =>
    Environment.GetEnvironmentVariable(name) is { Length: > 0 } v
        ? v
        : throw new InvalidOperationException($"{name} is not set (bench/scale-out.sh sets it)");

static string Load() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

internal sealed record CaseSizeOptions(
    IReadOnlyList<Uri> Targets,
    string Connection,
    int Cases,
    int Files,
    int FileSize,
    int Sessions,
    int Concurrency
)
{
    public static CaseSizeOptions Parse(string[] args)
    {
        var o = new CaseSizeOptions([], "", 300, 10, 20_000, 2, 4);
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Int() => int.Parse(Value(), CultureInfo.InvariantCulture);
            o = args[i] switch
            {
                "--targets" => o with
                {
                    Targets = Value()
                        .Split(',', StringSplitOptions.RemoveEmptyEntries)
                        .Select(t => new Uri(t.Trim()))
                        .ToList(),
                },
                "--connection" => o with { Connection = Value() },
                "--cases" => o with { Cases = Int() },
                "--files" => o with { Files = Int() },
                "--file-size" => o with { FileSize = Int() },
                "--sessions" => o with { Sessions = Int() },
                "--concurrency" => o with { Concurrency = Int() },
                var other => throw new ArgumentException($"unknown option {other}"),
            };
        }
        if (o.Targets.Count == 0 || o.Connection.Length == 0)
            throw new ArgumentException("--targets and --connection are required (bench/scale-out.sh passes them)");
        return o;
    }
}
