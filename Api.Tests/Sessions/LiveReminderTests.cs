namespace Mediation.Api.Tests.Sessions;

/// <summary>With the Hangfire server running (SQLite job storage), as a new user would try it: a reminder offset a few
/// seconds away shows up in the mediator's inbox by itself. Polls with a deadline; the app runs on the real clock, like
/// Hangfire.</summary>
public sealed class LiveReminderApi() : SessionsFactory(new SqliteDatabase())
{
    // Hangfire schedules and fires on real time, so the app must not run on a fake clock here.
    protected override bool UsesRealClock => true;

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
        [
            new("Jobs:RunServer", "true"),
            new("Sessions:ReminderOffsets:0", "00:00:05"),
            new("Sessions:ProposeFirstSession", "false"),
        ];
}

public sealed class LiveReminderTests(LiveReminderApi api) : IClassFixture<LiveReminderApi>
{
    [Fact]
    public async Task AReminderAFewSecondsAwayReachesTheMediatorsInboxThroughTheJobServer()
    {
        var c = await api.CaseWithMediatorAsync();
        // 20 s ahead with a 5 s offset: the booking itself may take seconds on a busy machine, and a reminder already
        // past when the session is booked is (rightly) not written.
        var sessionId = await c.ScheduleOkAsync(api.Now().AddSeconds(20), [c.ApplicantPartyId]);
        api.ScheduledReminders(sessionId).Should().ContainSingle("the 5 s reminder is still ahead");

        var deadline = DateTime.UtcNow.AddSeconds(60);
        var reminders = 0;
        while (DateTime.UtcNow < deadline && reminders == 0)
        {
            var inbox = await c.Mediator.Client.InboxAsync();
            reminders = inbox
                .GetProperty("items")
                .EnumerateArray()
                .Count(i =>
                    i.GetProperty("kind").GetString() == "SessionReminder"
                    && i.GetProperty("sessionId").GetGuid() == sessionId
                );
            if (reminders == 0)
                await Task.Delay(500);
        }
        reminders.Should().Be(1);
        deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && api.SmsAbout(c, Applications.ApplicantPhone, "调解提醒").Count == 0)
            await Task.Delay(500);
        api.SmsAbout(c, Applications.ApplicantPhone, "调解提醒").Should().ContainSingle();
    }
}
