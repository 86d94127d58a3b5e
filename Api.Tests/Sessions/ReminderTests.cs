using Mediation.Api.Auth;
using Mediation.Api.Notifications;
using Mediation.Api.Sessions;
using Mediation.Api.Tests.Intake;

namespace Mediation.Api.Tests.Sessions;

public abstract class ReminderTests(SessionsFactory api)
{
    [Fact]
    public async Task AReminderGoesOutOnceThroughWeChatToAConsentingPartyAndBySmsToARespondentWithoutAnAccount()
    {
        var c = await api.CaseWithMediatorAsync(consent: true);
        var startsAt = api.Now().AddDays(2);
        var sessionId = await c.ScheduleOkAsync(startsAt, [c.ApplicantPartyId, c.RespondentPartyId]);

        var scheduled = api.ScheduledReminders(sessionId);
        scheduled
            .Select(r => r.EnqueueAt)
            .Should()
            .BeEquivalentTo([startsAt.AddDays(-1), startsAt.AddHours(-1)], o =>
                o.Using<DateTime>(x => x.Subject.Should().BeCloseTo(x.Expectation, TimeSpan.FromMilliseconds(1)))
                    .WhenTypeIs<DateTime>()
            );

        await api.RunDueRemindersAsync(sessionId);
        api.WeChat.SentMessages.Should().BeEmpty("nothing is due yet");

        api.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        await api.RunDueRemindersAsync(sessionId);

        var wechat = api.WeChat.SentMessages.Where(m => m.OpenId == c.OpenId).ToList();
        wechat.Should().ContainSingle();
        wechat[0].TemplateId.Should().Be(SessionsFactory.ReminderTemplate);
        wechat[0].Data["time2"].Should().Be(Mediation.Api.WeChat.SubscribeMessageValues.Time(startsAt));
        wechat[0].Data["thing1"].Should().Be("调解提醒");
        wechat[0].Data["thing4"].Should().Be("电话调解");
        var sms = api.SmsAbout(c, Infrastructure.Applications.RespondentPhone, "调解提醒");
        sms.Should().ContainSingle().Which.Content.Should().Contain("1天后开始");
        api.SmsAbout(c, Infrastructure.Applications.ApplicantPhone, "调解提醒")
            .Should()
            .BeEmpty("the applicant got it through WeChat");

        var citizenInbox = await c.Citizen.InboxAsync();
        citizenInbox
            .GetProperty("items")
            .EnumerateArray()
            .Should()
            .ContainSingle(i => i.GetProperty("kind").GetString() == "SessionReminder")
            .Which.GetProperty("sessionId")
            .GetGuid()
            .Should()
            .Be(sessionId);
        var mediator = await api.LoginAgainAsync(c.Mediator); // the staff token has expired on the advanced clock
        (await mediator.InboxAsync())
            .GetProperty("items")
            .EnumerateArray()
            .Count(i => i.GetProperty("kind").GetString() == "SessionReminder")
            .Should()
            .Be(1);
        api.WithDb(db =>
                db.SubscriptionConsents.Single(x =>
                    x.UserId == db.Set<Mediation.Api.Auth.CitizenUser>().Single(u => u.OpenId == c.OpenId).Id
                ).Remaining
            )
            .Should()
            .Be(0);
    }

    [Fact]
    public async Task WithoutConsentTheReminderGoesBySmsToThePartysPhone()
    {
        var c = await api.CaseWithMediatorAsync();
        var startsAt = api.Now().AddDays(2);
        var sessionId = await c.ScheduleOkAsync(startsAt);

        api.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        await api.RunDueRemindersAsync(sessionId);

        api.WeChat.SentMessages.Should().NotContain(m => m.OpenId == c.OpenId);
        api.SmsAbout(c, Infrastructure.Applications.ApplicantPhone, "调解提醒").Should().ContainSingle();
        api.Sms.Unauthorized.Should().Be(0);
    }

    [Fact]
    public async Task AReminderJobThatRunsTwiceSendsOnce()
    {
        var c = await api.CaseWithMediatorAsync();
        var sessionId = await c.ScheduleOkAsync(api.Now().AddHours(3), [c.ApplicantPartyId, c.RespondentPartyId]);
        var job = api.ScheduledReminders(sessionId).Single(); // the 1-day reminder is already past
        api.Clock.Advance(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(1));

        (await api.RunReminderAsync(job)).Should().Be(3, "the mediator, the applicant and the respondent");
        (await api.RunReminderAsync(job)).Should().Be(0);
        await api.DeliverAsync();
        (await api.RunReminderAsync(job)).Should().Be(0);
        await api.DeliverAsync();

        api.Sms.Messages.Count(m => m.Content.Contains(c.CaseNumber) && m.Content.Contains("1小时后开始"))
            .Should()
            .Be(2, "one SMS each for the applicant and the respondent");
        api.WithDb(db => db.Notifications.Count(n => n.SessionId == sessionId && n.Kind == "SessionReminder"))
            .Should()
            .Be(2, "inbox rows for the mediator and the applicant");
    }

    [Fact]
    public async Task RemindersDueTogetherGoOutOnceEachWhenTwoDispatcherRunsOverlap()
    {
        var cases = new List<MediatedCase>();
        for (var i = 0; i < 3; i++)
            cases.Add(await api.CaseWithMediatorAsync(mediatorName: $"调解员{i}"));
        var startsAt = api.Now().AddHours(3);
        foreach (var c in cases)
            await c.ScheduleOkAsync(startsAt, [c.ApplicantPartyId, c.RespondentPartyId]);
        // One reminder already went out through the per-reminder path (a job of an earlier version): the batch must not
        // repeat it.
        var first = api.ScheduledReminders(await SessionOf(cases[0])).Single();
        api.Clock.Advance(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(1));
        (await api.RunReminderAsync(first)).Should().Be(3);

        await Task.WhenAll(api.RunReminderDispatcherAsync(), api.RunReminderDispatcherAsync());
        await api.RunReminderDispatcherAsync();
        await api.DeliverAsync();

        foreach (var c in cases)
        {
            api.SmsAbout(c, Infrastructure.Applications.ApplicantPhone, "1小时后开始").Should().ContainSingle();
            api.SmsAbout(c, Infrastructure.Applications.RespondentPhone, "1小时后开始").Should().ContainSingle();
        }
        api.WithDb(db =>
                db.SessionReminders.Count(r =>
                    r.Status == Mediation.Api.Sessions.ReminderStatus.Pending && r.DueAt <= api.Now()
                )
            )
            .Should()
            .Be(0);
    }

    private Task<Guid> SessionOf(MediatedCase c) =>
        Task.FromResult(
            api.WithDb(db => db.MediationSessions.Where(s => s.DisputeId == c.Id).Select(s => s.Id).Single())
        );

    [Fact]
    public async Task AWeChatRefusalFallsBackToSmsAndZeroesTheConsent()
    {
        var c = await api.CaseWithMediatorAsync();
        // Our count says one consent remains, but WeChat has none (the user switched it off): 43101.
        await c
            .Citizen.PostAsync(
                "/api/me/subscriptions",
                new { results = new Dictionary<string, string> { [SessionsFactory.ReminderTemplate] = "accept" } }
            )
            .OkJsonAsync();
        var sessionId = await c.ScheduleOkAsync(api.Now().AddHours(3));
        api.Clock.Advance(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(1));
        await api.RunDueRemindersAsync(sessionId);
        await api.DeliverAsync();

        api.WeChat.SentMessages.Should().NotContain(m => m.OpenId == c.OpenId);
        api.SmsAbout(c, Infrastructure.Applications.ApplicantPhone, "调解提醒").Should().ContainSingle();
        api.WithDb(db =>
                db.OutboxMessages.Where(o => o.SessionId == sessionId && o.Channel == ChannelNames.WeChat)
                    .Select(o => o.Status)
                    .Single()
            )
            .Should()
            .Be(OutboxStatus.FellBack);
        api.WithDb(db =>
                db.SubscriptionConsents.Single(x =>
                    x.UserId == db.Set<Mediation.Api.Auth.CitizenUser>().Single(u => u.OpenId == c.OpenId).Id
                ).Remaining
            )
            .Should()
            .Be(0);
    }
}

public sealed class ReminderTestsOnSqlite(SessionsHost<SqliteDatabase> api)
    : ReminderTests(api),
        IClassFixture<SessionsHost<SqliteDatabase>>;

public sealed class ReminderTestsOnPostgres(SessionsHost<PostgresDatabase> api)
    : ReminderTests(api),
        IClassFixture<SessionsHost<PostgresDatabase>>;
