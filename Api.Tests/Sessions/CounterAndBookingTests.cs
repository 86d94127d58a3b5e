using Mediation.Api.Auth;
using Mediation.Api.Sessions;
using Mediation.Api.Tests.Intake;
using Microsoft.Extensions.DependencyInjection;

namespace Mediation.Api.Tests.Sessions;

public abstract class CounterAndBookingTests(SessionsFactory api)
{
    [Fact]
    public async Task APartyProposesAnotherTimeTheOthersAreToldAndTheMediatorAcceptsIt()
    {
        var c = await api.CaseWithMediatorAsync();
        var sessionId = await api.ProposedSessionAsync(c);
        var other = api.Now().AddDays(4);

        var stranger = await api.CitizenAsync("stranger-" + Guid.NewGuid());
        (await stranger.PostAsJsonAsync($"/api/sessions/{sessionId}/counter", new { startsAt = other }))
            .StatusCode.Should()
            .Be(HttpStatusCode.NotFound);
        (
            await c.Citizen.PostAsJsonAsync(
                $"/api/sessions/{sessionId}/counter",
                new { startsAt = api.Now().AddHours(-1) }
            )
        )
            .StatusCode.Should()
            .Be(HttpStatusCode.BadRequest);

        var countered = await c
            .Citizen.PostAsJsonAsync(
                $"/api/sessions/{sessionId}/counter",
                new { startsAt = other, note = "上午要上班" }
            )
            .OkJsonAsync();
        countered.GetProperty("counter").GetProperty("note").GetString().Should().Be("上午要上班");
        await api.DeliverAsync();
        (await c.Mediator.Client.InboxAsync())
            .GetProperty("items")
            .EnumerateArray()
            .Should()
            .ContainSingle(i => i.GetProperty("kind").GetString() == "SessionCounterProposed")
            .Which.GetProperty("body")
            .GetString()
            .Should()
            .Contain("上午要上班");
        (await c.Citizen.InboxAsync())
            .GetProperty("items")
            .EnumerateArray()
            .Should()
            .NotContain(i => i.GetProperty("kind").GetString() == "SessionCounterProposed");

        (await c.Citizen.PostAsync($"/api/sessions/{sessionId}/counter/accept"))
            .StatusCode.Should()
            .Be(HttpStatusCode.Forbidden, "only a mediator accepts");
        var accepted = await c.Mediator.Client.PostAsync($"/api/sessions/{sessionId}/counter/accept").OkJsonAsync();
        accepted.GetProperty("startsAt").GetDateTime().Should().BeCloseTo(other, TimeSpan.FromMilliseconds(1));
        accepted
            .GetProperty("status")
            .GetString()
            .Should()
            .Be("Scheduled", "the mediator accepted and the only party with an account proposed it");
        accepted.GetProperty("counter").ValueKind.Should().Be(JsonValueKind.Null);
        api.ScheduledReminders(sessionId)
            .Select(r => r.EnqueueAt)
            .Should()
            .Contain(t => Math.Abs((t - other.AddDays(-1)).TotalMilliseconds) < 1);
        await api.DeliverAsync();
        api.SmsAbout(c, Applications.ApplicantPhone, "调解时间已改").Should().ContainSingle();

        await (
            await c.Citizen.PostAsJsonAsync($"/api/sessions/{sessionId}/counter", new { startsAt = other.AddDays(1) })
        ).ShouldBeProblemAsync(HttpStatusCode.Conflict, "改期");
    }

    [Fact]
    public async Task AcceptingACounterProposalThatClashesIsRefused()
    {
        var c = await api.CaseWithMediatorAsync();
        var sessionId = await api.ProposedSessionAsync(c);
        var other = api.Now().AddDays(5);
        await c.Citizen.PostAsJsonAsync($"/api/sessions/{sessionId}/counter", new { startsAt = other }).OkJsonAsync();
        var second = await api.AnotherCaseOfAsync(c.Mediator);
        (await ScheduleAsync(c.Mediator, second, other.AddMinutes(30))).StatusCode.Should().Be(HttpStatusCode.Created);

        await (await c.Mediator.Client.PostAsync($"/api/sessions/{sessionId}/counter/accept")).ShouldBeProblemAsync(
            HttpStatusCode.Conflict,
            "已有案件"
        );
    }

    [Fact]
    public async Task TwoConcurrentBookingsOfOneMediatorAtOverlappingTimesNeverBothSucceed()
    {
        var c = await api.CaseWithMediatorAsync();
        var second = await api.AnotherCaseOfAsync(c.Mediator);
        for (var round = 0; round < 5; round++)
        {
            var at = api.Now().AddDays(10 + round);
            var answers = await Task.WhenAll(
                ScheduleAsync(c.Mediator, c.Id, at),
                ScheduleAsync(c.Mediator, second, at.AddMinutes(20))
            );
            answers
                .Select(a => a.StatusCode)
                .Should()
                .BeEquivalentTo([HttpStatusCode.Created, HttpStatusCode.Conflict], $"round {round}");
        }
        api.WithDb(db =>
                db.MediationSessions.Count(s =>
                    (s.DisputeId == c.Id || s.DisputeId == second) && s.Status == SessionStatus.Scheduled
                )
            )
            .Should()
            .Be(5);
    }

    private static Task<HttpResponseMessage> ScheduleAsync(Staff mediator, Guid caseId, DateTime at) =>
        mediator.Client.PostAsJsonAsync(
            $"/api/disputes/{caseId}/sessions",
            new
            {
                mode = "Phone",
                startsAt = at,
                durationMinutes = 60,
            }
        );
}

public sealed class CounterAndBookingTestsOnSqlite(SessionsHost<SqliteDatabase> api)
    : CounterAndBookingTests(api),
        IClassFixture<SessionsHost<SqliteDatabase>>;

public sealed class CounterAndBookingTestsOnPostgres(SessionsHost<PostgresDatabase> api)
    : CounterAndBookingTests(api),
        IClassFixture<SessionsHost<PostgresDatabase>>;
