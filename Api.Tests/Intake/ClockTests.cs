using Hangfire;
using Mediation.Api.Auth;
using Mediation.Api.Disputes;
using Mediation.Api.Infrastructure.Security;
using Mediation.Api.Intake;
using Mediation.Api.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mediation.Api.Tests.Intake;

// Moving the fake clock forward makes tokens issued afterwards "not yet valid" for the real-time JWT check,
// so each test that moves it has a class (and so an app) of its own and logs everyone in first.

public abstract class CorrectionDeadlineTests(ApiFactory api)
{
    private async Task RunJobAsync(Guid id)
    {
        await using var scope = api.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<CorrectionDeadlineJob>().RunAsync(id);
    }

    [Fact]
    public async Task AnUnansweredCorrectionRequestLapsesAtItsDeadlineAndTheApplicantIsTold()
    {
        var filed = await api.FileCaseAsync();
        var intake = await api.NewStaffAsync("WD-ZJC-XC", [StaffRoles.Intake]);
        var deadline = api.Clock.GetUtcNow().UtcDateTime.AddDays(2);
        (
            await intake.Client.PostAsync(
                $"/api/intake/{filed.Id}/request-correction",
                new { items = new[] { "请补充证据" }, deadline }
            )
        )
            .StatusCode.Should()
            .Be(HttpStatusCode.OK);

        // The request scheduled the job in Hangfire's storage, for the deadline, with the case id.
        var jobId = api.WithDb(db => db.CorrectionRequests.AsNoTracking().Single(c => c.DisputeId == filed.Id).JobId);
        var scheduled = api
            .Services.GetRequiredService<JobStorage>()
            .GetMonitoringApi()
            .ScheduledJobs(0, 1000)
            .Single(j => j.Key == jobId)
            .Value;
        scheduled.Job.Type.Should().Be(typeof(CorrectionDeadlineJob));
        scheduled.Job.Args.Should().Equal(filed.Id);
        scheduled.EnqueueAt.Should().BeCloseTo(deadline, TimeSpan.FromSeconds(1));

        await RunJobAsync(filed.Id); // early: nothing happens
        api.Status(filed.Id).Should().Be("NeedsCorrection");

        api.Clock.Advance(TimeSpan.FromDays(2) + TimeSpan.FromMinutes(1));
        await RunJobAsync(filed.Id);
        await RunJobAsync(filed.Id); // at least once: a second run changes nothing

        api.Status(filed.Id).Should().Be("Lapsed");
        var notices = api.WithDb(db =>
            db.Notifications.AsNoTracking().Where(n => n.CaseId == filed.Id && n.Kind == "DisputeLapsed").ToList()
        );
        notices
            .Should()
            .ContainSingle()
            .Which.RecipientId.Should()
            .Be(api.WithDb(db => db.Disputes.Single(d => d.Id == filed.Id).FiledByUserId));
        api.WithDb(db =>
                db.DisputeStatusChanges.Count(c =>
                    c.DisputeId == filed.Id
                    && c.To == Mediation.Api.Disputes.DisputeStatus.Lapsed
                    && c.ActorKind == "System"
                )
            )
            .Should()
            .Be(1);
        api.WithDb(db => db.AuditEntries.Count(a => a.Action == "DisputeLapsed" && a.TargetId == filed.Id.ToString()))
            .Should()
            .Be(1);
        api.WithDb(db => db.CorrectionRequests.AsNoTracking().Single(c => c.DisputeId == filed.Id).Outcome)
            .Should()
            .Be("Lapsed");

        var application = await Applications.ValidAsync(filed.Citizen);
        await (await filed.Citizen.PutAsJsonAsync($"/api/disputes/{filed.Id}", application)).ShouldBeProblemAsync(
            HttpStatusCode.Conflict,
            "逾期未补正"
        );
    }
}

public sealed class CorrectionDeadlineTestsOnSqlite(ApiHost<SqliteDatabase> api)
    : CorrectionDeadlineTests(api),
        IClassFixture<ApiHost<SqliteDatabase>>;

public sealed class CorrectionDeadlineTestsOnPostgres(ApiHost<PostgresDatabase> api)
    : CorrectionDeadlineTests(api),
        IClassFixture<ApiHost<PostgresDatabase>>;

public abstract class ClaimTimeoutTests(ApiFactory api)
{
    [Fact]
    public async Task AnIdleClaimLapsesAndAnOverdueApplicationIsFlagged()
    {
        var filed = await api.FileCaseAsync("WD-ZT-NC");
        var alice = await api.NewStaffAsync("WD-ZT-NC", [StaffRoles.Intake]);
        var bob = await api.NewStaffAsync("WD-ZT-NC", [StaffRoles.Intake]);
        (await alice.Client.PostAsync($"/api/intake/{filed.Id}/claim")).StatusCode.Should().Be(HttpStatusCode.OK);

        api.Clock.Advance(TimeSpan.FromMinutes(29));
        (await bob.Client.PostAsync($"/api/intake/{filed.Id}/claim")).StatusCode.Should().Be(HttpStatusCode.Conflict);
        api.Clock.Advance(TimeSpan.FromMinutes(2));
        var taken = await bob.Client.PostAsync($"/api/intake/{filed.Id}/claim").OkJsonAsync();
        taken.GetProperty("staffId").GetGuid().Should().Be(bob.Id);

        var row = (await bob.Client.GetAsync("/api/intake").OkJsonAsync())
            .GetProperty("items")
            .EnumerateArray()
            .Single(i => i.GetProperty("id").GetGuid() == filed.Id);
        row.GetProperty("overdue").GetBoolean().Should().BeFalse();
        api.Clock.Advance(TimeSpan.FromDays(3));
        // Three days later Bob's 12-hour token has expired: he logs in again, as he would.
        (await bob.Client.GetAsync("/api/intake")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        bob = bob with { Client = await api.StaffAsync(bob.Username, IntakeHarness.Password) };
        var overdue = await bob.Client.GetAsync("/api/intake?overdue=true").OkJsonAsync();
        var late = overdue.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetGuid() == filed.Id);
        late.GetProperty("overdue").GetBoolean().Should().BeTrue();
        late.GetProperty("hoursWaiting").GetDouble().Should().BeGreaterThanOrEqualTo(72.5);
        late.GetProperty("claim").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null); // bob's claim lapsed too
        (await bob.Client.GetAsync("/api/intake?overdue=false").OkJsonAsync())
            .GetProperty("items")
            .EnumerateArray()
            .Should()
            .NotContain(i => i.GetProperty("id").GetGuid() == filed.Id);
    }
}

public sealed class ClaimTimeoutTestsOnSqlite(ApiHost<SqliteDatabase> api)
    : ClaimTimeoutTests(api),
        IClassFixture<ApiHost<SqliteDatabase>>;

public sealed class ClaimTimeoutTestsOnPostgres(ApiHost<PostgresDatabase> api)
    : ClaimTimeoutTests(api),
        IClassFixture<ApiHost<PostgresDatabase>>;
