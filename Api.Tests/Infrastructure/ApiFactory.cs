using System.Security.Cryptography;
using Mediation.Api.Infrastructure.Data;
using Mediation.Api.Tests.Fakes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Mediation.Api.Tests.Infrastructure;

/// <summary>
/// The real service in memory with its own database, a fake clock and a fake WeChat server on loopback.
/// It reads the repo's root appsettings.json, as `dotnet run` does; tests override settings with UseSetting.
/// </summary>
public abstract class ApiFactory(ITestDatabase database) : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AppId = "wx0123456789abcdef";
    public const string AppSecret = "test-app-secret-0123456789abcdef";
    public const string AdminUsername = "admin";
    public const string AdminPassword = "Admin-Passw0rd-for-tests";
    public const string PushToken = "push-token-for-tests";
    public const string EncodingAesKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";

    private readonly string storageRoot = Directory.CreateTempSubdirectory("mediation-test-").FullName;

    protected ITestDatabase Database { get; } = database;

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);
    public FakeWeChatServer WeChat { get; private set; } = null!;

    /// <summary>For tests of the live job server, which runs on real time: the app keeps the system clock.</summary>
    protected virtual bool UsesRealClock => false;

    /// <summary>Extra settings a test class needs (e.g. a low rate limit).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [];

    /// <summary>Fake servers a harness starts on loopback before the host, and the settings that point the host at
    /// them.</summary>
    protected virtual Task<IEnumerable<KeyValuePair<string, string?>>> StartFakesAsync() =>
        Task.FromResult<IEnumerable<KeyValuePair<string, string?>>>([]);

    protected virtual Task StopFakesAsync() => Task.CompletedTask;

    private IEnumerable<KeyValuePair<string, string?>> settings = [];

    public async Task InitializeAsync()
    {
        WeChat = await FakeWeChatServer.StartAsync(AppId, AppSecret);
        settings = (await Database.CreateAsync())
            .Concat(await StartFakesAsync())
            .Concat([
                new("Storage:Root", storageRoot),
                new("Auth:SigningKey", RandomKey()),
                new("PersonalData:EncryptionKey", RandomKey()),
                new("PersonalData:HashKey", RandomKey()),
                new("Auth:LoginPermitsPerMinute", "10000"),
                // Every test request comes from loopback: per-address limits would throttle whole test classes.
                // Per-user limits stay as shipped.
                new("RateLimits:Filing:PerAddress", "100000"),
                new("RateLimits:Uploads:PerAddress", "100000"),
                new("RateLimits:PublicReads:PerAddress", "100000"),
                new("RateLimits:RoomMessages:PerAddress", "100000"),
                new("Admin:Username", AdminUsername),
                new("Admin:Password", AdminPassword),
                new("WeChat:AppId", AppId),
                new("WeChat:AppSecret", AppSecret),
                new("WeChat:BaseUrl", WeChat.BaseUrl),
                new("Jobs:SchedulePollingInterval", "00:00:01"),
                new("WeChat:PushToken", PushToken),
                new("WeChat:EncodingAESKey", EncodingAesKey),
                new("WeChat:Templates:SessionReminder:Id", "tmpl-session-reminder"),
                new("WeChat:Templates:SessionChanged:Id", "tmpl-session-changed"),
                new("WeChat:Templates:CaseStatusChanged:Id", "tmpl-case-status"),
                // A job server would propose first sessions (and notify) behind the back of tests that count
                // notifications.
                new("Sessions:ProposeFirstSession", "false"),
            ])
            .Concat(ExtraSettings)
            .ToList();
        StartServer(); // start the host now, so migrations run in InitializeAsync rather than inside the first test
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseContentRoot(RepoRoot);
        foreach (var (key, value) in settings)
            builder.UseSetting(key, value);
        builder.ConfigureTestServices(services =>
        {
            if (!UsesRealClock)
                services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<IStartupFilter, LoopbackClientAddress>();
        });
    }

    public T WithDb<T>(Func<AppDbContext, T> read)
    {
        using var scope = Services.CreateScope();
        return read(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    public async Task WithDbAsync(Func<AppDbContext, Task> action)
    {
        await using var scope = Services.CreateAsyncScope();
        await action(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await WeChat.DisposeAsync();
        await StopFakesAsync();
        await Database.DropAsync();
        try
        {
            Directory.Delete(storageRoot, recursive: true);
        }
        catch (IOException) { }
    }

    private static string RandomKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static string RepoRoot { get; } = FindRepoRoot();

    private static string FindRepoRoot([System.Runtime.CompilerServices.CallerFilePath] string sourceFile = "")
    {
        // Above the test output (bin/ in the repo), above the working directory, or above this source file when built
        // elsewhere (--artifacts-path: the test host's working directory is then the output folder).
        foreach (
            var start in new[]
            {
                AppContext.BaseDirectory,
                Directory.GetCurrentDirectory(),
                Path.GetDirectoryName(sourceFile) ?? "/",
            }
        )
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Mediation.sln")))
                    return dir.FullName;
        throw new InvalidOperationException("Mediation.sln not found above the test output folder.");
    }
}

/// <summary>The in-memory test server leaves the client address empty; real requests here would come from
/// loopback.</summary>
internal sealed class LoopbackClientAddress : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) =>
        app =>
        {
            app.Use(
                (context, nextMiddleware) =>
                {
                    context.Connection.RemoteIpAddress ??= System.Net.IPAddress.Loopback;
                    return nextMiddleware(context);
                }
            );
            next(app);
        };
}

/// <summary>The service as shipped, on the database <typeparamref name="TDatabase"/>.</summary>
public sealed class ApiHost<TDatabase>() : ApiFactory(new TDatabase())
    where TDatabase : ITestDatabase, new();
