using System.Collections.Concurrent;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace Mediation.Api.Tests.Hosting;

/// <summary>Hangfire runs in the service on the configured storage: SQLite next to EF Core's SQLite in one process, or
/// PostgreSQL.</summary>
public abstract class JobsTests(ApiFactory api)
{
    public static readonly ConcurrentDictionary<Guid, DateTime> Ran = new();

    public static void Record(Guid id) => Ran[id] = DateTime.UtcNow;

    [Fact]
    public async Task AnEnqueuedJobRunsOnTheConfiguredStorage()
    {
        var id = Guid.NewGuid();
        api.Services.GetRequiredService<IBackgroundJobClient>().Enqueue(() => Record(id));

        await WaitFor(() => Ran.ContainsKey(id), TimeSpan.FromSeconds(30));

        Ran.Should().ContainKey(id);
        // The app's own database keeps working beside the job storage.
        (await api.CreateClient().GetStringAsync("/health/ready")).Should().Be("Healthy");
    }

    [Fact]
    public async Task TheDashboardIsForAdministratorsOnly()
    {
        var anonymous = await api.CreateClient().GetAsync("/hangfire");
        var citizen = await api.CitizenAsync("dash-" + Guid.NewGuid());
        var asCitizen = await citizen.GetAsync("/hangfire");
        var admin = await api.StaffAsync(ApiFactory.AdminUsername, ApiFactory.AdminPassword);
        var asAdmin = await admin.GetAsync("/hangfire");

        anonymous.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        asCitizen.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        asAdmin.StatusCode.Should().Be(HttpStatusCode.OK);
        (await asAdmin.Content.ReadAsStringAsync()).Should().Contain("Hangfire");
    }

    private static async Task WaitFor(Func<bool> condition, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (!condition() && DateTime.UtcNow < until)
            await Task.Delay(100);
    }
}

public sealed class JobsTestsOnSqlite(ApiHost<SqliteDatabase> api)
    : JobsTests(api),
        IClassFixture<ApiHost<SqliteDatabase>>;

public sealed class JobsTestsOnPostgres(ApiHost<PostgresDatabase> api)
    : JobsTests(api),
        IClassFixture<ApiHost<PostgresDatabase>>;
