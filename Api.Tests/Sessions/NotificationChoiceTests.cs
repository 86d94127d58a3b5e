using Mediation.Api.Auth;
using Mediation.Api.Infrastructure.Security;
using Mediation.Api.Notifications;
using Mediation.Api.Tests.Intake;

namespace Mediation.Api.Tests.Sessions;

/// <summary>Who is reached how: each person's own channel order, the SMS that leads a respondent without an account to
/// the case, and intake decisions going through the same channels as every other notice.</summary>
public abstract class NotificationChoiceTests(SessionsFactory api)
{
    [Fact]
    public async Task APersonsOwnChannelOrderIsStoredAndTheRemindersFollowIt()
    {
        var c = await api.CaseWithMediatorAsync(consent: true);
        var initial = await c.Citizen.GetAsync("/api/me/notification-preferences").OkJsonAsync();
        initial.GetProperty("isDefault").GetBoolean().Should().BeTrue();
        initial.GetProperty("channelOrder").EnumerateArray().Select(x => x.GetString()).Should().Equal("WeChat", "Sms");

        var put = await c.Citizen.PutAsJsonAsync(
            "/api/me/notification-preferences",
            new { channelOrder = new[] { "Sms", "WeChat" } }
        );
        put.StatusCode.Should().Be(HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        var stored = await c.Citizen.GetAsync("/api/me/notification-preferences").OkJsonAsync();
        stored.GetProperty("isDefault").GetBoolean().Should().BeFalse();
        stored.GetProperty("channelOrder").EnumerateArray().Select(x => x.GetString()).Should().Equal("Sms", "WeChat");

        var sessionId = await c.ScheduleOkAsync(api.Now().AddHours(3));
        api.Clock.Advance(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(1));
        await api.RunDueRemindersAsync(sessionId);

        api.SmsAbout(c, Applications.ApplicantPhone, "调解提醒")
            .Should()
            .ContainSingle("SMS comes first for this applicant");
        api.WeChat.SentMessages.Should().NotContain(m => m.OpenId == c.OpenId);
        api.WithDb(db =>
                db.SubscriptionConsents.Single(x =>
                    x.UserId == db.Set<Mediation.Api.Auth.CitizenUser>().Single(u => u.OpenId == c.OpenId).Id
                ).Remaining
            )
            .Should()
            .Be(1, "the WeChat consent was not spent");
        api.WithDb(db =>
                db.OutboxMessages.Single(o =>
                    o.SessionId == sessionId && o.Channel == ChannelNames.Sms && o.Kind == "SessionReminder"
                ).Fallback
            )
            .Should()
            .Be(ChannelNames.WeChat);
    }

    [Fact]
    public async Task StaffSetTheirOrderTooAndOnlyKnownChannelsAreAccepted()
    {
        var mediator = await api.NewStaffAsync(
            "WD-ZJC-XC",
            [Mediation.Api.Infrastructure.Security.StaffRoles.Mediator]
        );
        (
            await mediator.Client.PutAsJsonAsync(
                "/api/me/notification-preferences",
                new { channelOrder = new[] { "Email" } }
            )
        )
            .StatusCode.Should()
            .Be(HttpStatusCode.BadRequest);
        (
            await mediator.Client.PutAsJsonAsync(
                "/api/me/notification-preferences",
                new { channelOrder = new[] { "Sms", "Sms" } }
            )
        )
            .StatusCode.Should()
            .Be(HttpStatusCode.BadRequest);
        (
            await mediator.Client.PutAsJsonAsync(
                "/api/me/notification-preferences",
                new { channelOrder = Array.Empty<string>() }
            )
        )
            .StatusCode.Should()
            .Be(HttpStatusCode.OK);
        var stored = await mediator.Client.GetAsync("/api/me/notification-preferences").OkJsonAsync();
        stored
            .GetProperty("channelOrder")
            .GetArrayLength()
            .Should()
            .Be(0, "an empty order means the in-app inbox only");
        api.WithDb(db =>
                db.AuditEntries.Count(a => a.Action == "NotificationPreferencesSet" && a.ActorId == mediator.Id)
            )
            .Should()
            .Be(1);
    }

    [Fact]
    public async Task ARespondentWithoutAnAccountGetsAnSmsThatLeadsToTheCaseAndBindingThatPhoneOpensIt()
    {
        var c = await api.CaseWithMediatorAsync();
        var sessionId = await c.ScheduleOkAsync(api.Now().AddHours(3), [c.ApplicantPartyId, c.RespondentPartyId]);
        api.Clock.Advance(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(1));
        await api.RunDueRemindersAsync(sessionId);

        var sms = api.SmsAbout(c, Applications.RespondentPhone, "调解提醒").Should().ContainSingle().Subject.Content;
        sms.Should()
            .Contain("绑定本手机号")
            .And.Contain($"尾号{Applications.RespondentPhone[^4..]}")
            .And.Contain(c.CaseNumber);
        api.SmsAbout(c, Applications.ApplicantPhone, "调解提醒")
            .Should()
            .ContainSingle()
            .Which.Content.Should()
            .NotContain("绑定本手机号", "the applicant has an account");

        var respondent = await api.CitizenAsync("respondent-" + Guid.NewGuid());
        (await respondent.GetAsync($"/api/disputes/{c.Id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (
            await respondent.PostAsJsonAsync(
                "/api/me/phone",
                new { code = api.WeChat.IssuePhoneCode(Applications.RespondentPhone) }
            )
        ).EnsureSuccessStatusCode();
        (await respondent.GetAsync($"/api/disputes/{c.Id}")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task IntakeDecisionsReachTheApplicantThroughTheNotifierWithTheInboxAndSms()
    {
        var citizen = await api.CitizenAsync("c-" + Guid.NewGuid());
        var filed = await citizen.FileOkAsync(await Applications.ValidAsync(citizen));
        var (id, applicationNumber) = (
            filed.GetProperty("id").GetGuid(),
            filed.GetProperty("applicationNumber").GetString()!
        );
        var intake = await api.NewStaffAsync("WD-ZJC-XC", [Mediation.Api.Infrastructure.Security.StaffRoles.Intake]);
        var accepted = await intake.Client.PostAsync($"/api/intake/{id}/accept").OkJsonAsync();
        var caseNumber = accepted.GetProperty("caseNumber").GetString()!;
        await api.DeliverAsync();

        api.Sms.Messages.Where(m =>
                m.Phone == Applications.ApplicantPhone
                && m.Content.Contains(applicationNumber)
                && m.Content.Contains(caseNumber)
                && m.Content.Contains("已受理")
            )
            .Should()
            .ContainSingle();
        (await citizen.InboxAsync())
            .GetProperty("items")
            .EnumerateArray()
            .Should()
            .ContainSingle(i => i.GetProperty("kind").GetString() == "DisputeAccepted");
        api.WithDb(db =>
                db.OutboxMessages.Count(o =>
                    o.CaseId == id && o.Kind == "DisputeAccepted" && o.Template == "CaseStatusChanged"
                )
            )
            .Should()
            .Be(2, "the inbox row and the SMS");
    }
}

public sealed class NotificationChoiceTestsOnSqlite(SessionsHost<SqliteDatabase> api)
    : NotificationChoiceTests(api),
        IClassFixture<SessionsHost<SqliteDatabase>>;

public sealed class NotificationChoiceTestsOnPostgres(SessionsHost<PostgresDatabase> api)
    : NotificationChoiceTests(api),
        IClassFixture<SessionsHost<PostgresDatabase>>;
