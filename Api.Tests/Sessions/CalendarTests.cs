using Mediation.Api.Tests.Intake;

namespace Mediation.Api.Tests.Sessions;

public abstract class CalendarTests(SessionsFactory api)
{
    [Fact]
    public async Task AMediatorsCalendarFeedListsTheirSessionsAndARotatedTokenStopsWorking()
    {
        var c = await api.CaseWithMediatorAsync(mediatorName: "日历调解员");
        var startsAt = api.Now().AddDays(2);
        var sessionId = await c.ScheduleOkAsync(startsAt);
        var first = await c.Mediator.Client.PostAsync("/api/mediator/calendar-token").OkJsonAsync();
        var anonymous = api.CreateClient();

        var feed = await anonymous.GetAsync(first.GetProperty("path").GetString());
        feed.StatusCode.Should().Be(HttpStatusCode.OK);
        feed.Content.Headers.ContentType!.MediaType.Should().Be("text/calendar");
        var ics = await feed.Content.ReadAsStringAsync();
        ics.Should()
            .Contain("BEGIN:VCALENDAR")
            .And.Contain($"UID:{sessionId:N}@xinyitiao")
            .And.Contain(c.CaseNumber)
            .And.Contain($"DTSTART:{startsAt:yyyyMMdd'T'HHmmss}Z");

        var second = await c.Mediator.Client.PostAsync("/api/mediator/calendar-token").OkJsonAsync();
        await (await anonymous.GetAsync(first.GetProperty("path").GetString())).ShouldBeProblemAsync(
            HttpStatusCode.NotFound
        );
        (await anonymous.GetAsync(second.GetProperty("path").GetString())).StatusCode.Should().Be(HttpStatusCode.OK);
        await (await c.Citizen.PostAsync("/api/mediator/calendar-token")).ShouldBeProblemAsync(
            HttpStatusCode.Forbidden
        );
    }
}

public sealed class CalendarTestsOnSqlite(SessionsHost<SqliteDatabase> api)
    : CalendarTests(api),
        IClassFixture<SessionsHost<SqliteDatabase>>;

public sealed class CalendarTestsOnPostgres(SessionsHost<PostgresDatabase> api)
    : CalendarTests(api),
        IClassFixture<SessionsHost<PostgresDatabase>>;
