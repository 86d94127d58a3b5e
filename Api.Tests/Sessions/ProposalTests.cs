using Hangfire;
using Mediation.Api.Notifications;
using Mediation.Api.Sessions;
using Mediation.Api.Tests.Intake;
using Microsoft.Extensions.DependencyInjection;

namespace Mediation.Api.Tests.Sessions;

public abstract class ProposalTests(SessionsFactory api)
{
    private static readonly TimeZoneInfo China = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private async Task<T> WithJobAsync<T>(Func<FirstSessionProposalJob, Task<T>> run)
    {
        await using var scope = api.Services.CreateAsyncScope();
        return await run(scope.ServiceProvider.GetRequiredService<FirstSessionProposalJob>());
    }

    private async Task<MediatedCase> CaseWithEveryDayHoursAsync()
    {
        var c = await api.CaseWithMediatorAsync();
        (await c.Mediator.Client.GetAsync("/api/mediator/availability").OkJsonAsync())
            .GetProperty("isDefault")
            .GetBoolean()
            .Should()
            .BeTrue();
        var hours = Enum.GetValues<DayOfWeek>()
            .Select(d => new
            {
                day = d.ToString(),
                from = "09:00",
                to = "17:00",
            })
            .ToArray();
        var put = await c.Mediator.Client.PutAsJsonAsync(
            "/api/mediator/availability",
            new { weeklyHours = hours, daysOff = Array.Empty<string>() }
        );
        put.StatusCode.Should().Be(HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        return c;
    }

    [Fact]
    public async Task AssigningAMediatorProposesAFreeSlotInTheirHoursThatConfirmationSchedules()
    {
        var c = await CaseWithEveryDayHoursAsync();
        var sessionId = await WithJobAsync(job => job.RunAsync(c.Id, CancellationToken.None));
        sessionId.Should().NotBeNull();
        (await WithJobAsync(job => job.RunAsync(c.Id, CancellationToken.None)))
            .Should()
            .BeNull("the case already has a proposal");

        var session = (await c.Citizen.GetAsync($"/api/disputes/{c.Id}/sessions").OkJsonAsync())
            .GetProperty("items")
            .EnumerateArray()
            .Single();
        session.GetProperty("status").GetString().Should().Be("Proposed");
        session.GetProperty("mode").GetString().Should().Be("Phone", "the applicant preferred a phone session");
        var startsAt = session.GetProperty("startsAt").GetDateTime().ToUniversalTime();
        startsAt.Should().BeOnOrAfter(api.Now().AddHours(2)).And.BeBefore(api.Now().AddDays(5));
        var local = TimeZoneInfo.ConvertTimeFromUtc(startsAt, China);
        (local.TimeOfDay >= TimeSpan.FromHours(9) && local.TimeOfDay <= TimeSpan.FromHours(16))
            .Should()
            .BeTrue($"{local} is within 09:00–17:00");
        (await c.Citizen.InboxAsync())
            .GetProperty("items")
            .EnumerateArray()
            .Should()
            .Contain(i => i.GetProperty("kind").GetString() == "SessionProposed");

        (await c.Citizen.PostAsync($"/api/sessions/{sessionId}/confirm")).StatusCode.Should().Be(HttpStatusCode.OK);
        api.Status(c.Id).Should().Be("MediatorAssigned", "the mediator has not confirmed yet");
        var confirmed = await c.Mediator.Client.PostAsync($"/api/sessions/{sessionId}/confirm").OkJsonAsync();
        confirmed.GetProperty("status").GetString().Should().Be("Scheduled");
        api.Status(c.Id).Should().Be("InMediation");
    }

    [Fact]
    public async Task ProposalsForCasesOfOneMediatorRunningAtOnceNeverTakeTheSameTime()
    {
        var c = await CaseWithEveryDayHoursAsync();
        var cases = new List<Guid> { c.Id };
        for (var i = 0; i < 5; i++)
            cases.Add(await api.AnotherCaseOfAsync(c.Mediator));

        var proposed = await Task.WhenAll(
            cases.Select(id => Task.Run(() => WithJobAsync(job => job.RunAsync(id, CancellationToken.None))))
        );

        proposed.Should().AllSatisfy(id => id.Should().NotBeNull());
        var sessions = api.WithDb(db =>
                db.MediationSessions.Where(s => cases.Contains(s.DisputeId))
                    .Select(s => new { s.StartsAt, s.EndsAt })
                    .ToList()
            )
            .OrderBy(s => s.StartsAt)
            .ToList();
        sessions.Should().HaveCount(6);
        var buffer = TimeSpan.FromMinutes(15); // Sessions:Buffer
        foreach (var (earlier, later) in sessions.Zip(sessions.Skip(1)))
            later
                .StartsAt.Should()
                .BeOnOrAfter(earlier.EndsAt + buffer, "one mediator cannot be in two sessions at once");
    }

    [Fact]
    public async Task AProposalNobodyConfirmsIsWithdrawnAndTheMediatorToldToScheduleByHand()
    {
        var c = await CaseWithEveryDayHoursAsync();
        var sessionId = (await WithJobAsync(job => job.RunAsync(c.Id, CancellationToken.None)))!.Value;
        api.Services.GetRequiredService<JobStorage>()
            .GetMonitoringApi()
            .ScheduledJobs(0, 1000)
            .Should()
            .Contain(j =>
                j.Value.Job != null
                && j.Value.Job.Method.Name == nameof(FirstSessionProposalJob.ExpireAsync)
                && (Guid)j.Value.Job.Args[0] == sessionId
            );

        api.Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1));
        (await WithJobAsync(job => job.ExpireAsync(sessionId, CancellationToken.None))).Should().BeTrue();
        (await WithJobAsync(job => job.ExpireAsync(sessionId, CancellationToken.None))).Should().BeFalse();

        api.WithDb(db => db.MediationSessions.Single(s => s.Id == sessionId).Status)
            .Should()
            .Be(SessionStatus.Cancelled);
        api.WithDb(db =>
                db.Notifications.Count(n => n.RecipientId == c.Mediator.Id && n.Kind == "SessionProposalWithdrawn")
            )
            .Should()
            .Be(1);
        var mediator = await api.LoginAgainAsync(c.Mediator);
        await (await mediator.PostAsync($"/api/sessions/{sessionId}/confirm")).ShouldBeProblemAsync(
            HttpStatusCode.Conflict
        );
    }
}

public sealed class ProposalTestsOnSqlite(SessionsHost<SqliteDatabase> api)
    : ProposalTests(api),
        IClassFixture<SessionsHost<SqliteDatabase>>;

public sealed class ProposalTestsOnPostgres(SessionsHost<PostgresDatabase> api)
    : ProposalTests(api),
        IClassFixture<SessionsHost<PostgresDatabase>>;
