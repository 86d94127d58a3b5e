using Hangfire;
using Mediation.Api.Auth;
using Mediation.Api.Infrastructure.Security;
using Mediation.Api.Notifications;
using Mediation.Api.Sessions;
using Mediation.Api.Tests.Fakes;
using Mediation.Api.Tests.Intake;
using Microsoft.Extensions.DependencyInjection;

namespace Mediation.Api.Tests.Sessions;

/// <summary>
/// The service with fake SMS and WeCom servers on loopback and no Hangfire server: tests run due jobs themselves,
/// through DI, after advancing the fake clock, so nothing depends on timing. Subscribe-message templates are declared
/// on the fake WeChat server.
/// </summary>
public abstract class SessionsFactory(ITestDatabase database) : ApiFactory(database)
{
    public const string SmsSecret = "sms-secret-for-tests";
    public const string ReminderTemplate = "tmpl-session-reminder";
    public FakeSmsGateway Sms { get; private set; } = null!;
    public FakeWeComRobot WeCom { get; private set; } = null!;

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
        [new("Sessions:ProposeFirstSession", "true")];

    protected override async Task<IEnumerable<KeyValuePair<string, string?>>> StartFakesAsync()
    {
        Sms = await FakeSmsGateway.StartAsync(SmsSecret);
        WeCom = await FakeWeComRobot.StartAsync(Clock);
        WeChat.RegisterTemplate(
            ReminderTemplate,
            new()
            {
                ["thing1"] = "thing",
                ["time2"] = "time",
                ["thing3"] = "thing",
                ["thing4"] = "thing",
            }
        );
        WeChat.RegisterTemplate(
            "tmpl-session-changed",
            new()
            {
                ["thing1"] = "thing",
                ["time2"] = "time",
                ["thing3"] = "thing",
            }
        );
        return
        [
            new("Jobs:RunServer", "false"),
            new("Sms:Url", Sms.Url),
            new("Sms:Secret", SmsSecret),
            new("WeChat:Templates:SessionReminder:Fields:title", "thing1"),
            new("WeChat:Templates:SessionReminder:Fields:startsAt", "time2"),
            new("WeChat:Templates:SessionReminder:Fields:place", "thing3"),
            new("WeChat:Templates:SessionReminder:Fields:mode", "thing4"),
            new("WeChat:Templates:SessionChanged:Fields:title", "thing1"),
            new("WeChat:Templates:SessionChanged:Fields:startsAt", "time2"),
            new("WeChat:Templates:SessionChanged:Fields:note", "thing3"),
        ];
    }

    protected override async Task StopFakesAsync()
    {
        await Sms.DisposeAsync();
        await WeCom.DisposeAsync();
    }
}

public sealed class SessionsHost<TDatabase>() : SessionsFactory(new TDatabase())
    where TDatabase : ITestDatabase, new();

public sealed record MediatedCase(
    Guid Id,
    string CaseNumber,
    HttpClient Citizen,
    string OpenId,
    Staff Mediator,
    Guid ApplicantPartyId,
    Guid RespondentPartyId
);

public sealed record ScheduledReminder(
    string JobId,
    Guid SessionId,
    TimeSpan Offset,
    long StartsAtTicks,
    DateTime EnqueueAt
);

public static class SessionsHarness
{
    /// <summary>The mediator works every day from <paramref name="from"/> to <paramref name="to"/> (China time) and
    /// the first-session job proposes a time; returns the proposed session.</summary>
    public static async Task<Guid> ProposedSessionAsync(
        this SessionsFactory api,
        MediatedCase c,
        string from = "00:00",
        string to = "23:59"
    )
    {
        var hours = Enum.GetValues<DayOfWeek>()
            .Select(d => new
            {
                day = d.ToString(),
                from,
                to,
            })
            .ToArray();
        (
            await c.Mediator.Client.PutAsJsonAsync(
                "/api/mediator/availability",
                new { weeklyHours = hours, daysOff = Array.Empty<string>() }
            )
        ).EnsureSuccessStatusCode();
        await using var scope = api.Services.CreateAsyncScope();
        return (
            await scope
                .ServiceProvider.GetRequiredService<FirstSessionProposalJob>()
                .RunAsync(c.Id, CancellationToken.None)
        )!.Value;
    }

    public static async Task<MediatedCase> CaseWithMediatorAsync(
        this SessionsFactory api,
        bool consent = false,
        string mediatorName = "调解员王"
    )
    {
        var openId = "c-" + Guid.NewGuid();
        var citizen = await api.CitizenAsync(openId);
        var created = await citizen.FileOkAsync(await Applications.ValidAsync(citizen));
        var id = created.GetProperty("id").GetGuid();
        var intake = await api.NewStaffAsync("WD-ZJC-XC", [StaffRoles.Intake]);
        var mediator = await api.NewStaffAsync("WD-ZJC-XC", [StaffRoles.Mediator], mediatorName);
        var accepted = await intake.Client.PostAsync($"/api/intake/{id}/accept").OkJsonAsync();
        await intake
            .Client.PostAsync($"/api/intake/{id}/assign", new { mediatorIds = new[] { mediator.Id } })
            .OkJsonAsync();
        if (consent)
        {
            await citizen
                .PostAsync(
                    "/api/me/subscriptions",
                    new { results = new Dictionary<string, string> { [SessionsFactory.ReminderTemplate] = "accept" } }
                )
                .OkJsonAsync();
            api.WeChat.GrantSubscription(openId, SessionsFactory.ReminderTemplate);
        }
        await api.DeliverAsync(); // the intake notices (accepted, mediator assigned) go out now, not inside the test's own counts
        return new MediatedCase(
            id,
            accepted.GetProperty("caseNumber").GetString()!,
            citizen,
            openId,
            mediator,
            created.GetProperty("applicant").GetProperty("id").GetGuid(),
            created.GetProperty("respondents")[0].GetProperty("id").GetGuid()
        );
    }

    /// <summary>A new case, accepted and assigned to this mediator.</summary>
    public static async Task<Guid> AnotherCaseOfAsync(this SessionsFactory api, Staff mediator)
    {
        var citizen = await api.CitizenAsync("c2-" + Guid.NewGuid());
        var id = (await citizen.FileOkAsync(await Applications.ValidAsync(citizen))).GetProperty("id").GetGuid();
        var intake = await api.NewStaffAsync("WD-ZJC-XC", [StaffRoles.Intake]);
        await intake.Client.PostAsync($"/api/intake/{id}/accept").OkJsonAsync();
        await intake
            .Client.PostAsync($"/api/intake/{id}/assign", new { mediatorIds = new[] { mediator.Id } })
            .OkJsonAsync();
        return id;
    }

    /// <summary>SMS about this case (every test case has the same party phones; messages name their case
    /// number).</summary>
    public static List<FakeSmsGateway.Message> SmsAbout(
        this SessionsFactory api,
        MediatedCase c,
        string phone,
        string contains
    ) =>
        api
            .Sms.Messages.Where(m =>
                m.Phone == phone && m.Content.Contains(c.CaseNumber) && m.Content.Contains(contains)
            )
            .ToList();

    public static DateTime Now(this ApiFactory api) =>
        api.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;

    public static Task<HttpResponseMessage> ScheduleAsync(
        this MediatedCase c,
        DateTime startsAt,
        Guid[]? partyIds = null,
        int minutes = 60,
        HttpClient? client = null
    ) =>
        (client ?? c.Mediator.Client).PostAsJsonAsync(
            $"/api/disputes/{c.Id}/sessions",
            new
            {
                mode = "Phone",
                startsAt,
                durationMinutes = minutes,
                partyIds = partyIds ?? [c.ApplicantPartyId],
            }
        );

    public static async Task<Guid> ScheduleOkAsync(this MediatedCase c, DateTime startsAt, Guid[]? partyIds = null)
    {
        var response = await c.ScheduleAsync(startsAt, partyIds);
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>The session's reminders still pending (as the dispatcher will find them when due).</summary>
    public static List<ScheduledReminder> ScheduledReminders(this ApiFactory api, Guid sessionId) =>
        api.WithDb(db =>
                db.SessionReminders.Where(r => r.SessionId == sessionId && r.Status == ReminderStatus.Pending).ToList()
            )
            .Select(r => new ScheduledReminder(
                r.Id.ToString(),
                sessionId,
                r.Offset,
                r.StartsAt.Ticks,
                DateTime.SpecifyKind(r.DueAt, DateTimeKind.Utc)
            ))
            .OrderBy(r => r.EnqueueAt)
            .ToList();

    /// <summary>What the Hangfire server would do at the fake clock's now: run the reminder dispatcher (which
    /// delivers), then the outbox sweep.</summary>
    public static async Task RunDueRemindersAsync(this ApiFactory api, Guid sessionId)
    {
        await api.RunReminderDispatcherAsync();
        await api.DeliverAsync();
    }

    public static async Task<int> RunReminderDispatcherAsync(this ApiFactory api)
    {
        await using var scope = api.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SessionReminderJob>().RunDueAsync(CancellationToken.None);
    }

    public static async Task<int> RunReminderAsync(this ApiFactory api, ScheduledReminder job)
    {
        await using var scope = api.Services.CreateAsyncScope();
        return await scope
            .ServiceProvider.GetRequiredService<SessionReminderJob>()
            .RunAsync(job.SessionId, job.Offset, job.StartsAtTicks, CancellationToken.None);
    }

    public static async Task<int> DeliverAsync(this ApiFactory api)
    {
        await using var scope = api.Services.CreateAsyncScope();
        return await scope
            .ServiceProvider.GetRequiredService<OutboxDeliveryJob>()
            .DeliverDueAsync(CancellationToken.None);
    }

    public static async Task<JsonElement> InboxAsync(this HttpClient client) =>
        await client.GetAsync("/api/me/notifications").OkJsonAsync();

    public static async Task<HttpClient> LoginAgainAsync(this ApiFactory api, Staff staff) =>
        await api.StaffAsync(staff.Username, IntakeHarness.Password);
}
