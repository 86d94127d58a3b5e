using Mediation.Api.Intake;
using Mediation.Api.Notifications;
using Mediation.Api.Tests.Intake;
using Microsoft.Extensions.DependencyInjection;

namespace Mediation.Api.Tests.Sessions;

public abstract class OverdueAlertTests(SessionsFactory api)
{
    private async Task<int> RunAlertsAsync()
    {
        await using var scope = api.Services.CreateAsyncScope();
        var sent = await scope
            .ServiceProvider.GetRequiredService<IntakeOverdueAlertJob>()
            .RunAsync(CancellationToken.None);
        await api.DeliverAsync();
        return sent;
    }

    [Fact]
    public async Task OverdueApplicationsReachTheBodysWeComGroupOnceADay()
    {
        var admin = await api.StaffAsync(ApiFactory.AdminUsername, ApiFactory.AdminPassword);
        var webhook = api.WeCom.NewRobot();
        (
            await admin.PutAsJsonAsync(
                $"/api/admin/bodies/{api.BodyId("WD-ZJC-XC")}/alert-channel",
                new { weComWebhookUrl = webhook }
            )
        )
            .StatusCode.Should()
            .Be(HttpStatusCode.OK);
        var filed = await api.FileCaseAsync("WD-ZJC-XC");

        (await RunAlertsAsync()).Should().Be(0, "nothing is overdue yet");
        api.Clock.Advance(TimeSpan.FromDays(3) + TimeSpan.FromHours(1));
        (await RunAlertsAsync()).Should().Be(1);
        (await RunAlertsAsync()).Should().Be(0, "one digest per body and day");

        api.WeCom.Messages.Should()
            .ContainSingle()
            .Which.Content.Should()
            .Contain("受理超期提醒")
            .And.Contain(filed.ApplicationNumber);
    }

    [Fact]
    public async Task AnUnknownRobotKeyFailsTheAlertWithoutRetrying()
    {
        var admin = await api.StaffAsync(ApiFactory.AdminUsername, ApiFactory.AdminPassword);
        var town = await api.NewTownAsync();
        var body = api.BodyId(town.VillageA);
        (
            await admin.PutAsJsonAsync(
                $"/api/admin/bodies/{body}/alert-channel",
                new { weComWebhookUrl = api.WeCom.BaseUrl + "/cgi-bin/webhook/send?key=nope" }
            )
        )
            .StatusCode.Should()
            .Be(HttpStatusCode.OK);
        await api.WithDbAsync(async db =>
        {
            var notifier = new Notice("IntakeOverdue", "IntakeOverdue", "测试", "测试内容", null, null, []);
            await using var scope = api.Services.CreateAsyncScope();
            await scope
                .ServiceProvider.GetRequiredService<Notifier>()
                .SendOnceAsync(
                    new Recipient(Recipient.Body, body),
                    notifier,
                    "test-93000",
                    api.Now(),
                    CancellationToken.None
                );
        });
        await api.DeliverAsync();
        api.WithDb(db => db.OutboxMessages.Single(o => o.DedupeKey == "test-93000"))
            .Should()
            .Match<OutboxMessage>(o =>
                o.Status == OutboxStatus.Failed && o.Attempts == 1 && o.LastError == "errcode 93000"
            );
    }
}

public sealed class OverdueAlertTestsOnSqlite(SessionsHost<SqliteDatabase> api)
    : OverdueAlertTests(api),
        IClassFixture<SessionsHost<SqliteDatabase>>;

public sealed class OverdueAlertTestsOnPostgres(SessionsHost<PostgresDatabase> api)
    : OverdueAlertTests(api),
        IClassFixture<SessionsHost<PostgresDatabase>>;
