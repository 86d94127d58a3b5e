using Mediation.Api.Statistics;

namespace Mediation.Api.Tests.Risk;

/// <summary>The monthly report counts what the risk early warning knows: settled High/Major cases and the
/// reports.</summary>
public abstract class RiskStatisticsTests(OutcomesFactory api)
{
    [Fact]
    public async Task ASettledHighRiskCaseCountsAsPreventedAndEachReportAsAMajorDisputeReport()
    {
        var c = await api.CaseInMediationAsync();
        await c
            .Mediator.Client.PostAsync(
                $"/api/risk/cases/{c.Id}/level",
                new { riskLevel = "High", reason = "双方多次冲突，申请人扬言动手" }
            )
            .OkJsonAsync();
        await c.AgreedAsync(DateOnly.FromDateTime(api.Clock.GetUtcNow().UtcDateTime.AddDays(30)));
        var citizen = await api.CitizenAsync("c-" + Guid.NewGuid());
        var application = await Applications.ValidAsync(citizen);
        application["facts"] = "再不解决我就跟他同归于尽。";
        var major = (await citizen.FileOkAsync(application)).GetProperty("id").GetGuid();
        var month = ReportMonth.Format(ReportMonth.Previous(api.Clock.GetUtcNow().UtcDateTime).AddMonths(1));
        var url = $"/api/stats/monthly?bodyId={api.BodyId("WD-ZJC-XC")}&month={month}";

        var report = await c.Supervisor.Client.GetAsync(url).OkJsonAsync();
        report.GetProperty("preventedCriminalCasesKnown").GetInt32().Should().Be(1);
        report.GetProperty("preventedCriminalCases").GetInt32().Should().Be(1, "nothing was entered by hand");
        report.GetProperty("majorDisputeReports").GetInt32().Should().Be(1);
        report.GetProperty("majorDisputeReportsAcknowledged").GetInt32().Should().Be(0);

        var reportId = (await c.Supervisor.Client.RiskAsync(major))
            .GetProperty("reports")[0]
            .GetProperty("id")
            .GetGuid();
        await c
            .Supervisor.Client.PostAsync(
                $"/api/risk/reports/{reportId}/acknowledge",
                new { note = "已约谈双方并通报派出所" }
            )
            .OkJsonAsync();
        (await c.Supervisor.Client.GetAsync(url).OkJsonAsync())
            .GetProperty("majorDisputeReportsAcknowledged")
            .GetInt32()
            .Should()
            .Be(1);
        var csv = await c.Supervisor.Client.GetStringAsync(url + "&format=csv");
        csv.Should().Contain("重大纠纷报告").And.Contain("其中：风险预警案件调解成功");
    }
}

public sealed class RiskStatisticsTestsOnSqlite(OutcomesHost<SqliteDatabase> api)
    : RiskStatisticsTests(api),
        IClassFixture<OutcomesHost<SqliteDatabase>>;

public sealed class RiskStatisticsTestsOnPostgres(OutcomesHost<PostgresDatabase> api)
    : RiskStatisticsTests(api),
        IClassFixture<OutcomesHost<PostgresDatabase>>;
