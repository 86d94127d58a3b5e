using System.Net.Http.Headers;
using System.Security.Cryptography;
using Mediation.Api.Tests.Fakes;

namespace Mediation.Api.Tests.Operations.ScaleOut;

/// <summary>
/// One PostgreSQL database, one bucket on the S3 server, fake WeChat and SMS servers on loopback in this process, and
/// the service as separate processes: two serving HTTP with the job server off, and job servers that can be killed and
/// replaced. Clients go round-robin over the HTTP instances, request by request.
/// </summary>
public sealed class Cluster : IAsyncDisposable
{
    public const string AdminUsername = "admin";
    public const string AdminPassword = "Admin-Passw0rd-scale-out";
    public const string ReminderTemplate = "tmpl-session-reminder";
    public const string SmsSecret = "sms-secret-scale-out";
    public const string CreditSecret = "credit-secret-scale-out";
    public static readonly TimeSpan ReminderOffset = TimeSpan.FromMinutes(1);

    private readonly TestPostgres.Database database = TestPostgres.NewDatabase();
    private readonly string bucket = TestS3.NewBucketName();
    private readonly List<ServiceProcess> processes = [];
    private RoundRobin roundRobin = null!;

    public FakeWeChatServer WeChat { get; private set; } = null!;
    public FakeSmsGateway Sms { get; private set; } = null!;
    public FakeCreditCentre CreditCentre { get; private set; } = null!;
    public IReadOnlyDictionary<string, string> Environment { get; private set; } = null!;
    public IReadOnlyList<ServiceProcess> HttpInstances => processes.Where(p => p.Name.StartsWith("api")).ToList();
    public IReadOnlyList<int> RequestsPerInstance => roundRobin.Counts;

    public static async Task<Cluster> StartAsync()
    {
        var cluster = new Cluster();
        try
        {
            await cluster.InitializeAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private async Task InitializeAsync()
    {
        await database.CreateAsync();
        WeChat = await FakeWeChatServer.StartAsync(ApiFactory.AppId, ApiFactory.AppSecret);
        WeChat.RegisterTemplate(
            ReminderTemplate,
            new()
            {
                ["thing1"] = "thing",
                ["time2"] = "time",
                ["thing3"] = "thing",
                ["thing4"] = "thing",
            }
        );
        Sms = await FakeSmsGateway.StartAsync(SmsSecret);
        CreditCentre = await FakeCreditCentre.StartAsync(CreditSecret, () => DateTimeOffset.UtcNow);
        string Key() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var env = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Database__Provider"] = "Postgres",
            ["Database__ConnectionString"] = database.ConnectionString,
            ["Jobs__Storage"] = "Postgres",
            ["Jobs__SchedulePollingInterval"] = "00:00:01",
            ["Jobs__InvisibilityTimeout"] = "00:00:10",
            ["Auth__SigningKey"] = Key(),
            ["PersonalData__EncryptionKey"] = Key(),
            ["PersonalData__HashKey"] = Key(),
            ["Admin__Username"] = AdminUsername,
            ["Admin__Password"] = AdminPassword,
            ["WeChat__AppId"] = ApiFactory.AppId,
            ["WeChat__AppSecret"] = ApiFactory.AppSecret,
            ["WeChat__BaseUrl"] = WeChat.BaseUrl,
            ["WeChat__Templates__SessionReminder__Id"] = ReminderTemplate,
            ["WeChat__Templates__SessionReminder__Fields__title"] = "thing1",
            ["WeChat__Templates__SessionReminder__Fields__startsAt"] = "time2",
            ["WeChat__Templates__SessionReminder__Fields__place"] = "thing3",
            ["WeChat__Templates__SessionReminder__Fields__mode"] = "thing4",
            ["Sms__Url"] = Sms.Url,
            ["Sms__Secret"] = SmsSecret,
            // One reminder, a minute before the start (the shipped 1 h offset is then in the past and skipped).
            ["Sessions__ReminderOffsets__0"] = ReminderOffset.ToString(),
            ["Sessions__ProposeFirstSession"] = "false",
            ["Notifications__DeliveryLease"] = "00:00:10",
            // Credit on a short clock: obligations due today are late at once, no grace, a 5-second objection window,
            // fast retries.
            ["CreditCentre__Endpoint"] = CreditCentre.Url,
            ["CreditCentre__Secret"] = CreditSecret,
            ["CreditCentre__FirstRetryDelay"] = "00:00:02",
            ["CreditCentre__DeliveryLease"] = "00:00:10",
            ["Compliance__DueAtTimeOfDay"] = "00:00:00",
            ["Credit__WarningGrace"] = "00:00:00",
            ["Credit__ObjectionWindow"] = "00:00:05",
            // Every request comes from loopback here.
            ["Auth__LoginPermitsPerMinute"] = "100000",
            ["RateLimits__Filing__PerAddress"] = "100000",
            ["RateLimits__Uploads__PerAddress"] = "100000",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in TestS3.Settings(bucket))
            env[key.Replace(":", "__")] = value!;
        Environment = env;

        // All three start at once on the empty database, as a deployment's instances do: migrations (EF's migration
        // lock), the reference-data seed (retried by the loser of the insert race) and the first admin must come out
        // once.
        var jobs1 = ServiceProcess.StartAsync("jobs-1", With(("Jobs__RunServer", "true"), ("Jobs__WorkerCount", "4")));
        var api1 = ServiceProcess.StartAsync("api-1", With(("Jobs__RunServer", "false")));
        var api2 = ServiceProcess.StartAsync("api-2", With(("Jobs__RunServer", "false")));
        try
        {
            await Task.WhenAll(jobs1, api1, api2);
        }
        finally
        {
            foreach (var started in new[] { jobs1, api1, api2 }.Where(t => t.IsCompletedSuccessfully))
                processes.Add(started.Result);
        }
        roundRobin = new RoundRobin(HttpInstances.Select(p => p.BaseAddress).ToArray());
    }

    private Dictionary<string, string> With(params (string Key, string Value)[] extra)
    {
        var env = new Dictionary<string, string>(Environment);
        foreach (var (k, v) in extra)
            env[k] = v;
        return env;
    }

    public async Task<ServiceProcess> StartJobServerAsync(string name)
    {
        var server = await ServiceProcess.StartAsync(
            name,
            With(("Jobs__RunServer", "true"), ("Jobs__WorkerCount", "4"))
        );
        lock (processes)
            processes.Add(server);
        return server;
    }

    public ServiceProcess JobServer(string name) => processes.Single(p => p.Name == name);

    /// <summary>A client whose requests alternate between the HTTP instances.</summary>
    public HttpClient Client() =>
        new(roundRobin, disposeHandler: false)
        {
            BaseAddress = HttpInstances[0].BaseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };

    public async Task<HttpClient> CitizenAsync(string openId) =>
        await LoginAsync("/api/auth/wechat", new { code = WeChat.IssueLoginCode(openId) });

    public async Task<HttpClient> StaffAsync(string username, string password) =>
        await LoginAsync("/api/auth/staff", new { username, password });

    private async Task<HttpClient> LoginAsync(string path, object body)
    {
        var client = Client();
        var response = await client.PostAsJsonAsync(path, body);
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A staff account made through the admin API, logged in.</summary>
    public async Task<(Guid Id, HttpClient Client)> NewStaffAsync(HttpClient admin, Guid bodyId, string role)
    {
        var username = "s" + Guid.NewGuid().ToString("N")[..10];
        const string password = "Staff-Passw0rd-1234";
        var response = await admin.PostAsJsonAsync(
            "/api/admin/staff",
            new
            {
                username,
                password,
                displayName = role == "Mediator" ? "调解员" + username[..4] : role + username[..4],
                roles = new[] { role },
                bodyId,
                active = true,
                mediator = role == "Mediator" ? new { maxOpenCases = 50 } : null,
            }
        );
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        return (id, await StaffAsync(username, password));
    }

    public string Logs() => string.Join("\n\n", processes.Select(p => $"--- {p.Name} ---\n{p.Output}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var p in processes)
            await p.DisposeAsync();
        roundRobin?.Dispose();
        if (WeChat is not null)
            await WeChat.DisposeAsync();
        if (Sms is not null)
            await Sms.DisposeAsync();
        if (CreditCentre is not null)
            await CreditCentre.DisposeAsync();
        try
        {
            await database.DropAsync();
        }
        catch (Npgsql.NpgsqlException) { }
    }

    private sealed class RoundRobin(Uri[] instances) : DelegatingHandler(new SocketsHttpHandler())
    {
        private int next = -1;
        private readonly int[] counts = new int[instances.Length];
        public IReadOnlyList<int> Counts => counts;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var i = (int)((uint)Interlocked.Increment(ref next) % (uint)instances.Length);
            Interlocked.Increment(ref counts[i]);
            request.RequestUri = new UriBuilder(request.RequestUri!)
            {
                Host = instances[i].Host,
                Port = instances[i].Port,
            }.Uri;
            return base.SendAsync(request, ct);
        }
    }
}
