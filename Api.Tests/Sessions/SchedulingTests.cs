using Mediation.Api.Auth;
using Mediation.Api.Disputes;
using Mediation.Api.Infrastructure;
using Mediation.Api.Infrastructure.Security;
using Mediation.Api.Tests.Intake;

namespace Mediation.Api.Tests.Sessions;

public abstract class SchedulingTests(SessionsFactory api)
{
    [Fact]
    public async Task TheFirstSessionMovesTheCaseIntoMediationAndPartiesSeeIt()
    {
        var c = await api.CaseWithMediatorAsync();
        var startsAt = api.Now().AddDays(2);
        var sessionId = await c.ScheduleOkAsync(startsAt);

        api.Status(c.Id).Should().Be("InMediation");
        var sessions = await c.Citizen.GetAsync($"/api/disputes/{c.Id}/sessions").OkJsonAsync();
        sessions
            .GetProperty("items")
            .EnumerateArray()
            .Should()
            .ContainSingle()
            .Which.GetProperty("id")
            .GetGuid()
            .Should()
            .Be(sessionId);
        var timeline = await c.Citizen.GetAsync($"/api/disputes/{c.Id}/timeline").OkJsonAsync();
        timeline
            .GetProperty("items")
            .EnumerateArray()
            .Select(i => i.GetProperty("kind").GetString())
            .Should()
            .Contain("SessionScheduled");
        var mine = await c
            .Mediator.Client.GetAsync($"/api/mediator/sessions?from={Uri.EscapeDataString(api.Now().ToString("O"))}")
            .OkJsonAsync();
        mine.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).Should().Equal(sessionId);
        (await c.Citizen.InboxAsync())
            .GetProperty("items")
            .EnumerateArray()
            .Should()
            .Contain(i => i.GetProperty("kind").GetString() == "SessionScheduled");

        var other = await api.CitizenAsync("c-" + Guid.NewGuid());
        await (await other.GetAsync($"/api/disputes/{c.Id}/sessions")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AStartTimeWithoutAnOffsetIsBeijingTimeInBodiesAndQueries()
    {
        var c = await api.CaseWithMediatorAsync();
        var day = Mediation.Api.Infrastructure.ChinaTime.Date(api.Now()).AddDays(3);
        var response = await c.Mediator.Client.PostAsJsonAsync(
            $"/api/disputes/{c.Id}/sessions",
            new
            {
                mode = "Phone",
                startsAt = $"{day:yyyy-MM-dd}T10:00:00",
                durationMinutes = 60,
                partyIds = new[] { c.ApplicantPartyId },
            }
        );
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var created = await response.JsonAsync();

        var tenInBeijing = new DateTime(day.Year, day.Month, day.Day, 2, 0, 0, DateTimeKind.Utc);
        created
            .GetProperty("startsAt")
            .GetDateTime()
            .ToUniversalTime()
            .Should()
            .Be(tenInBeijing, "a clerk typing 10:00 means 10:00 Beijing time, 02:00 UTC");
        api.WithDb(db =>
                db.Set<Mediation.Api.Sessions.MediationSession>()
                    .Single(x => x.Id == created.GetProperty("id").GetGuid())
                    .StartsAt
            )
            .Should()
            .Be(tenInBeijing);

        var window = $"from={day:yyyy-MM-dd}T09:30:00&to={day:yyyy-MM-dd}T10:30:00";
        var mine = await c.Mediator.Client.GetAsync($"/api/mediator/sessions?{window}").OkJsonAsync();
        mine.GetProperty("items")
            .EnumerateArray()
            .Select(i => i.GetProperty("id").GetGuid())
            .Should()
            .Contain(created.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task AMediatorCannotBeDoubleBookedIncludingTheBuffer()
    {
        var first = await api.CaseWithMediatorAsync(mediatorName: "忙碌的调解员");
        var startsAt = api.Now().AddDays(3);
        await first.ScheduleOkAsync(startsAt);
        var caseNumber = api.WithDb(db => db.Disputes.Single(d => d.Id == first.Id).CaseNumber);

        // A second case for the same mediator, starting 10 minutes after the first ends: inside the 15-minute buffer.
        var second = await SecondCaseForAsync(first.Mediator);
        var clash = await second.ScheduleAsync(startsAt.AddMinutes(70));
        await clash.ShouldBeProblemAsync(HttpStatusCode.Conflict, "忙碌的调解员");
        (await clash.Content.ReadAsStringAsync()).Should().Contain(caseNumber);
        (await second.ScheduleAsync(startsAt.AddMinutes(75))).StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task SessionsInThePastOrForACaseWithoutAMediatorAreRefused()
    {
        var c = await api.CaseWithMediatorAsync();
        await (await c.ScheduleAsync(api.Now().AddMinutes(-5))).ShouldBeProblemAsync(
            HttpStatusCode.BadRequest,
            "不能早于当前时间"
        );

        var citizen = await api.CitizenAsync("c-" + Guid.NewGuid());
        var filed = await citizen.FileOkAsync(await Applications.ValidAsync(citizen));
        var intake = await api.NewStaffAsync("WD-ZJC-XC", [StaffRoles.Intake]);
        await intake.Client.PostAsync($"/api/intake/{filed.GetProperty("id").GetGuid()}/accept").OkJsonAsync();
        var response = await intake.Client.PostAsJsonAsync(
            $"/api/disputes/{filed.GetProperty("id").GetGuid()}/sessions",
            new
            {
                mode = "Phone",
                startsAt = api.Now().AddDays(1),
                durationMinutes = 60,
            }
        );
        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, "尚未指派调解员");
    }

    [Fact]
    public async Task ReschedulingMovesTheRemindersAndSendsAChangeNotice()
    {
        var c = await api.CaseWithMediatorAsync();
        var startsAt = api.Now().AddDays(2);
        var sessionId = await c.ScheduleOkAsync(startsAt, [c.ApplicantPartyId, c.RespondentPartyId]);
        var old = api.ScheduledReminders(sessionId);
        old.Should().HaveCount(2);

        var moved = startsAt.AddDays(1);
        var response = await c.Mediator.Client.PutAsJsonAsync(
            $"/api/sessions/{sessionId}",
            new
            {
                startsAt = moved,
                durationMinutes = 90,
                reason = "当事人出差",
            }
        );
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());

        var reminders = api.ScheduledReminders(sessionId);
        reminders.Should().HaveCount(2);
        reminders[0].EnqueueAt.Should().BeCloseTo(moved.AddDays(-1), TimeSpan.FromMilliseconds(1));
        reminders[1].EnqueueAt.Should().BeCloseTo(moved.AddHours(-1), TimeSpan.FromMilliseconds(1));
        await api.DeliverAsync();
        api.SmsAbout(c, Applications.RespondentPhone, "调解时间变更")
            .Should()
            .ContainSingle()
            .Which.Content.Should()
            .Contain(Mediation.Api.WeChat.SubscribeMessageValues.Time(moved))
            .And.Contain("当事人出差");
        (await c.Citizen.InboxAsync())
            .GetProperty("items")
            .EnumerateArray()
            .Should()
            .Contain(i => i.GetProperty("kind").GetString() == "SessionRescheduled");

        // The old 1-day reminder's time comes: nothing goes out, even if its (deleted) job ran anyway.
        api.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        await api.RunDueRemindersAsync(sessionId);
        (await api.RunReminderAsync(old[0])).Should().Be(0);
        await api.DeliverAsync();
        api.SmsAbout(c, Applications.RespondentPhone, "调解提醒").Should().BeEmpty();

        api.Clock.Advance(TimeSpan.FromDays(1));
        await api.RunDueRemindersAsync(sessionId);
        api.SmsAbout(c, Applications.RespondentPhone, "调解提醒")
            .Should()
            .ContainSingle()
            .Which.Content.Should()
            .Contain(Mediation.Api.WeChat.SubscribeMessageValues.Time(moved));
    }

    [Fact]
    public async Task CancellingRemovesTheRemindersAndTellsEveryone()
    {
        var c = await api.CaseWithMediatorAsync();
        var sessionId = await c.ScheduleOkAsync(api.Now().AddDays(2));
        var old = api.ScheduledReminders(sessionId);

        (await c.Mediator.Client.PostAsync($"/api/sessions/{sessionId}/cancel", new { reason = "申请人撤回" }))
            .StatusCode.Should()
            .Be(HttpStatusCode.OK);

        api.ScheduledReminders(sessionId).Should().BeEmpty();
        (await api.RunReminderAsync(old[0])).Should().Be(0);
        await api.DeliverAsync();
        api.SmsAbout(c, Applications.ApplicantPhone, "调解已取消")
            .Should()
            .ContainSingle()
            .Which.Content.Should()
            .Contain("申请人撤回");
        var timeline = await c.Citizen.GetAsync($"/api/disputes/{c.Id}/timeline").OkJsonAsync();
        timeline
            .GetProperty("items")
            .EnumerateArray()
            .Select(i => i.GetProperty("kind").GetString())
            .Should()
            .Contain("SessionCancelled");
        await (
            await c.Mediator.Client.PostAsync($"/api/sessions/{sessionId}/cancel", new { reason = "再次取消" })
        ).ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }

    private async Task<MediatedCase> SecondCaseForAsync(Staff mediator)
    {
        var citizen = await api.CitizenAsync("c-" + Guid.NewGuid());
        var created = await citizen.FileOkAsync(await Applications.ValidAsync(citizen));
        var id = created.GetProperty("id").GetGuid();
        var intake = await api.NewStaffAsync("WD-ZJC-XC", [StaffRoles.Intake]);
        var accepted = await intake.Client.PostAsync($"/api/intake/{id}/accept").OkJsonAsync();
        await intake
            .Client.PostAsync($"/api/intake/{id}/assign", new { mediatorIds = new[] { mediator.Id } })
            .OkJsonAsync();
        return new MediatedCase(
            id,
            accepted.GetProperty("caseNumber").GetString()!,
            citizen,
            "",
            mediator,
            created.GetProperty("applicant").GetProperty("id").GetGuid(),
            created.GetProperty("respondents")[0].GetProperty("id").GetGuid()
        );
    }
}

public sealed class SchedulingTestsOnSqlite(SessionsHost<SqliteDatabase> api)
    : SchedulingTests(api),
        IClassFixture<SessionsHost<SqliteDatabase>>;

public sealed class SchedulingTestsOnPostgres(SessionsHost<PostgresDatabase> api)
    : SchedulingTests(api),
        IClassFixture<SessionsHost<PostgresDatabase>>;
