using Mediation.Api.Agreements;
using Mediation.Api.Auth;
using Mediation.Api.Credit;
using Mediation.Api.Disputes;
using Mediation.Api.Infrastructure.Outbox;
using Mediation.Api.Infrastructure.Security;
using Mediation.Api.Tests.Intake;
using Mediation.Api.Tests.Sessions;
using Microsoft.EntityFrameworkCore;

namespace Mediation.Api.Tests.Credit;

/// <summary>The four steps on a fake clock, against a fake credit centre: nothing adverse without a supervisor, a
/// notice and a window.</summary>
public abstract class CreditEscalationTests(OutcomesFactory api)
{
    private static readonly TimeSpan Morning = TimeSpan.FromHours(9);

    [Fact]
    public async Task PerformanceRemindersGoOutBeforeTheDueDateOnceEachAndALatePaymentMakesTheCaseDefaulted()
    {
        var c = await api.CaseInMediationAsync();
        var due = api.Today().AddDays(5);
        await c.AgreedAsync(due);

        api.SetLocal(due.AddDays(-3), Morning + TimeSpan.FromMinutes(1));
        await api.ComplianceAsync();
        await api.ComplianceAsync();
        Count(await c.Respondent.InboxAsync(), "PerformanceReminder").Should().Be(1);
        Count(await c.Applicant.InboxAsync(), "PerformanceReminder").Should().Be(0, "only the obligor is reminded");
        api.SetLocal(due, Morning + TimeSpan.FromMinutes(1));
        await api.ComplianceAsync();
        Count(await c.Respondent.InboxAsync(), "PerformanceReminder")
            .Should()
            .Be(3, "3 days before, 1 day before (caught up) and on the day");

        api.SetLocal(due.AddDays(1), TimeSpan.FromMinutes(30));
        await api.ComplianceAsync();
        (await c.Applicant.GetAsync($"/api/disputes/{c.Id}").OkJsonAsync())
            .GetProperty("status")
            .GetString()
            .Should()
            .Be("Defaulted");
        Count(await c.Respondent.InboxAsync(), "PerformanceOverdue").Should().Be(1);
    }

    [Fact]
    public async Task AWarningIsProposedOnlyAfterTheGraceAndReachesTheCentreOnlyAfterApprovalAndTheObjectionWindow()
    {
        var c = await api.CaseInMediationAsync();
        var due = api.Today().AddDays(2);
        await c.AgreedAsync(due);

        api.SetLocal(due.AddDays(3), Morning); // late since due+1 00:00 minus a second; grace 3 days not yet over
        await api.EscalateAsync();
        (await c.ProposalsAsync()).Should().BeEmpty("the grace has not passed");
        api.SetLocal(due.AddDays(4), Morning);
        await api.EscalateAsync();
        await api.EscalateAsync();
        var proposal = (await c.ProposalsAsync()).Should().ContainSingle().Subject;
        proposal.GetProperty("step").GetString().Should().Be("Warning");
        proposal.GetProperty("partyId").GetGuid().Should().Be(c.RespondentPartyId);
        proposal.GetProperty("points").GetInt32().Should().Be(-2);
        (await c.Respondent.GetAsync("/api/me/credit").OkJsonAsync())
            .GetProperty("items")
            .GetArrayLength()
            .Should()
            .Be(0, "a proposal under review is internal");
        Count(await c.Supervisor.Client.InboxAsync(), "CreditProposal", c.Id)
            .Should()
            .Be(1, "the supervisor is told once");
        var id = proposal.GetProperty("id").GetGuid();

        await c
            .Supervisor.Client.PostAsync($"/api/credit/proposals/{id}/approve", new { reason = "逾期属实" })
            .OkJsonAsync();

        var told = (await c.Respondent.InboxAsync())
            .GetProperty("items")
            .EnumerateArray()
            .Single(n => n.GetProperty("kind").GetString() == "CreditNotice");
        told.GetProperty("body").GetString().Should().Contain("异议");
        (await c.Respondent.GetAsync("/api/me/credit").OkJsonAsync())
            .GetProperty("items")[0]
            .GetProperty("canObject")
            .GetBoolean()
            .Should()
            .BeTrue();
        api.Clock.Advance(TimeSpan.FromDays(6));
        await api.EscalateAsync();
        await api.PushAsync();
        RecordsFor(c).Should().BeEmpty("the objection window is still open");

        api.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        await api.EscalateAsync();
        await api.PushAsync();
        var record = RecordsFor(c).Should().ContainSingle().Subject;
        record.GetProperty("type").GetString().Should().Be("warning");
        record
            .GetProperty("subject")
            .GetProperty("idNumber")
            .GetString()
            .Should()
            .MatchRegex("^[0-9]{17}[0-9X]$", "the credit centre receives the full ID number");
        record.GetProperty("points").GetInt32().Should().Be(-2);
        api.CreditCentre.Unauthorized.Should().Be(0);
    }

    [Fact]
    public async Task AnUpheldObjectionWithdrawsTheStepAndNothingIsPushed()
    {
        var c = await api.CaseInMediationAsync();
        var id = await ApprovedWarningAsync(c);
        var mine = (await c.Respondent.GetAsync("/api/me/credit").OkJsonAsync()).GetProperty("items")[0];
        mine.GetProperty("id").GetGuid().Should().Be(id);
        var stranger = await api.CitizenAsync("x-" + Guid.NewGuid());
        (await stranger.PostAsJsonAsync("/api/credit/objections", new { proposalId = id, reason = "不是我" }))
            .StatusCode.Should()
            .Be(HttpStatusCode.NotFound);

        var objected = await c
            .Respondent.PostAsync(
                "/api/credit/objections",
                new { proposalId = id, reason = "我已于到期前转账，银行系统延迟到账" }
            )
            .JsonCreatedAsync();
        objected.GetProperty("status").GetString().Should().Be("Objected");
        var objectionId = objected.GetProperty("objections")[0].GetProperty("id").GetGuid();
        var decided = await c
            .Supervisor.Client.PostAsync(
                $"/api/credit/objections/{objectionId}/decide",
                new { upheld = true, reason = "银行回单证明按期付款" }
            )
            .OkJsonAsync();

        decided.GetProperty("status").GetString().Should().Be("Withdrawn");
        api.Clock.Advance(TimeSpan.FromDays(30));
        await api.EscalateAsync();
        await api.PushAsync();
        RecordsFor(c).Should().BeEmpty();
        api.WithDb(db => db.CreditRecords.Count(r => r.DisputeId == c.Id)).Should().Be(0);
        (await c.ProposalsAsync())
            .Where(p => p.GetProperty("step").GetString() == "Publication")
            .Should()
            .BeEmpty("no publication follows a withdrawn warning");
    }

    [Fact]
    public async Task PayingWhileAnObjectionIsPendingWithdrawsTheStepAndTheObjectionCanNoLongerRevive()
    {
        var c = await api.CaseInMediationAsync();
        var id = await ApprovedWarningAsync(c);
        var objected = await c
            .Respondent.PostAsync("/api/credit/objections", new { proposalId = id, reason = "我已安排付款" })
            .JsonCreatedAsync();
        var objectionId = objected.GetProperty("objections")[0].GetProperty("id").GetGuid();

        var payment = await ReportFullPaymentAsync(c);
        await c.Applicant.PostAsync($"/api/payments/{payment.GetProperty("id")}/confirm").OkJsonAsync();

        (
            await c.Supervisor.Client.PostAsync(
                $"/api/credit/objections/{objectionId}/decide",
                new { upheld = false, reason = "理由不成立" }
            )
        )
            .StatusCode.Should()
            .Be(HttpStatusCode.Conflict, "the step was withdrawn when the party performed");
        api.WithDb(db => db.CreditObjections.Single(o => o.Id == objectionId).Status).Should().Be(ObjectionStatus.Moot);
        api.Clock.Advance(TimeSpan.FromDays(30));
        await api.EscalateAsync();
        await api.PushAsync();
        RecordsFor(c).Should().BeEmpty();
        api.WithDb(db => db.CreditProposals.Single(p => p.Id == id).Status).Should().Be(ProposalStatus.Withdrawn);
    }

    [Fact]
    public async Task APublicationReachesTheCentreExactlyOnceThoughItFailedThreeTimesAndPerformanceRetractsIt()
    {
        var c = await api.CaseInMediationAsync();
        var warningId = await ApprovedWarningAsync(c);
        api.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        await api.EscalateAsync();
        await api.PushAsync();
        api.Clock.Advance(TimeSpan.FromDays(15));
        await api.EscalateAsync();
        var publication = (await c.ProposalsAsync())
            .Should()
            .ContainSingle(p => p.GetProperty("step").GetString() == "Publication")
            .Subject;
        await c
            .Supervisor.Client.PostAsync($"/api/credit/proposals/{publication.GetProperty("id")}/approve")
            .OkJsonAsync();
        api.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));

        api.CreditCentre.FailNext(500, 3);
        var requestsBefore = api.CreditCentre.Requests;
        await api.EscalateAsync();
        for (var i = 0; i < 6; i++)
        {
            await api.PushAsync();
            api.Clock.Advance(TimeSpan.FromMinutes(30));
        }

        RecordsFor(c).Where(r => r.GetProperty("type").GetString() == "publication").Should().ContainSingle();
        (api.CreditCentre.Requests - requestsBefore).Should().Be(4, "three 500s, then one success, and nothing after");
        var keys = api.WithDb(db =>
            db.CreditRecords.Where(r => r.DisputeId == c.Id)
                .Select(r => new
                {
                    r.Type,
                    r.Status,
                    r.Attempts,
                })
                .ToList()
        );
        keys.Should()
            .ContainSingle(r => r.Type == CreditStep.Publication && r.Status == PushStatus.Sent && r.Attempts == 4);

        var payment = await ReportFullPaymentAsync(c);
        (await c.Respondent.PostAsync($"/api/payments/{payment.GetProperty("id")}/confirm"))
            .StatusCode.Should()
            .Be(HttpStatusCode.Forbidden, "only the obligee confirms");
        await c.Applicant.PostAsync($"/api/payments/{payment.GetProperty("id")}/confirm").OkJsonAsync();
        await api.PushAsync();

        var repairs = RecordsFor(c).Where(r => r.GetProperty("type").GetString() == "repair").ToList();
        repairs.Should().HaveCount(2, "both the warning and the publication are retracted");
        var pushedIds = RecordsFor(c)
            .Where(r => r.GetProperty("type").GetString() != "repair")
            .Select(r => r.GetProperty("recordId").GetGuid())
            .ToList();
        repairs.Select(r => r.GetProperty("retractsRecordId").GetGuid()).Should().BeEquivalentTo(pushedIds);
        (await c.Applicant.GetAsync($"/api/disputes/{c.Id}").OkJsonAsync())
            .GetProperty("status")
            .GetString()
            .Should()
            .Be("Fulfilled");
        Count(await c.Respondent.InboxAsync(), "CreditRepaired").Should().Be(1);
        var mine = (await c.Respondent.GetAsync("/api/me/credit").OkJsonAsync())
            .GetProperty("items")
            .EnumerateArray()
            .ToList();
        mine.Should().OnlyContain(p => p.GetProperty("status").GetString() == "Retracted");
        mine.Select(p => p.GetProperty("id").GetGuid()).Should().Contain(warningId);
        api.WithDb(db => db.FollowUps.Count(f => f.DisputeId == c.Id && f.Status == FollowUpStatus.Pending))
            .Should()
            .Be(1, "a follow-up visit task is created");
    }

    [Fact]
    public async Task EnforcementIsRefusedWithoutJudicialConfirmationAndProposedAfterIt()
    {
        var c = await api.CaseInMediationAsync();
        var agreement = await c.AgreedAsync(api.Today().AddDays(3));
        var id = agreement.GetProperty("id").GetGuid();
        var enforcement = new
        {
            appliedOn = api.Today(),
            court = "文登区人民法院",
            caseNumber = "(2026)鲁1003执100号",
        };

        var refused = await c.Mediator.Client.PostAsJsonAsync($"/api/agreements/{id}/enforcement", enforcement);
        refused.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await refused.Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("title")
            .GetString()
            .Should()
            .Be("未经司法确认，不能申请失信惩戒");
        (await c.ProposalsAsync()).Should().BeEmpty();

        await c
            .Mediator.Client.PostAsync(
                $"/api/agreements/{id}/judicial-confirmation",
                new
                {
                    appliedOn = api.Today(),
                    court = "文登区人民法院",
                    result = "Confirmed",
                    rulingNumber = "(2026)鲁1003民特1号",
                    decidedOn = api.Today(),
                }
            )
            .OkJsonAsync();
        var clerk = await api.NewStaffAsync("WD-ZJC-XC", [StaffRoles.Intake]);
        (await clerk.Client.PostAsJsonAsync($"/api/agreements/{id}/enforcement", enforcement))
            .StatusCode.Should()
            .Be(HttpStatusCode.Forbidden, "an intake clerk who can see the case does not start 失信惩戒");
        await c.Mediator.Client.PostAsync($"/api/agreements/{id}/enforcement", enforcement).OkJsonAsync();

        var proposal = (await c.ProposalsAsync()).Should().ContainSingle().Subject;
        proposal.GetProperty("step").GetString().Should().Be("Enforcement");
        proposal.GetProperty("points").GetInt32().Should().Be(-10);
    }

    [Fact]
    public async Task ADefaultedCaseIsClosedByTheFollowUpOnceEnforcementIsAppliedFor()
    {
        var c = await api.CaseInMediationAsync();
        var due = api.Today().AddDays(2);
        var id = (await c.AgreedAsync(due)).GetProperty("id").GetGuid();
        api.SetLocal(due.AddDays(1), TimeSpan.FromMinutes(30));
        await api.ComplianceAsync();
        api.Status(c.Id).Should().Be("Defaulted");
        var followUp = new
        {
            method = "Phone",
            performanceStatus = "仍未履行，已申请强制执行",
            satisfaction = 3,
        };
        (await c.Mediator.Client.PostAsJsonAsync($"/api/disputes/{c.Id}/follow-up", followUp))
            .StatusCode.Should()
            .Be(HttpStatusCode.Conflict);

        await c
            .Mediator.Client.PostAsync(
                $"/api/agreements/{id}/judicial-confirmation",
                new
                {
                    appliedOn = api.Today(),
                    court = "文登区人民法院",
                    result = "Confirmed",
                    rulingNumber = "(2026)鲁1003民特2号",
                    decidedOn = api.Today(),
                }
            )
            .OkJsonAsync();
        await c
            .Mediator.Client.PostAsync(
                $"/api/agreements/{id}/enforcement",
                new
                {
                    appliedOn = api.Today(),
                    court = "文登区人民法院",
                    caseNumber = "(2026)鲁1003执101号",
                }
            )
            .OkJsonAsync();
        var closed = await c.Mediator.Client.PostAsync($"/api/disputes/{c.Id}/follow-up", followUp).OkJsonAsync();

        closed.GetProperty("caseStatus").GetString().Should().Be("Closed");
        api.Status(c.Id).Should().Be("Closed");
    }

    [Fact]
    public async Task StaffMayProposeAWarningForDishonestyButNotApproveTheirOwnProposal()
    {
        var c = await api.CaseInMediationAsync();
        var both = await api.NewStaffAsync("WD-ZJC-XC", [StaffRoles.Mediator, StaffRoles.Supervisor], "兼任所长");
        var proposed = await both
            .Client.PostAsync(
                "/api/credit/proposals",
                new
                {
                    disputeId = c.Id,
                    partyId = c.ApplicantPartyId,
                    reason = "提交的维修发票经核实系伪造",
                }
            )
            .JsonCreatedAsync();
        proposed.GetProperty("trigger").GetString().Should().Be("Dishonesty");
        proposed.GetProperty("points").GetInt32().Should().Be(-3);

        var own = await both.Client.PostAsJsonAsync(
            $"/api/credit/proposals/{proposed.GetProperty("id")}/approve",
            new { }
        );
        own.StatusCode.Should().Be(HttpStatusCode.Conflict);
        var rejectWithoutReason = await c.Supervisor.Client.PostAsJsonAsync(
            $"/api/credit/proposals/{proposed.GetProperty("id")}/reject",
            new { }
        );
        rejectWithoutReason.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var rejected = await c
            .Supervisor.Client.PostAsync(
                $"/api/credit/proposals/{proposed.GetProperty("id")}/reject",
                new { reason = "证据不足" }
            )
            .OkJsonAsync();
        rejected.GetProperty("status").GetString().Should().Be("Rejected");
        (await c.Applicant.GetAsync("/api/me/credit").OkJsonAsync())
            .GetProperty("items")
            .GetArrayLength()
            .Should()
            .Be(0, "a rejected proposal was never a measure");
    }

    [Fact]
    public async Task ASupervisorOfAnotherBodyNeitherSeesNorDecidesTheProposals()
    {
        var c = await api.CaseInMediationAsync();
        var elsewhere = await api.NewStaffAsync("WD-ZJC-DC", [StaffRoles.Supervisor], "别处所长");
        var proposed = await c
            .Mediator.Client.PostAsync(
                "/api/credit/proposals",
                new
                {
                    disputeId = c.Id,
                    partyId = c.RespondentPartyId,
                    reason = "隐瞒已另案起诉的事实",
                }
            )
            .JsonCreatedAsync();

        var list = await elsewhere.Client.GetAsync($"/api/credit/proposals?disputeId={c.Id}").OkJsonAsync();
        list.GetProperty("items").GetArrayLength().Should().Be(0);
        (await elsewhere.Client.PostAsJsonAsync($"/api/credit/proposals/{proposed.GetProperty("id")}/approve", new { }))
            .StatusCode.Should()
            .Be(HttpStatusCode.NotFound);
        (await c.Mediator.Client.GetAsync("/api/credit/proposals"))
            .StatusCode.Should()
            .Be(HttpStatusCode.Forbidden, "deciding is for supervisors");
    }

    [Fact]
    public async Task AnAdminRetriesAFailedRecordAndItIsPushedOnce()
    {
        var c = await api.CaseInMediationAsync();
        var id = Guid.CreateVersion7();
        await api.WithDbAsync(async db =>
        {
            db.CreditRecords.Add(
                new CreditRecord
                {
                    Id = id,
                    SourceKey = $"test:{id:N}",
                    Type = CreditStep.Warning,
                    DisputeId = c.Id,
                    PartyId = c.RespondentPartyId,
                    Reason = "测试",
                    Points = -2,
                    EventAt = api.Now(),
                    NextAttemptAt = api.Now(),
                    CreatedAt = api.Now(),
                    Status = PushStatus.Failed,
                    Attempts = 30,
                    LastError = "HTTP 500",
                }
            );
            await db.SaveChangesAsync();
        });
        var admin = await api.StaffAsync(ApiFactory.AdminUsername, ApiFactory.AdminPassword);
        (await admin.GetAsync("/api/admin/credit-records?status=Failed").OkJsonAsync())
            .EnumerateArray()
            .Should()
            .Contain(r => r.GetProperty("id").GetGuid() == id);

        (await admin.PostAsync($"/api/admin/credit-records/{id}/retry"))
            .StatusCode.Should()
            .Be(HttpStatusCode.Accepted);
        (await admin.PostAsync($"/api/admin/credit-records/{id}/retry"))
            .StatusCode.Should()
            .Be(HttpStatusCode.Conflict, "it is no longer Failed");
        await api.PushAsync();

        RecordsFor(c).Should().ContainSingle(r => r.GetProperty("recordId").GetGuid() == id);
    }

    [Fact]
    public async Task ARecordThatCannotBeBuiltFailsAtOnceAndShowsInTheAdminsFailedList()
    {
        var c = await api.CaseInMediationAsync();
        var id = Guid.CreateVersion7();
        await api.WithDbAsync(async db =>
        {
            // An ID number that no longer decrypts (as after a lost key): the request to the centre cannot be built.
            await db
                .DisputeParties.Where(p => p.Id == c.ApplicantPartyId)
                .ExecuteUpdateAsync(s =>
                    s.SetProperty(p => p.IdNumberCipher, "1:" + Convert.ToBase64String(new byte[40]))
                );
            db.CreditRecords.Add(
                new CreditRecord
                {
                    Id = id,
                    SourceKey = $"test:{id:N}",
                    Type = CreditStep.Warning,
                    DisputeId = c.Id,
                    PartyId = c.ApplicantPartyId,
                    Reason = "测试",
                    Points = -2,
                    EventAt = api.Now(),
                    NextAttemptAt = api.Now(),
                    CreatedAt = api.Now(),
                }
            );
            await db.SaveChangesAsync();
        });

        await api.PushAsync();

        var record = api.WithDb(db => db.CreditRecords.Single(r => r.Id == id));
        (record.Status, record.LockedUntil).Should().Be((PushStatus.Failed, (DateTime?)null));
        record.LastError.Should().StartWith("无法生成报送内容");
        var admin = await api.StaffAsync(ApiFactory.AdminUsername, ApiFactory.AdminPassword);
        (await admin.GetAsync("/api/admin/credit-records?status=Failed").OkJsonAsync())
            .EnumerateArray()
            .Should()
            .Contain(r => r.GetProperty("id").GetGuid() == id);
        RecordsFor(c).Should().BeEmpty();
    }

    /// <summary>Due in 2 days; 4 days after that the warning is proposed and then approved. Returns its id.</summary>
    /// <summary>The respondent reports paying the whole 3,000 yuan of the case's first obligation.</summary>
    private async Task<JsonElement> ReportFullPaymentAsync(PartyCase c)
    {
        var obligationId = (await c.Respondent.GetAsync($"/api/disputes/{c.Id}/obligations").OkJsonAsync())
            .GetProperty("items")[0]
            .GetProperty("id")
            .GetGuid();
        return await c
            .Respondent.PostAsync(
                $"/api/obligations/{obligationId}/payments",
                new
                {
                    amountFen = 300_000,
                    paidAt = api.Now(),
                    note = "已转账",
                }
            )
            .JsonCreatedAsync();
    }

    private async Task<Guid> ApprovedWarningAsync(PartyCase c)
    {
        var due = api.Today().AddDays(2);
        await c.AgreedAsync(due);
        api.SetLocal(due.AddDays(4), Morning);
        await api.EscalateAsync();
        var id = (await c.ProposalsAsync()).Single().GetProperty("id").GetGuid();
        await c.Supervisor.Client.PostAsync($"/api/credit/proposals/{id}/approve").OkJsonAsync();
        return id;
    }

    private List<JsonElement> RecordsFor(PartyCase c) =>
        api.CreditCentre.Records.Where(r => r.GetProperty("caseNumber").GetString() == c.CaseNumber).ToList();

    private static int Count(JsonElement inbox, string kind, Guid? caseId = null) =>
        inbox
            .GetProperty("items")
            .EnumerateArray()
            .Count(n =>
                n.GetProperty("kind").GetString() == kind
                && (caseId is null || n.GetProperty("caseId").GetGuid() == caseId)
            );
}

public sealed class CreditEscalationTestsOnSqlite(OutcomesHost<SqliteDatabase> api)
    : CreditEscalationTests(api),
        IClassFixture<OutcomesHost<SqliteDatabase>>;

public sealed class CreditEscalationTestsOnPostgres(OutcomesHost<PostgresDatabase> api)
    : CreditEscalationTests(api),
        IClassFixture<OutcomesHost<PostgresDatabase>>;
