using System.IO.Compression;
using Mediation.Api.Auth;
using Mediation.Api.Disputes;
using Mediation.Api.Infrastructure.Security;
using Mediation.Api.Notifications;
using Mediation.Api.Sessions;
using Mediation.Api.Tests.Intake;
using Microsoft.EntityFrameworkCore;

namespace Mediation.Api.Tests.Sessions;

/// <summary>A case's end ends its sessions: no reminder, one cancellation notice, off the calendar; a recused mediator
/// can no longer act.</summary>
public abstract class CaseLifecycleTests(SessionsFactory api)
{
    [Fact]
    public async Task AScheduledSessionOfACaseThatFailsSendsNoReminderAndEveryoneGetsOneCancellation()
    {
        var (c, sessionId) = await ScheduledAsync();

        await c
            .Mediator.Client.PostAsync($"/api/disputes/{c.Id}/failure", new { reasonCode = "respondent-refused" })
            .OkJsonAsync();

        await ShouldBeEndedAsync(c, sessionId, "调解不成");
    }

    [Fact]
    public async Task AScheduledSessionOfAWithdrawnCaseSendsNoReminderAndEveryoneGetsOneCancellation()
    {
        var (c, sessionId) = await ScheduledAsync();

        await c.Citizen.PostAsync($"/api/disputes/{c.Id}/withdraw", new { reason = "双方已自行和解" }).OkJsonAsync();

        await ShouldBeEndedAsync(c, sessionId, "撤回");
    }

    [Fact]
    public async Task AFailedCaseThatIsClosedStillSendsNoReminderAndOnlyOneCancellation()
    {
        var (c, sessionId) = await ScheduledAsync();

        await c
            .Mediator.Client.PostAsync($"/api/disputes/{c.Id}/failure", new { reasonCode = "respondent-refused" })
            .OkJsonAsync();
        (
            await c
                .Mediator.Client.PostAsync(
                    $"/api/disputes/{c.Id}/follow-up",
                    new
                    {
                        method = "Phone",
                        performanceStatus = "调解终止，已告知其他途径",
                        satisfaction = 3,
                    }
                )
                .OkJsonAsync()
        ).GetProperty("caseStatus").GetString().Should().Be("Closed");

        await ShouldBeEndedAsync(c, sessionId, "调解不成");
    }

    [Fact]
    public async Task AScheduledSessionOfATransferredCaseSendsNoReminderAndEveryoneGetsOneCancellation()
    {
        var (c, sessionId) = await ScheduledAsync();
        var intake = await api.NewStaffAsync("WD-ZJC-XC", [StaffRoles.Intake]);

        await intake
            .Client.PostAsync(
                $"/api/intake/{c.Id}/transfer",
                new { toBodyId = api.BodyId("WD-ZJC-DC"), reason = "纠纷发生地在东村" }
            )
            .OkJsonAsync();

        await ShouldBeEndedAsync(c, sessionId, "移交其他调解组织");
    }

    [Fact]
    public async Task AScheduledSessionOfAnEscalatedCaseSendsNoReminderAndEveryoneGetsOneCancellation()
    {
        var (c, sessionId) = await ScheduledAsync();
        var intake = await api.NewStaffAsync("WD-ZJC-XC", [StaffRoles.Intake]);

        await intake.Client.PostAsync($"/api/intake/{c.Id}/escalate", new { reason = "案情复杂" }).OkJsonAsync();

        await ShouldBeEndedAsync(c, sessionId, "移交其他调解组织");
    }

    [Fact]
    public async Task ARecusedMediatorCannotConfirmAndHisSessionLeavesHisCalendarAndFeed()
    {
        var c = await api.CaseWithMediatorAsync(mediatorName: "被回避的调解员");
        var response = await c.Mediator.Client.PostAsJsonAsync(
            $"/api/disputes/{c.Id}/sessions",
            new
            {
                mode = "OnSite",
                startsAt = api.Now().AddDays(2),
                durationMinutes = 60,
                partyIds = new[] { c.ApplicantPartyId },
                location = "东村村委会调解室",
            }
        );
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var sessionId = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>())
            .GetProperty("id")
            .GetGuid();
        var feed = (await c.Mediator.Client.PostAsync("/api/mediator/calendar-token").OkJsonAsync())
            .GetProperty("path")
            .GetString();
        (await api.CreateClient().GetStringAsync(feed)).Should().Contain($"UID:{sessionId:N}@xinyitiao");

        (
            await c.Citizen.PostAsJsonAsync(
                $"/api/disputes/{c.Id}/mediator-objection",
                new { reason = "调解员与被申请人是亲戚" }
            )
        )
            .StatusCode.Should()
            .Be(HttpStatusCode.NoContent);

        await (await c.Mediator.Client.PostAsync($"/api/sessions/{sessionId}/confirm")).ShouldBeProblemAsync(
            HttpStatusCode.Forbidden
        );
        await (
            await c.Mediator.Client.PutAsJsonAsync(
                $"/api/sessions/{sessionId}",
                new { startsAt = api.Now().AddDays(3), durationMinutes = 60 }
            )
        ).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var mine = await c
            .Mediator.Client.GetAsync($"/api/mediator/sessions?from={Uri.EscapeDataString(api.Now().ToString("O"))}")
            .OkJsonAsync();
        mine.GetProperty("items")
            .EnumerateArray()
            .Select(i => i.GetProperty("id").GetGuid())
            .Should()
            .NotContain(sessionId);
        var ics = await api.CreateClient().GetStringAsync(feed);
        ics.Should().Contain("BEGIN:VCALENDAR").And.NotContain($"{sessionId:N}").And.NotContain("东村村委会调解室");
        api.WithDb(db => db.MediationSessions.Single(s => s.Id == sessionId).Status)
            .Should()
            .Be(SessionStatus.Cancelled);
        await api.DeliverAsync();
        api.WithDb(db =>
                db.Notifications.Count(n =>
                    n.SessionId == sessionId && n.Kind == "SessionCancelled" && n.RecipientId == c.Mediator.Id
                )
            )
            .Should()
            .Be(1, "the recused mediator is told once");
    }

    [Fact]
    public async Task SessionActionsOnAnEndedCaseAreRefusedExceptTheRecordOfASessionThatHadBegun()
    {
        var c = await api.CaseWithMediatorAsync();
        var begun = await c.ScheduleOkAsync(api.Now().AddHours(1));
        var future = await c.ScheduleOkAsync(api.Now().AddDays(2));
        api.Clock.Advance(TimeSpan.FromMinutes(90));
        var mediator = await api.LoginAgainAsync(c.Mediator);

        await c.Citizen.PostAsync($"/api/disputes/{c.Id}/withdraw", new { reason = "双方已自行和解" }).OkJsonAsync();

        await (await mediator.PostAsync($"/api/sessions/{future}/confirm")).ShouldBeProblemAsync(
            HttpStatusCode.Conflict
        );
        await (await c.Citizen.PostAsync($"/api/sessions/{future}/confirm")).ShouldBeProblemAsync(
            HttpStatusCode.Conflict
        );
        await (
            await c.Citizen.PostAsync($"/api/sessions/{future}/counter", new { startsAt = api.Now().AddDays(3) })
        ).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (
            await mediator.PutAsJsonAsync(
                $"/api/sessions/{future}",
                new { startsAt = api.Now().AddDays(3), durationMinutes = 60 }
            )
        ).ShouldBeProblemAsync(HttpStatusCode.Conflict, "已撤回");
        await (
            await mediator.PostAsync($"/api/sessions/{future}/outcome", new { result = "Held", minutes = "调解记录" })
        ).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        await (
            await mediator.PutAsJsonAsync(
                $"/api/sessions/{begun}",
                new { startsAt = api.Now().AddDays(3), durationMinutes = 60 }
            )
        ).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        // The session held before the withdrawal keeps its record (调解记录, 人民调解法 art. 27).
        (
            await mediator
                .PostAsync($"/api/sessions/{begun}/outcome", new { result = "Held", minutes = "双方当场和解" })
                .OkJsonAsync()
        )
            .GetProperty("status")
            .GetString()
            .Should()
            .Be("Held");
        api.WithDb(db => db.MediationSessions.Single(s => s.Id == future).Status).Should().Be(SessionStatus.Cancelled);
    }

    [Fact]
    public async Task TheReminderDispatcherSendsNothingForACaseThatHasEndedEvenIfItsSessionWasLeftScheduled()
    {
        var (c, sessionId) = await ScheduledAsync();
        // A status written behind the lifecycle hook's back (a bulk update, an old row): delivery itself re-checks the
        // case.
        await api.WithDbAsync(db =>
            db.Disputes.Where(d => d.Id == c.Id)
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.Status, Mediation.Api.Disputes.DisputeStatus.Closed))
        );

        api.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        await api.RunDueRemindersAsync(sessionId);
        (
            await api.RunReminderAsync(
                new ScheduledReminder(
                    "",
                    sessionId,
                    TimeSpan.FromDays(1),
                    api.WithDb(db => db.MediationSessions.Single(s => s.Id == sessionId).StartsAt.Ticks),
                    api.Now()
                )
            )
        )
            .Should()
            .Be(0, "an old per-reminder job re-checks too");
        await api.DeliverAsync();

        api.Sms.Messages.Where(m => m.Content.Contains(c.CaseNumber) && m.Content.Contains("调解提醒"))
            .Should()
            .BeEmpty();
        api.WithDb(db => db.Notifications.Count(n => n.SessionId == sessionId && n.Kind == "SessionReminder"))
            .Should()
            .Be(0);
    }

    [Fact]
    public async Task TheCalendarFeedOfADeactivatedMediatorStopsWorking()
    {
        var c = await api.CaseWithMediatorAsync(mediatorName: "离职调解员");
        await c.ScheduleOkAsync(api.Now().AddDays(2));
        var feed = (await c.Mediator.Client.PostAsync("/api/mediator/calendar-token").OkJsonAsync())
            .GetProperty("path")
            .GetString();
        var anonymous = api.CreateClient();
        (await anonymous.GetAsync(feed)).StatusCode.Should().Be(HttpStatusCode.OK);
        var admin = await api.StaffAsync(ApiFactory.AdminUsername, ApiFactory.AdminPassword);

        await admin
            .PutAsJsonAsync(
                $"/api/admin/staff/{c.Mediator.Id}",
                new
                {
                    displayName = "离职调解员",
                    roles = new[] { StaffRoles.Mediator },
                    bodyId = api.BodyId("WD-ZJC-XC"),
                    active = false,
                }
            )
            .OkJsonAsync();

        await (await anonymous.GetAsync(feed)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task TheCalendarFeedStopsWorkingWhenTheStaffMemberIsNoLongerAMediator()
    {
        var c = await api.CaseWithMediatorAsync(mediatorName: "转岗调解员");
        var feed = (await c.Mediator.Client.PostAsync("/api/mediator/calendar-token").OkJsonAsync())
            .GetProperty("path")
            .GetString();
        var admin = await api.StaffAsync(ApiFactory.AdminUsername, ApiFactory.AdminPassword);

        await admin
            .PutAsJsonAsync(
                $"/api/admin/staff/{c.Mediator.Id}",
                new
                {
                    displayName = "转岗调解员",
                    roles = new[] { StaffRoles.Intake },
                    bodyId = api.BodyId("WD-ZJC-XC"),
                    active = true,
                }
            )
            .OkJsonAsync();

        await (await api.CreateClient().GetAsync(feed)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task TheCaseFilePrintsASessionCancelledByTheCasesEndAsCancelledWithTheReason()
    {
        var (c, _) = await ScheduledAsync();

        await c
            .Mediator.Client.PostAsync($"/api/disputes/{c.Id}/failure", new { reasonCode = "respondent-refused" })
            .OkJsonAsync();

        var zipResponse = await c.Mediator.Client.GetAsync($"/api/disputes/{c.Id}/case-file.zip");
        zipResponse.StatusCode.Should().Be(HttpStatusCode.OK);
        using var zip = new ZipArchive(await zipResponse.Content.ReadAsStreamAsync(), ZipArchiveMode.Read);
        using var record = new StreamReader(zip.Entries.Single(e => e.FullName.EndsWith("调解记录.html")).Open());
        (await record.ReadToEndAsync())
            .Should()
            .Contain("已取消")
            .And.Contain("原因：调解不成")
            .And.NotContain("已安排")
            .And.NotContain("待确认");
    }

    private async Task<(MediatedCase Case, Guid SessionId)> ScheduledAsync()
    {
        var c = await api.CaseWithMediatorAsync();
        var sessionId = await c.ScheduleOkAsync(api.Now().AddDays(2), [c.ApplicantPartyId, c.RespondentPartyId]);
        api.ScheduledReminders(sessionId).Should().HaveCount(2, "the 24 h and 1 h reminders are armed");
        return (c, sessionId);
    }

    /// <summary>The session is cancelled with the reason; past both reminder times nothing reminds anyone; each person
    /// got one cancellation.</summary>
    private async Task ShouldBeEndedAsync(MediatedCase c, Guid sessionId, string reason)
    {
        var session = api.WithDb(db => db.MediationSessions.Single(s => s.Id == sessionId));
        session.Status.Should().Be(SessionStatus.Cancelled);
        session.CancelReason.Should().Contain(reason);
        api.ScheduledReminders(sessionId).Should().BeEmpty();

        api.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        await api.RunDueRemindersAsync(sessionId);
        api.Clock.Advance(TimeSpan.FromHours(23) + TimeSpan.FromMinutes(30));
        await api.RunDueRemindersAsync(sessionId);
        await api.DeliverAsync();

        api.Sms.Messages.Where(m => m.Content.Contains(c.CaseNumber) && m.Content.Contains("调解提醒"))
            .Should()
            .BeEmpty();
        api.WithDb(db => db.Notifications.Count(n => n.SessionId == sessionId && n.Kind == "SessionReminder"))
            .Should()
            .Be(0);
        api.SmsAbout(c, Applications.ApplicantPhone, "调解已取消")
            .Should()
            .ContainSingle()
            .Which.Content.Should()
            .Contain(reason);
        api.SmsAbout(c, Applications.RespondentPhone, "调解已取消").Should().ContainSingle();
        api.WithDb(db =>
                db.Notifications.Count(n =>
                    n.SessionId == sessionId && n.Kind == "SessionCancelled" && n.RecipientId == c.Mediator.Id
                )
            )
            .Should()
            .Be(1, "the mediator is told once");
        (await c.Citizen.InboxAsync())
            .GetProperty("items")
            .EnumerateArray()
            .Count(i => i.GetProperty("kind").GetString() == "SessionCancelled")
            .Should()
            .Be(1, "the applicant is told once");
        var mediator = await api.LoginAgainAsync(c.Mediator);
        var ics = await api.CreateClient()
            .GetStringAsync(
                (await mediator.PostAsync("/api/mediator/calendar-token").OkJsonAsync()).GetProperty("path").GetString()
            );
        ics.Should().NotContain($"{sessionId:N}");
    }
}

public sealed class CaseLifecycleTestsOnSqlite(SessionsHost<SqliteDatabase> api)
    : CaseLifecycleTests(api),
        IClassFixture<SessionsHost<SqliteDatabase>>;

public sealed class CaseLifecycleTestsOnPostgres(SessionsHost<PostgresDatabase> api)
    : CaseLifecycleTests(api),
        IClassFixture<SessionsHost<PostgresDatabase>>;
