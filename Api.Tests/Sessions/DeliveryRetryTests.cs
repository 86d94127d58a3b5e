using Mediation.Api.Notifications;
using Mediation.Api.Tests.Intake;

namespace Mediation.Api.Tests.Sessions;

public abstract class DeliveryRetryTests(SessionsFactory api)
{
    private async Task<(Guid SessionId, MediatedCase Case)> DueReminderAsync()
    {
        var c = await api.CaseWithMediatorAsync();
        var sessionId = await c.ScheduleOkAsync(api.Now().AddHours(3));
        api.Clock.Advance(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(1));
        return (sessionId, c);
    }

    private OutboxMessage SmsRow(Guid sessionId) =>
        api.WithDb(db =>
            db.OutboxMessages.Single(o =>
                o.SessionId == sessionId && o.Channel == ChannelNames.Sms && o.Kind == "SessionReminder"
            )
        );

    [Fact]
    public async Task AFailingSmsGatewayIsRetriedWithBackoffUntilItDelivers()
    {
        var (sessionId, c) = await DueReminderAsync();
        api.Sms.FailNext(500, 3);
        var before = api.Sms.Requests;

        await api.RunDueRemindersAsync(sessionId);
        SmsRow(sessionId)
            .Should()
            .Match<OutboxMessage>(o =>
                o.Status == OutboxStatus.Pending && o.Attempts == 1 && o.LastError == "HTTP 500"
            );
        SmsRow(sessionId).NextAttemptAt.Should().BeCloseTo(api.Now().AddSeconds(30), TimeSpan.FromMilliseconds(1));

        await api.DeliverAsync();
        api.Sms.Requests.Should().Be(before + 1, "the retry is not due yet");

        foreach (var (wait, attempts) in new[] { (30, 2), (60, 3) })
        {
            api.Clock.Advance(TimeSpan.FromSeconds(wait));
            await api.DeliverAsync();
            SmsRow(sessionId).Attempts.Should().Be(attempts);
        }
        SmsRow(sessionId)
            .NextAttemptAt.Should()
            .BeCloseTo(api.Now().AddSeconds(120), TimeSpan.FromMilliseconds(1), "the delay doubles");
        api.Clock.Advance(TimeSpan.FromSeconds(120));
        await api.DeliverAsync();

        SmsRow(sessionId).Should().Match<OutboxMessage>(o => o.Status == OutboxStatus.Sent && o.Attempts == 4);
        api.SmsAbout(c, Applications.ApplicantPhone, "调解提醒").Should().ContainSingle();
        api.Sms.Requests.Should().Be(before + 4);
    }

    [Fact]
    public async Task AfterTheLastAttemptTheMessageIsFailedVisibleToTheAdminAndCanBeRetried()
    {
        var (sessionId, c) = await DueReminderAsync();
        api.Sms.FailNext(500, 5);
        await api.RunDueRemindersAsync(sessionId);
        for (var i = 0; i < 6; i++)
        {
            api.Clock.Advance(TimeSpan.FromMinutes(10));
            await api.DeliverAsync();
        }
        var row = SmsRow(sessionId);
        row.Status.Should().Be(OutboxStatus.Failed);
        row.Attempts.Should().Be(5);

        var admin = await api.StaffAsync(ApiFactory.AdminUsername, ApiFactory.AdminPassword);
        var failed = await admin.GetAsync("/api/admin/notifications?status=Failed").OkJsonAsync();
        failed
            .GetProperty("items")
            .EnumerateArray()
            .Select(i => i.GetProperty("id").GetGuid())
            .Should()
            .Contain(row.Id);
        var citizen = await api.CitizenAsync("c-" + Guid.NewGuid());
        await (await citizen.GetAsync("/api/admin/notifications?status=Failed")).ShouldBeProblemAsync(
            HttpStatusCode.Forbidden
        );

        (await admin.PostAsync($"/api/admin/notifications/{row.Id}/retry")).StatusCode.Should().Be(HttpStatusCode.OK);
        await api.DeliverAsync();
        SmsRow(sessionId).Status.Should().Be(OutboxStatus.Sent);
        api.SmsAbout(c, Applications.ApplicantPhone, "调解提醒")
            .Should()
            .ContainSingle()
            .Which.RequestId.Should()
            .Be(row.Id.ToString("N"));
        await (await admin.PostAsync($"/api/admin/notifications/{row.Id}/retry")).ShouldBeProblemAsync(
            HttpStatusCode.Conflict
        );
    }

    [Fact]
    public async Task AReadNotificationIsMarkedForItsOwnerOnly()
    {
        var c = await api.CaseWithMediatorAsync();
        await c.ScheduleOkAsync(api.Now().AddDays(1));
        var item = (await c.Citizen.InboxAsync()).GetProperty("items")[0];
        var id = item.GetProperty("id").GetGuid();

        (await c.Mediator.Client.PostAsync($"/api/me/notifications/{id}/read"))
            .StatusCode.Should()
            .Be(HttpStatusCode.NotFound);
        (await c.Citizen.PostAsync($"/api/me/notifications/{id}/read"))
            .StatusCode.Should()
            .Be(HttpStatusCode.NoContent);
        (await c.Citizen.InboxAsync())
            .GetProperty("items")
            .EnumerateArray()
            .Single(i => i.GetProperty("id").GetGuid() == id)
            .GetProperty("readAt")
            .ValueKind.Should()
            .NotBe(System.Text.Json.JsonValueKind.Null);
    }
}

public sealed class DeliveryRetryTestsOnSqlite(SessionsHost<SqliteDatabase> api)
    : DeliveryRetryTests(api),
        IClassFixture<SessionsHost<SqliteDatabase>>;

public sealed class DeliveryRetryTestsOnPostgres(SessionsHost<PostgresDatabase> api)
    : DeliveryRetryTests(api),
        IClassFixture<SessionsHost<PostgresDatabase>>;
