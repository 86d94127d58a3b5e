using System.Text.Json.Nodes;
using Mediation.Api.Disputes;
using Mediation.Api.Infrastructure;
using Mediation.Api.Infrastructure.Security;
using Mediation.Api.Intake;
using Mediation.Api.ReferenceData;
using Mediation.Api.Statistics;
using Mediation.Api.Tests.Documents;
using Mediation.Api.Tests.Evidence;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using static Mediation.Api.Tests.Intake.Registrations;

namespace Mediation.Api.Tests.Intake;

/// <summary>Cases that arrive other than through the mini-program: registered by staff into the same queue.</summary>
public abstract class RegistrationTests(ApiFactory api)
{
    private string Today => ChinaTime.Date(api.Clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd");

    [Fact]
    public async Task AWalkInCaseRegisteredByTheClerkWaitsInTheQueueWithItsSourceAndPaperSignatures()
    {
        var (_, village, _) = await api.NewTownAsync();
        var clerk = await api.NewStaffAsync(village, [StaffRoles.Intake]);

        var response = await RegisterAsync(clerk.Client, await RegistrationAsync(clerk.Client, village, "WalkIn"));

        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var created = await response.JsonAsync();
        var id = created.GetProperty("id").GetGuid();
        response.Headers.Location!.ToString().Should().Be($"/api/intake/{id}");
        created.GetProperty("source").GetString().Should().Be("WalkIn");
        created
            .GetProperty("caseNumber")
            .GetString()
            .Should()
            .MatchRegex($@"^{village}-\d{{4}}-00001$", "a registered case is numbered at once, the body's first");
        created.GetProperty("applicationNumber").GetString().Should().StartWith("SQ");
        created.GetProperty("applicant").GetProperty("idNumber").GetString().Should().NotBe(Applications.ApplicantId);
        created
            .GetProperty("acceptances")
            .EnumerateArray()
            .Select(a => (a.GetProperty("kind").GetString(), a.GetProperty("signedVia").GetString()))
            .Should()
            .BeEquivalentTo([(LegalTextCatalog.RightsNotice, "Paper"), (LegalTextCatalog.CreditCommitment, "Paper")]);

        var queue = await clerk.Client.GetAsync("/api/intake?source=WalkIn").OkJsonAsync();
        queue.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).Should().Equal(id);
        var detail = await clerk.Client.GetAsync($"/api/intake/{id}").OkJsonAsync();
        detail.GetProperty("registeredById").GetGuid().Should().Be(clerk.Id);
        detail.GetProperty("history")[0].GetProperty("reason").GetString().Should().Be("工作人员登记：来访申请");
        api.WithDb(db => db.AuditEntries.Count(a => a.Action == "CaseRegistered" && a.TargetId == id.ToString()))
            .Should()
            .Be(1);
    }

    [Fact]
    public async Task TheClerkKeepsTheScanOfThePaperSignaturesWithTheCasesEvidenceAndAnotherBodysClerkCannot()
    {
        var (_, village, other) = await api.NewTownAsync();
        var clerk = await api.NewStaffAsync(village, [StaffRoles.Intake]);
        var stranger = await api.NewStaffAsync(other, [StaffRoles.Intake]);
        var id = (await clerk.Client.RegisterOkAsync(await RegistrationAsync(clerk.Client, village, "WalkIn")))
            .GetProperty("id")
            .GetString()!;
        var scan = TestFiles.Jpeg();

        (await stranger.Client.UploadAsync(id, scan, "签字页.jpg", "权利义务告知书、信用承诺书签字页"))
            .StatusCode.Should()
            .Be(HttpStatusCode.NotFound);
        var uploaded = await clerk.Client.UploadAsync(id, scan, "签字页.jpg", "权利义务告知书、信用承诺书签字页");

        uploaded.StatusCode.Should().Be(HttpStatusCode.Created, await uploaded.Content.ReadAsStringAsync());
        var evidenceId = (await uploaded.JsonAsync()).GetProperty("id").GetString()!;
        var listed = await clerk.Client.ListAsync(id);
        listed.Select(e => e.GetProperty("id").GetString()).Should().Equal(evidenceId);
        listed[0].GetProperty("description").GetString().Should().Be("权利义务告知书、信用承诺书签字页");
        (await (await clerk.Client.DownloadAsync(evidenceId)).Content.ReadAsByteArrayAsync()).Should().Equal(scan);
        api.WithDb(db =>
                db.AuditEntries.Count(a =>
                    a.Action == "EvidenceUploaded" && a.TargetId == evidenceId && a.ActorId == clerk.Id
                )
            )
            .Should()
            .Be(1);
    }

    [Fact]
    public async Task ACourtReferralCarriesTheCourtsDocumentAndAThirtyDayLimitThatTurnsOverdue()
    {
        var (_, village, _) = await api.NewTownAsync();
        var clerk = await api.NewStaffAsync(village, [StaffRoles.Intake]);
        var body = await RegistrationAsync(clerk.Client, village, "CourtReferral", CourtReferral(Today));

        var created = await (await RegisterAsync(clerk.Client, body)).JsonAsync();
        var id = created.GetProperty("id").GetGuid();

        var referral = (await clerk.Client.GetAsync($"/api/intake/{id}").OkJsonAsync()).GetProperty("referral");
        referral.GetProperty("unitName").GetString().Should().Be("威海市文登区人民法院");
        referral.GetProperty("documentNumber").GetString().Should().Be("(2026)鲁1003民诉前调1234号");
        var due = DateOnly.Parse(Today).AddDays(30).ToString("yyyy-MM-dd");
        referral.GetProperty("dueOn").GetString().Should().Be(due);
        referral.GetProperty("overdue").GetBoolean().Should().BeFalse();
        var item = (await clerk.Client.GetAsync("/api/intake?source=CourtReferral").OkJsonAsync())
            .GetProperty("items")
            .EnumerateArray()
            .Single();
        item.GetProperty("referralDueOn").GetString().Should().Be(due);

        api.Clock.Advance(TimeSpan.FromDays(31));
        var later = await api.StaffAsync(clerk.Username, IntakeHarness.Password); // the first token has expired
        (await later.GetAsync($"/api/intake/{id}").OkJsonAsync())
            .GetProperty("referral")
            .GetProperty("overdue")
            .GetBoolean()
            .Should()
            .BeTrue();
    }

    [Fact]
    public async Task AReferralPastItsLimitWithoutAResultIsReportedOnceToTheBodysSupervisors()
    {
        var (_, village, _) = await api.NewTownAsync();
        var clerk = await api.NewStaffAsync(village, [StaffRoles.Intake]);
        var chief = await api.NewStaffAsync(village, [StaffRoles.Supervisor]);
        var referral = CourtReferral(Today);
        referral["timeLimitDays"] = 10;
        var created = await (
            await RegisterAsync(clerk.Client, await RegistrationAsync(clerk.Client, village, "CourtReferral", referral))
        ).JsonAsync();

        async Task<int> RunAsync()
        {
            await using var scope = api.Services.CreateAsyncScope();
            return await scope
                .ServiceProvider.GetRequiredService<ReferralDeadlineJob>()
                .RunAsync(CancellationToken.None);
        }
        api.Clock.Advance(TimeSpan.FromDays(10));
        (await RunAsync()).Should().Be(0, "the tenth day is still within the limit");
        api.Clock.Advance(TimeSpan.FromDays(1));
        (await RunAsync()).Should().Be(1);
        (await RunAsync()).Should().Be(0, "once per case");

        var inbox = await (await api.StaffAsync(chief.Username, IntakeHarness.Password))
            .GetAsync("/api/me/notifications")
            .OkJsonAsync();
        var notice = inbox
            .GetProperty("items")
            .EnumerateArray()
            .Single(n => n.GetProperty("kind").GetString() == "ReferralOverdue");
        notice
            .GetProperty("body")
            .GetString()
            .Should()
            .Contain(created.GetProperty("caseNumber").GetString())
            .And.Contain("威海市文登区人民法院");
    }

    [Fact]
    public async Task AReferralWithoutItsUnitOrARegistrationWithoutASourceIsRefusedFieldByField()
    {
        var (_, village, _) = await api.NewTownAsync();
        var clerk = await api.NewStaffAsync(village, [StaffRoles.Intake]);

        var noUnit = await RegistrationAsync(clerk.Client, village, "PoliceReferral");
        var problem = await (await RegisterAsync(clerk.Client, noUnit)).JsonAsync();
        problem.GetProperty("status").GetInt32().Should().Be(400);
        problem.GetProperty("errors").GetProperty("referral")[0].GetString().Should().Contain("移送单位");

        var blankUnit = await RegistrationAsync(
            clerk.Client,
            village,
            "PoliceReferral",
            new JsonObject { ["unitName"] = "", ["receivedOn"] = "2999-01-01" }
        );
        var errors = (await (await RegisterAsync(clerk.Client, blankUnit)).JsonAsync()).GetProperty("errors");
        errors.GetProperty("referral.unitName")[0].GetString().Should().Be("请填写移送单位名称");
        errors.GetProperty("referral.receivedOn")[0].GetString().Should().Be("收到移送的日期不能晚于今天");

        var asMiniProgram = await RegistrationAsync(clerk.Client, village, "MiniProgram");
        asMiniProgram.Remove("legalTexts");
        errors = (await (await RegisterAsync(clerk.Client, asMiniProgram)).JsonAsync()).GetProperty("errors");
        errors.GetProperty("source")[0].GetString().Should().Contain("小程序申请由当事人本人提交");
        errors.GetProperty("legalTexts")[0].GetString().Should().Contain("签署方式");
        var villageId = api.BodyId(village);
        api.WithDb(db => db.Disputes.Count(d => d.BodyId == villageId)).Should().Be(0);
    }

    [Fact]
    public async Task AnOralApplicationPrintsOnItsRegisterWithThePaperSignaturesNamedAsSuch()
    {
        var (_, village, _) = await api.NewTownAsync();
        var clerk = await api.NewStaffAsync(village, [StaffRoles.Intake]);
        var created = await (
            await RegisterAsync(clerk.Client, await RegistrationAsync(clerk.Client, village, "Oral"))
        ).JsonAsync();
        var id = created.GetProperty("id").GetGuid();

        var application = await Docx.TextAsync(
            await clerk.Client.GetAsync($"/api/disputes/{id}/documents/application")
        );
        application.Should().StartWith("口头申请登记表").And.Contain("口头申请").And.Contain("登记人");
        var notice = await Docx.TextAsync(await clerk.Client.GetAsync($"/api/disputes/{id}/documents/rights-notice"));
        notice.Should().Contain("当场宣读，书面签署").And.NotContain("小程序内确认");
    }

    [Fact]
    public async Task TheApplicantOfAWalkInCaseBindsTheirPhoneInTheMiniProgramSeesTheCaseAsApplicantAndMayWithdrawIt()
    {
        var (_, village, _) = await api.NewTownAsync();
        var clerk = await api.NewStaffAsync(village, [StaffRoles.Intake]);
        var phone = "137" + Random.Shared.Next(10_000_000, 99_999_999);
        var body = await RegistrationAsync(clerk.Client, village, "WalkIn");
        body["applicant"]!["phone"] = phone;
        var id = (await (await RegisterAsync(clerk.Client, body)).JsonAsync()).GetProperty("id").GetGuid();

        var citizen = await api.CitizenAsync("c-" + Guid.NewGuid());
        (await citizen.GetAsync($"/api/disputes/{id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await citizen.PostAsJsonAsync("/api/me/phone", new { code = api.WeChat.IssuePhoneCode(phone) }))
            .StatusCode.Should()
            .Be(HttpStatusCode.OK);

        var seen = await citizen.GetAsync($"/api/disputes/{id}").OkJsonAsync();
        seen.GetProperty("myRole").GetString().Should().Be("Applicant");
        var withdrawn = await citizen.PostAsync($"/api/disputes/{id}/withdraw", new { reason = "已与邻居私下和解" });
        withdrawn.StatusCode.Should().Be(HttpStatusCode.OK, await withdrawn.Content.ReadAsStringAsync());
        api.Status(id).Should().Be("Withdrawn");
    }

    [Fact]
    public async Task RegisteringTwiceWithOneKeyStoresOneCase()
    {
        var (_, village, _) = await api.NewTownAsync();
        var clerk = await api.NewStaffAsync(village, [StaffRoles.Intake]);
        var body = await RegistrationAsync(clerk.Client, village, "Oral");
        var key = Guid.NewGuid().ToString();

        var first = await (await RegisterAsync(clerk.Client, body, key)).JsonAsync();
        var again = await RegisterAsync(clerk.Client, body, key);

        again.StatusCode.Should().Be(HttpStatusCode.Created);
        (await again.JsonAsync())
            .GetProperty("caseNumber")
            .GetString()
            .Should()
            .Be(first.GetProperty("caseNumber").GetString());
        var villageId = api.BodyId(village);
        api.WithDb(db => db.Disputes.Count(d => d.BodyId == villageId)).Should().Be(1);
    }

    [Fact]
    public async Task AClerkRegistersOnlyForTheirOwnBodyAndACitizenNotAtAll()
    {
        var (town, village, other) = await api.NewTownAsync();
        var clerk = await api.NewStaffAsync(village, [StaffRoles.Intake]);
        var supervisor = await api.NewStaffAsync(town, [StaffRoles.Supervisor]);
        var mediator = await api.NewStaffAsync(village, [StaffRoles.Mediator]);

        var forOther = await RegisterAsync(clerk.Client, await RegistrationAsync(clerk.Client, other, "WalkIn"));
        await forOther.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "只能为本人所在的调解组织");

        var bySupervisor = await RegisterAsync(
            supervisor.Client,
            await RegistrationAsync(supervisor.Client, other, "Initiative")
        );
        bySupervisor.StatusCode.Should().Be(HttpStatusCode.Created, "a supervisor registers for the bodies below");
        var byMediator = await RegisterAsync(
            mediator.Client,
            await RegistrationAsync(mediator.Client, village, "Oral")
        );
        byMediator.StatusCode.Should().Be(HttpStatusCode.Created, "a mediator records an oral application");

        var citizen = await api.CitizenAsync("c-" + Guid.NewGuid());
        (await RegisterAsync(citizen, await RegistrationAsync(citizen, village, "WalkIn")))
            .StatusCode.Should()
            .Be(HttpStatusCode.Forbidden);
        var (villageId, otherId) = (api.BodyId(village), api.BodyId(other));
        api.WithDb(db => db.Disputes.Count(d => d.BodyId == villageId || d.BodyId == otherId)).Should().Be(2);
    }

    [Fact]
    public async Task TheMonthlyReportCountsInitiativeAppliedAndReferredCasesAsTheMinistrysThreeSources()
    {
        var (town, village, _) = await api.NewTownAsync();
        var clerk = await api.NewStaffAsync(village, [StaffRoles.Intake]);
        var supervisor = await api.NewStaffAsync(town, [StaffRoles.Supervisor]);
        foreach (var source in new[] { "Initiative", "Initiative", "WalkIn", "Oral" })
            (await RegisterAsync(clerk.Client, await RegistrationAsync(clerk.Client, village, source)))
                .StatusCode.Should()
                .Be(HttpStatusCode.Created);
        await api.FileCaseAsync(village);
        var court = await RegistrationAsync(clerk.Client, village, "CourtReferral", CourtReferral(Today));
        (await RegisterAsync(clerk.Client, court)).StatusCode.Should().Be(HttpStatusCode.Created);

        var month = Today[..7];
        var report = await supervisor
            .Client.GetAsync($"/api/stats/monthly?bodyId={api.BodyId(town)}&month={month}")
            .OkJsonAsync();

        report
            .GetProperty("bySource")
            .EnumerateArray()
            .ToDictionary(s => s.GetProperty("key").GetString()!, s => s.GetProperty("received").GetInt32())
            .Should()
            .BeEquivalentTo(
                new Dictionary<string, int>
                {
                    [MonthlyReports.Initiative] = 2,
                    [MonthlyReports.Application] = 3,
                    [MonthlyReports.Referral] = 1,
                }
            );
        var xlsx = await (
            await supervisor.Client.GetAsync($"/api/stats/monthly?bodyId={api.BodyId(town)}&month={month}&format=xlsx")
        ).Content.ReadAsByteArrayAsync();
        using var workbook = new MemoryStream(xlsx);
        workbook
            .Query(useHeaderRow: true, sheetName: StatisticsExport.SourceSheet)
            .Cast<IDictionary<string, object>>()
            .ToDictionary(r => (string)r["案件来源"], r => Convert.ToInt32(r["收到申请"]))
            .Should()
            .BeEquivalentTo(
                new Dictionary<string, int>
                {
                    ["主动调解"] = 2,
                    ["申请调解"] = 3,
                    ["接受委托移送"] = 1,
                },
                "the workbook's sheet by source carries the same three columns"
            );
    }
}

public sealed class RegistrationTestsOnSqlite(ApiHost<SqliteDatabase> api)
    : RegistrationTests(api),
        IClassFixture<ApiHost<SqliteDatabase>>;

public sealed class RegistrationTestsOnPostgres(ApiHost<PostgresDatabase> api)
    : RegistrationTests(api),
        IClassFixture<ApiHost<PostgresDatabase>>;
