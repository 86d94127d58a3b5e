using System.Net.Http.Headers;
using Mediation.Api.Auth;
using Mediation.Api.Infrastructure;
using Mediation.Api.Infrastructure.Security;
using Mediation.Api.Statistics;
using Mediation.Api.Tests.Intake;
using Mediation.Api.Tests.Sessions;
using MiniExcelLibs;

namespace Mediation.Api.Tests.Statistics;

public abstract class MediatorPerformanceTests(OutcomesFactory api)
{
    private const string Body = "WD-ZJC-XC";

    private static string Url(Guid bodyId, string month) => $"/api/stats/mediators?bodyId={bodyId}&month={month}";

    private static JsonElement RowOf(JsonElement report, Staff mediator) =>
        report
            .GetProperty("mediators")
            .EnumerateArray()
            .Single(m => m.GetProperty("mediatorId").GetGuid() == mediator.Id);

    /// <summary>A case of the 新城 committee, accepted and assigned to this mediator; its respondent has an
    /// account.</summary>
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

    private static async Task RateAsync(PartyCase c, int score) =>
        (
            await c.Applicant.PostAsJsonAsync($"/api/disputes/{c.Id}/satisfaction", new { score })
        ).EnsureSuccessStatusCode();

    /// <summary>
    /// The month after the clock's, from its 2nd at 09:00 China time. Mediator 王 gets four cases: A is mediated in a
    /// held session, agreed, paid in full before its due date and closed three days after acceptance (rated 5); B
    /// fails and is closed six days after acceptance (rated 3); C's applicant objects to 王 and it goes to 李; D waits.
    /// By hand: 王 received 4, started 1 (A's session), ended 2, agreed 1 (50%), closed 2 with a median of 4.5 days,
    /// 1 session held, 1 agreement performed, on time, rating 4.0 from 2, 1 objection; 李 received 1 and nothing else.
    /// </summary>
    private async Task<(string Month, Staff Wang, Staff Li, Staff Supervisor)> SeededMonthAsync()
    {
        var first = ChinaTime.Date(api.Now());
        first = new DateOnly(first.Year, first.Month, 1).AddMonths(1);
        api.SetLocal(first.AddDays(1), TimeSpan.FromHours(9));
        var wang = await api.NewStaffAsync(Body, [StaffRoles.Mediator], "调解员王");
        var li = await api.NewStaffAsync(Body, [StaffRoles.Mediator], "调解员李");
        var supervisor = await api.NewStaffAsync(Body, [StaffRoles.Supervisor], "所长赵");
        var a = await CaseOfAsync(wang, supervisor);
        var b = await CaseOfAsync(wang, supervisor);
        var c = await CaseOfAsync(wang, supervisor);
        await CaseOfAsync(wang, supervisor);

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

        await wang
            .Client.PostAsync($"/api/disputes/{b.Id}/failure", new { reasonCode = "respondent-refused" })
            .OkJsonAsync();
        (
            await c.Applicant.PostAsJsonAsync(
                $"/api/disputes/{c.Id}/mediator-objection",
                new { reason = "调解员是对方亲戚" }
            )
        ).EnsureSuccessStatusCode();
        var intake = await api.NewStaffAsync(Body, [StaffRoles.Intake]);
        await intake
            .Client.PostAsync($"/api/intake/{c.Id}/assign", new { mediatorIds = new[] { li.Id } })
            .OkJsonAsync();

        api.Clock.Advance(TimeSpan.FromDays(3) - TimeSpan.FromHours(2));
        await FollowUpAsync(a);
        await RateAsync(a, 5);
        api.Clock.Advance(TimeSpan.FromDays(3));
        await FollowUpAsync(b);
        await RateAsync(b, 3);
        return (ReportMonth.Format(first), wang, li, supervisor);
    }

    [Fact]
    public async Task ASeededMonthMatchesTheHandCountedFiguresAndTheWorkbookCarriesTheSameNumbers()
    {
        var (month, wang, li, supervisor) = await SeededMonthAsync();

        var report = await supervisor.Client.GetAsync(Url(api.BodyId(Body), month)).OkJsonAsync();

        report.GetProperty("month").GetString().Should().Be(month);
        var row = RowOf(report, wang);
        row.GetProperty("displayName").GetString().Should().Be("调解员王");
        row.GetProperty("casesReceived").GetInt32().Should().Be(4);
        row.GetProperty("casesStarted").GetInt32().Should().Be(1);
        row.GetProperty("mediationsEnded").GetInt32().Should().Be(2);
        row.GetProperty("agreementsReached").GetInt32().Should().Be(1);
        row.GetProperty("successRate").GetDouble().Should().Be(0.5);
        row.GetProperty("casesClosed").GetInt32().Should().Be(2);
        row.GetProperty("medianDaysToClose").GetDouble().Should().Be(4.5);
        row.GetProperty("sessionsHeld").GetInt32().Should().Be(1);
        row.GetProperty("agreementsPerformed").GetInt32().Should().Be(1);
        row.GetProperty("performedOnTime").GetInt32().Should().Be(1);
        row.GetProperty("rating").GetProperty("average").GetDouble().Should().Be(4.0);
        row.GetProperty("rating").GetProperty("count").GetInt32().Should().Be(2);
        row.GetProperty("objectionsAgainst").GetInt32().Should().Be(1);
        var second = RowOf(report, li);
        second.GetProperty("casesReceived").GetInt32().Should().Be(1);
        second.GetProperty("objectionsAgainst").GetInt32().Should().Be(0);
        second.GetProperty("medianDaysToClose").ValueKind.Should().Be(JsonValueKind.Null);
        second.GetProperty("rating").GetProperty("average").ValueKind.Should().Be(JsonValueKind.Null);
        var previous = await supervisor
            .Client.GetAsync(Url(api.BodyId(Body), ReportMonth.Format(ReportMonth.Previous(api.Now()).AddMonths(-1))))
            .OkJsonAsync();
        RowOf(previous, wang)
            .GetProperty("casesReceived")
            .GetInt32()
            .Should()
            .Be(0, "nothing happened before the month");

        var request = new HttpRequestMessage(HttpMethod.Get, Url(api.BodyId(Body), month));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(StatisticsExport.XlsxType));
        var response = await supervisor.Client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be(StatisticsExport.XlsxType);
        response.Content.Headers.ContentDisposition!.FileNameStar.Should().Be($"调解员绩效-{month}.xlsx");
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var rows = stream
            .Query(useHeaderRow: true, sheetName: MediatorPerformanceExport.Sheet)
            .Cast<IDictionary<string, object>>()
            .ToList();
        rows.Should().HaveCount(report.GetProperty("mediators").GetArrayLength());
        var sheet = rows.Single(r => (string)r["调解员"] == "调解员王");
        Convert.ToInt32(sheet["接收案件"]).Should().Be(4);
        Convert.ToInt32(sheet["开始调解"]).Should().Be(1);
        Convert.ToInt32(sheet["调解终结"]).Should().Be(2);
        Convert.ToInt32(sheet["达成协议"]).Should().Be(1);
        Convert.ToDecimal(sheet["调解成功率（%）"]).Should().Be(50m);
        Convert.ToInt32(sheet["结案"]).Should().Be(2);
        Convert.ToDecimal(sheet["受理至结案天数（中位数）"]).Should().Be(4.5m);
        Convert.ToInt32(sheet["主持调解次数"]).Should().Be(1);
        Convert.ToInt32(sheet["协议履行完毕"]).Should().Be(1);
        Convert.ToInt32(sheet["其中按期履行"]).Should().Be(1);
        Convert.ToDecimal(sheet["满意度平均分"]).Should().Be(4.0m);
        Convert.ToInt32(sheet["满意度评价数"]).Should().Be(2);
        Convert.ToInt32(sheet["被申请回避"]).Should().Be(1);
        Convert.ToInt32(rows.Single(r => (string)r["调解员"] == "调解员李")["接收案件"]).Should().Be(1);
    }

    [Fact]
    public async Task OnlySupervisorsOfTheTreeAndAdministratorsReadMediatorPerformance()
    {
        var (town, a, _) = await api.NewTownAsync();
        var (otherTown, _, _) = await api.NewTownAsync();
        var supervisor = await api.NewStaffAsync(town, [StaffRoles.Supervisor]);
        var villageSupervisor = await api.NewStaffAsync(a, [StaffRoles.Supervisor]);
        var mediator = await api.NewStaffAsync(a, [StaffRoles.Mediator], "村调解员");
        var admin = await api.NewStaffAsync(null, [StaffRoles.Admin]);
        const string month = "2026-10";

        var own = await supervisor.Client.GetAsync(Url(api.BodyId(town), month)).OkJsonAsync();
        RowOf(own, mediator).GetProperty("bodyName").GetString().Should().EndWith("甲村");
        RowOf(own, mediator).GetProperty("casesReceived").GetInt32().Should().Be(0);
        own.GetProperty("bodiesIncluded").GetInt32().Should().Be(3);
        await (await supervisor.Client.GetAsync(Url(api.BodyId(otherTown), month))).ShouldBeProblemAsync(
            HttpStatusCode.NotFound
        );
        await (await villageSupervisor.Client.GetAsync(Url(api.BodyId(town), month))).ShouldBeProblemAsync(
            HttpStatusCode.NotFound
        );
        await (await mediator.Client.GetAsync(Url(api.BodyId(a), month))).ShouldBeProblemAsync(
            HttpStatusCode.Forbidden
        );
        (await villageSupervisor.Client.GetAsync($"/api/stats/mediators?month={month}").OkJsonAsync())
            .GetProperty("bodyId")
            .GetGuid()
            .Should()
            .Be(api.BodyId(a));
        RowOf(await admin.Client.GetAsync(Url(api.BodyId(town), month)).OkJsonAsync(), mediator)
            .GetProperty("displayName")
            .GetString()
            .Should()
            .Be("村调解员");
        (await admin.Client.GetAsync(Url(api.BodyId(otherTown), month)).OkJsonAsync())
            .GetProperty("mediators")
            .GetArrayLength()
            .Should()
            .Be(0);
    }

    [Theory]
    [InlineData("month=2026-13", "month", "统计月份格式应为 yyyy-MM，如 2026-10")]
    [InlineData("month=", "month", "请指定统计月份，如 2026-10")]
    [InlineData("month=2026-10&format=pdf", "format", "导出格式只能是 json 或 xlsx")]
    [InlineData("month=2026-10&bodyId=0194a1b2-0000-7000-8000-000000000000", "bodyId", "调解组织不存在")]
    public async Task BadInputIsAProblemNamingTheField(string query, string field, string message)
    {
        var supervisor = await api.NewStaffAsync(Body, [StaffRoles.Supervisor]);

        var response = await supervisor.Client.GetAsync($"/api/stats/mediators?{query}");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        errors.GetProperty(field).EnumerateArray().Select(e => e.GetString()).Should().Equal(message);
    }

    [Fact]
    public void TheMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo()
    {
        MediatorPerformance.Median([6, 3]).Should().Be(4.5);
        MediatorPerformance.Median([1, 10, 2]).Should().Be(2);
        MediatorPerformance.Median([]).Should().BeNull();
    }
}

public sealed class MediatorPerformanceTestsOnSqlite(OutcomesHost<SqliteDatabase> api)
    : MediatorPerformanceTests(api),
        IClassFixture<OutcomesHost<SqliteDatabase>>;

public sealed class MediatorPerformanceTestsOnPostgres(OutcomesHost<PostgresDatabase> api)
    : MediatorPerformanceTests(api),
        IClassFixture<OutcomesHost<PostgresDatabase>>;
