using Mediation.Api.Auth;
using Mediation.Api.Disputes;
using Mediation.Api.Infrastructure;
using Mediation.Api.Infrastructure.Security;
using Mediation.Api.Statistics;
using Mediation.Api.Tests.Intake;
using Mediation.Api.Tests.Sessions;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace Mediation.Api.Tests.Statistics;

public abstract class SubsidyTests(OutcomesFactory api)
{
    private const string Body = "WD-ZJC-XC";

    /// <summary>The standard this class sets for the 文登 county: a cap low enough for one mediator to reach.</summary>
    private static readonly object Standard = new
    {
        simpleCaseFen = 5_000L,
        ordinaryCaseFen = 10_000L,
        complexCaseFen = 20_000L,
        ordinaryFromSessions = 2,
        complexFromSessions = 3,
        writtenAgreementFen = 3_000L,
        oralAgreementFen = 1_000L,
        referralBonusFen = 2_000L,
        monthlyCapFen = 9_000L,
    };

    private static JsonElement LineOf(JsonElement sheet, Staff mediator) =>
        sheet.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("mediatorId").GetGuid() == mediator.Id);

    private async Task<PartyCase> CaseOfAsync(Staff mediator, Staff supervisor)
    {
        var phone = "139" + Random.Shared.Next(10_000_000, 99_999_999);
        var applicant = await api.CitizenAsync("a-" + Guid.NewGuid());
        var created = await applicant.FileOkAsync(await Applications.ValidAsync(applicant, respondentPhone: phone));
        var id = created.GetProperty("id").GetGuid();
        var intake = await api.NewStaffAsync(Body, [StaffRoles.Intake]);
        var accepted = await intake.Client.PostAsync($"/api/intake/{id}/accept").OkJsonAsync();
        await intake
            .Client.PostAsync($"/api/intake/{id}/assign", new { mediatorIds = new[] { mediator.Id } })
            .OkJsonAsync();
        var respondent = await api.CitizenAsync("r-" + Guid.NewGuid());
        (
            await respondent.PostAsJsonAsync("/api/me/phone", new { code = api.WeChat.IssuePhoneCode(phone) })
        ).EnsureSuccessStatusCode();
        return new PartyCase(
            id,
            accepted.GetProperty("caseNumber").GetString()!,
            applicant,
            respondent,
            mediator,
            supervisor,
            created.GetProperty("applicant").GetProperty("id").GetGuid(),
            created.GetProperty("respondents")[0].GetProperty("id").GetGuid(),
            phone,
            created
                .GetProperty("respondents")
                .EnumerateArray()
                .Skip(1)
                .Select(r => r.GetProperty("id").GetGuid())
                .ToList()
        );
    }

    private static Task FollowUpAsync(PartyCase c) =>
        c
            .Mediator.Client.PostAsync(
                $"/api/disputes/{c.Id}/follow-up",
                new
                {
                    method = "Phone",
                    performanceStatus = "已回访",
                    satisfaction = 4,
                }
            )
            .OkJsonAsync();

    private static Task FailAsync(PartyCase c) =>
        c
            .Mediator.Client.PostAsync($"/api/disputes/{c.Id}/failure", new { reasonCode = "respondent-refused" })
            .OkJsonAsync();

    /// <summary>
    /// The month after the clock's. 王 closes A (one held session, a written agreement performed in full: simple
    /// 50 + written 30 = 80 元) and B (failed, referred by the police: simple 50 + referral 20 = 70 元); D stays open.
    /// 李 closes C (failed: 50 元). By hand: 王 150 元, capped at 90 元 (60 off); 李 50 元; total 140 元.
    /// </summary>
    private async Task<(string Month, Staff Wang, Staff Li, Staff Supervisor, PartyCase[] Closed)> SeededMonthAsync()
    {
        var first = ChinaTime.Date(api.Now());
        first = new DateOnly(first.Year, first.Month, 1).AddMonths(1);
        api.SetLocal(first.AddDays(1), TimeSpan.FromHours(9));
        var county = await api.NewStaffAsync("WD", [StaffRoles.Supervisor], "区司法局张");
        await county.Client.PutAsJsonAsync($"/api/subsidies/rules/{api.BodyId("WD")}", Standard).OkJsonAsync();
        var wang = await api.NewStaffAsync(Body, [StaffRoles.Mediator], "调解员王");
        var li = await api.NewStaffAsync(Body, [StaffRoles.Mediator], "调解员李");
        var supervisor = await api.NewStaffAsync(Body, [StaffRoles.Supervisor], "主任赵");
        var a = await CaseOfAsync(wang, supervisor);
        var b = await CaseOfAsync(wang, supervisor);
        var c = await CaseOfAsync(li, supervisor);
        await CaseOfAsync(wang, supervisor);
        await api.WithDbAsync(async db =>
            await db
                .Disputes.Where(d => d.Id == b.Id)
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.Source, DisputeSource.PoliceReferral))
        );

        var session = await wang
            .Client.PostAsJsonAsync(
                $"/api/disputes/{a.Id}/sessions",
                new
                {
                    mode = "Phone",
                    startsAt = api.Now().AddHours(1),
                    durationMinutes = 60,
                    partyIds = new[] { a.ApplicantPartyId, a.RespondentPartyId },
                }
            )
            .JsonCreatedAsync();
        api.Clock.Advance(TimeSpan.FromHours(2));
        await wang
            .Client.PostAsync(
                $"/api/sessions/{session.GetProperty("id").GetGuid()}/outcome",
                new { result = "Held", minutes = "双方同意赔偿。" }
            )
            .OkJsonAsync();
        await a.AgreedAsync(api.Today().AddDays(10));
        var obligation = (await a.Respondent.GetAsync($"/api/disputes/{a.Id}/obligations").OkJsonAsync())
            .GetProperty("items")[0]
            .GetProperty("id")
            .GetGuid();
        var payment = await a
            .Respondent.PostAsync(
                $"/api/obligations/{obligation}/payments",
                new { amountFen = 300_000L, paidAt = api.Now() }
            )
            .JsonCreatedAsync();
        await a.Applicant.PostAsync($"/api/payments/{payment.GetProperty("id")}/confirm").OkJsonAsync();
        await FailAsync(b);
        await FailAsync(c);

        api.Clock.Advance(TimeSpan.FromDays(3));
        await FollowUpAsync(a);
        await FollowUpAsync(b);
        await FollowUpAsync(c);
        return (ReportMonth.Format(first), wang, li, supervisor, [a, b, c]);
    }

    [Fact]
    public async Task TheSheetOfASeededMonthMatchesTheHandComputedTotalIsLockedByApprovalAndCorrectedOnlyByAnAuditedAdjustment()
    {
        var (month, wang, li, supervisor, closed) = await SeededMonthAsync();
        var bodyId = api.BodyId(Body);

        var sheet = await supervisor.Client.PostAsync("/api/subsidies/sheets", new { bodyId, month }).OkJsonAsync();

        sheet.GetProperty("status").GetString().Should().Be("Draft");
        var w = LineOf(sheet, wang);
        w.GetProperty("cases")
            .EnumerateArray()
            .Select(c => c.GetProperty("caseNumber").GetString())
            .Should()
            .BeEquivalentTo([closed[0].CaseNumber, closed[1].CaseNumber]);
        var a = w.GetProperty("cases")
            .EnumerateArray()
            .Single(c => c.GetProperty("disputeId").GetGuid() == closed[0].Id);
        a.GetProperty("caseClass").GetString().Should().Be("简易");
        a.GetProperty("sessionsHeld").GetInt32().Should().Be(1);
        a.GetProperty("agreementKind").GetString().Should().Be("Written");
        a.GetProperty("caseFen").GetInt64().Should().Be(8_000);
        var b = w.GetProperty("cases")
            .EnumerateArray()
            .Single(c => c.GetProperty("disputeId").GetGuid() == closed[1].Id);
        b.GetProperty("referred").GetBoolean().Should().BeTrue();
        b.GetProperty("agreementKind").ValueKind.Should().Be(JsonValueKind.Null);
        b.GetProperty("caseFen").GetInt64().Should().Be(7_000);
        w.GetProperty("casesFen").GetInt64().Should().Be(15_000);
        w.GetProperty("capDeductionFen").GetInt64().Should().Be(6_000);
        w.GetProperty("amountFen").GetInt64().Should().Be(9_000);
        LineOf(sheet, li).GetProperty("amountFen").GetInt64().Should().Be(5_000);
        sheet.GetProperty("lines").GetArrayLength().Should().Be(2, "nobody else closed a case of the body");
        sheet.GetProperty("totalFen").GetInt64().Should().Be(14_000);
        sheet.GetProperty("totalInCapitals").GetString().Should().Be("人民币壹佰肆拾元整");

        var id = sheet.GetProperty("id").GetGuid();
        await (await supervisor.Client.PostAsync($"/api/subsidies/sheets/{id}/approve")).ShouldBeProblemAsync(
            HttpStatusCode.Conflict,
            "月份结束后重新核算"
        );
        api.SetLocal(DateOnly.ParseExact(month, "yyyy-MM").AddMonths(1).AddDays(1), TimeSpan.FromHours(9));
        supervisor = supervisor with { Client = await api.StaffAsync(supervisor.Username, IntakeHarness.Password) };
        (await supervisor.Client.PostAsync("/api/subsidies/sheets", new { bodyId, month }).OkJsonAsync())
            .GetProperty("totalFen")
            .GetInt64()
            .Should()
            .Be(14_000, "nothing changed after the month");
        var approved = await supervisor.Client.PostAsync($"/api/subsidies/sheets/{id}/approve").OkJsonAsync();
        approved.GetProperty("status").GetString().Should().Be("Approved");
        approved.GetProperty("approvedByName").GetString().Should().Be("主任赵");
        await (await supervisor.Client.PostAsync("/api/subsidies/sheets", new { bodyId, month })).ShouldBeProblemAsync(
            HttpStatusCode.Conflict,
            "已经批准并锁定"
        );
        await (await supervisor.Client.PostAsync($"/api/subsidies/sheets/{id}/approve")).ShouldBeProblemAsync(
            HttpStatusCode.Conflict
        );

        var adjusted = await supervisor
            .Client.PostAsync(
                $"/api/subsidies/sheets/{id}/adjustments",
                new
                {
                    mediatorId = li.Id,
                    amountFen = 500L,
                    reason = "补录一次上门回访",
                }
            )
            .OkJsonAsync();
        adjusted.GetProperty("status").GetString().Should().Be("Approved");
        LineOf(adjusted, li).GetProperty("adjustmentFen").GetInt64().Should().Be(500);
        LineOf(adjusted, li).GetProperty("amountFen").GetInt64().Should().Be(5_500);
        adjusted.GetProperty("totalFen").GetInt64().Should().Be(14_500);
        adjusted.GetProperty("totalInCapitals").GetString().Should().Be("人民币壹佰肆拾伍元整");
        adjusted.GetProperty("adjustments")[0].GetProperty("reason").GetString().Should().Be("补录一次上门回访");
        api.WithDb(db =>
                db.AuditEntries.Count(e =>
                    e.TargetId == id.ToString()
                    && e.ActorId == supervisor.Id
                    && (e.Action == "SubsidySheetApproved" || e.Action == "SubsidySheetAdjusted")
                )
            )
            .Should()
            .Be(2);
        var read = await supervisor
            .Client.GetAsync($"/api/subsidies/sheets?bodyId={bodyId}&month={month}")
            .OkJsonAsync();
        read.GetProperty("totalFen").GetInt64().Should().Be(14_500);

        var response = await supervisor.Client.GetAsync(
            $"/api/subsidies/sheets?bodyId={bodyId}&month={month}&format=xlsx"
        );
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be(StatisticsExport.XlsxType);
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var rows = stream
            .Query(useHeaderRow: true, sheetName: SubsidyExport.Sheet)
            .Cast<IDictionary<string, object>>()
            .ToList();
        string Cell(string label, string column) =>
            Convert.ToString(rows.Single(r => (string)r["调解员"] == label)[column])!;
        Cell("调解员王", "案号").Should().Contain(closed[0].CaseNumber).And.Contain(closed[1].CaseNumber);
        Convert.ToDecimal(Cell("调解员王", "应发金额（元）")).Should().Be(90m);
        Convert.ToDecimal(Cell("调解员李", "调整（元）")).Should().Be(5m);
        Convert.ToDecimal(Cell("合计", "应发金额（元）")).Should().Be(145m);
        Cell("合计（大写）", "案号").Should().Be("人民币壹佰肆拾伍元整");
        Cell("批准人", "案号").Should().Be("主任赵");
        Cell("批准日期", "案号").Should().Be(api.Today().ToString("yyyy-MM-dd"));
    }

    [Fact]
    public async Task AnotherTownsSupervisorCannotSeeOrApproveASheetAndOnlyASupervisorApproves()
    {
        var (town, village, _) = await api.NewTownAsync();
        var (otherTown, _, _) = await api.NewTownAsync();
        var supervisor = await api.NewStaffAsync(town, [StaffRoles.Supervisor]);
        var stranger = await api.NewStaffAsync(otherTown, [StaffRoles.Supervisor]);
        var mediator = await api.NewStaffAsync(village, [StaffRoles.Mediator]);
        var admin = await api.NewStaffAsync(null, [StaffRoles.Admin]);
        var bodyId = api.BodyId(village);
        const string month = "2026-10";

        await (await stranger.Client.PostAsync("/api/subsidies/sheets", new { bodyId, month })).ShouldBeProblemAsync(
            HttpStatusCode.NotFound
        );
        var sheet = await supervisor.Client.PostAsync("/api/subsidies/sheets", new { bodyId, month }).OkJsonAsync();
        sheet.GetProperty("totalFen").GetInt64().Should().Be(0);
        sheet.GetProperty("totalInCapitals").GetString().Should().Be("人民币零元整");
        var id = sheet.GetProperty("id").GetGuid();

        await (
            await stranger.Client.GetAsync($"/api/subsidies/sheets?bodyId={bodyId}&month={month}")
        ).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.Client.PostAsync($"/api/subsidies/sheets/{id}/approve")).ShouldBeProblemAsync(
            HttpStatusCode.NotFound
        );
        await (
            await stranger.Client.PostAsync(
                $"/api/subsidies/sheets/{id}/adjustments",
                new
                {
                    mediatorId = mediator.Id,
                    amountFen = 100L,
                    reason = "试图调整",
                }
            )
        ).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (
            await mediator.Client.GetAsync($"/api/subsidies/sheets?bodyId={bodyId}&month={month}")
        ).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await admin.Client.PostAsync($"/api/subsidies/sheets/{id}/approve")).ShouldBeProblemAsync(
            HttpStatusCode.Forbidden
        );
        await (
            await supervisor.Client.PutAsJsonAsync($"/api/subsidies/rules/{api.BodyId("WD")}", Standard)
        ).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await supervisor.Client.PostAsync($"/api/subsidies/sheets/{id}/approve").OkJsonAsync())
            .GetProperty("status")
            .GetString()
            .Should()
            .Be("Approved");
        api.WithDb(db => db.AuditEntries.Count(e => e.Action == "SubsidySheetApproved" && e.TargetId == id.ToString()))
            .Should()
            .Be(1);
    }

    [Fact]
    public async Task TheSeededCountyStartsWithTheDefaultStandard()
    {
        var admin = await api.NewStaffAsync(null, [StaffRoles.Admin]);

        // 文登区物业纠纷人民调解委员会 is a county-level body of the seed file that no test here changes.
        var rule = await admin.Client.GetAsync($"/api/subsidies/rules/{api.BodyId("WD-WY")}").OkJsonAsync();

        rule.GetProperty("simpleCaseFen").GetInt64().Should().Be(5_000);
        rule.GetProperty("ordinaryCaseFen").GetInt64().Should().Be(10_000);
        rule.GetProperty("complexCaseFen").GetInt64().Should().Be(20_000);
        rule.GetProperty("referralBonusFen").GetInt64().Should().Be(2_000);
        rule.GetProperty("monthlyCapFen").GetInt64().Should().Be(300_000);
    }

    [Theory]
    [InlineData("complexFromSessions", 2, "复杂案件的调解次数起点应大于一般案件的起点")]
    [InlineData("monthlyCapFen", 0, "每名调解员每月补贴上限应大于0")]
    [InlineData("simpleCaseFen", -1, "简易案件补贴应在0至10万元之间（以分为单位）")]
    public async Task AStandardOutOfShapeIsAProblemNamingTheField(string field, long value, string message)
    {
        var admin = await api.NewStaffAsync(null, [StaffRoles.Admin]);
        var body = JsonSerializer.SerializeToNode(Standard)!.AsObject();
        body[field] = value;

        var response = await admin.Client.PutAsJsonAsync($"/api/subsidies/rules/{api.BodyId("WD")}", body);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        errors.GetProperty(field).EnumerateArray().Select(e => e.GetString()).Should().Contain(message);
    }

    [Fact]
    public async Task AStandardIsSetOnlyOnACountyAndAnAdjustmentNeedsItsReason()
    {
        var (town, village, _) = await api.NewTownAsync();
        var admin = await api.NewStaffAsync(null, [StaffRoles.Admin]);
        var supervisor = await api.NewStaffAsync(town, [StaffRoles.Supervisor]);
        var mediator = await api.NewStaffAsync(village, [StaffRoles.Mediator]);

        var onTown = await admin.Client.PutAsJsonAsync($"/api/subsidies/rules/{api.BodyId(town)}", Standard);
        onTown.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await onTown.Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("errors")
            .GetProperty("bodyId")[0]
            .GetString()
            .Should()
            .Contain("按区县设定");
        var sheet = await supervisor
            .Client.PostAsync("/api/subsidies/sheets", new { bodyId = api.BodyId(village), month = "2026-09" })
            .OkJsonAsync();
        var noReason = await supervisor.Client.PostAsync(
            $"/api/subsidies/sheets/{sheet.GetProperty("id")}/adjustments",
            new
            {
                mediatorId = mediator.Id,
                amountFen = 100L,
                reason = " ",
            }
        );
        noReason.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await noReason.Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("errors")
            .GetProperty("reason")[0]
            .GetString()
            .Should()
            .Be("请填写调整原因");
        var negative = await supervisor.Client.PostAsync(
            $"/api/subsidies/sheets/{sheet.GetProperty("id")}/adjustments",
            new
            {
                mediatorId = mediator.Id,
                amountFen = -100L,
                reason = "扣减",
            }
        );
        negative.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await negative.Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("errors")
            .GetProperty("amountFen")[0]
            .GetString()
            .Should()
            .Be("调整后该调解员的补贴不能为负数");
    }

    [Fact]
    public void ACaseIsClassedByTheSessionsHeldInIt()
    {
        var rule = SubsidyCalculator.Default(Guid.NewGuid());

        SubsidyCalculator.Classify(rule, 0).Should().Be(("简易", 5_000L));
        SubsidyCalculator.Classify(rule, 1).Should().Be(("简易", 5_000L));
        SubsidyCalculator.Classify(rule, 2).Should().Be(("一般", 10_000L));
        SubsidyCalculator.Classify(rule, 5).Should().Be(("复杂", 20_000L));
        SubsidyCalculator
            .CaseFen(rule, 3, Mediation.Api.Agreements.AgreementKind.Oral, referred: true)
            .Should()
            .Be(23_000);
    }
}

public sealed class SubsidyTestsOnSqlite(OutcomesHost<SqliteDatabase> api)
    : SubsidyTests(api),
        IClassFixture<OutcomesHost<SqliteDatabase>>;

public sealed class SubsidyTestsOnPostgres(OutcomesHost<PostgresDatabase> api)
    : SubsidyTests(api),
        IClassFixture<OutcomesHost<PostgresDatabase>>;
