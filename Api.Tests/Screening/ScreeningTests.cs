using Mediation.Api.Infrastructure;
using Mediation.Api.Infrastructure.Security;
using Mediation.Api.Statistics;
using MiniExcelLibs;

namespace Mediation.Api.Tests.Screening;

/// <summary>排查与零上报: screening rounds count in the monthly report; an empty month is reported on purpose.</summary>
public abstract partial class ScreeningTests(ApiFactory api)
{
    private string Today => ChinaTime.Date(api.Clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd");

    private static object Round(Guid bodyId, string on, int visited, int found) =>
        new
        {
            bodyId,
            on,
            area = "西村一组、二组",
            screeners = "网格员李、调委会主任王",
            visited,
            disputesFound = found,
        };

    [Fact]
    public async Task ScreeningRoundsOfABodyAndItsVillagesShowInTheMonthlyReportAndItsWorkbook()
    {
        var (town, village, other) = await api.NewTownAsync();
        var clerk = await api.NewStaffAsync(village, [StaffRoles.Intake]);
        var supervisor = await api.NewStaffAsync(town, [StaffRoles.Supervisor]);
        (await clerk.Client.PostAsJsonAsync("/api/screening/rounds", Round(api.BodyId(village), Today, 40, 2)))
            .StatusCode.Should()
            .Be(HttpStatusCode.Created);
        (await supervisor.Client.PostAsJsonAsync("/api/screening/rounds", Round(api.BodyId(other), Today, 25, 0)))
            .StatusCode.Should()
            .Be(HttpStatusCode.Created, "a supervisor records for the bodies below");
        var month = Today[..7];
        (
            await supervisor.Client.PostAsJsonAsync(
                "/api/screening/zero-reports",
                new { bodyId = api.BodyId(other), month }
            )
        )
            .StatusCode.Should()
            .Be(HttpStatusCode.Created);

        var report = await supervisor
            .Client.GetAsync($"/api/stats/monthly?bodyId={api.BodyId(town)}&month={month}")
            .OkJsonAsync();
        var screening = report.GetProperty("screening");
        screening.GetProperty("rounds").GetInt32().Should().Be(2);
        screening.GetProperty("visited").GetInt32().Should().Be(65);
        screening.GetProperty("disputesFound").GetInt32().Should().Be(2);
        screening.GetProperty("zeroReports").GetInt32().Should().Be(1);
        var xlsx = await (
            await supervisor.Client.GetAsync($"/api/stats/monthly?bodyId={api.BodyId(town)}&month={month}&format=xlsx")
        ).Content.ReadAsByteArrayAsync();
        using var workbook = new MemoryStream(xlsx);
        var summary = workbook
            .Query(useHeaderRow: true, sheetName: StatisticsExport.SummarySheet)
            .Cast<IDictionary<string, object>>()
            .ToDictionary(r => (string)r["项目"], r => r["数值"]);
        Convert.ToInt32(summary["排查走访户数（单位数）"]).Should().Be(65);
        Convert.ToInt32(summary["零上报的调解组织"]).Should().Be(1);
        var listed = await clerk
            .Client.GetAsync($"/api/screening/rounds?bodyId={api.BodyId(village)}&month={month}")
            .OkJsonAsync();
        listed.GetProperty("items").GetArrayLength().Should().Be(1);
        listed.GetProperty("zeroReport").GetBoolean().Should().BeFalse();
        api.WithDb(db => db.AuditEntries.Count(a => a.Action == "ScreeningRecorded" || a.Action == "ZeroReported"))
            .Should()
            .BeGreaterThanOrEqualTo(3);
    }

    [Fact]
    public async Task AZeroReportIsRefusedForAMonthWithADisputeAndTwiceForOneMonthAndAClerkRecordsOnlyForTheirBody()
    {
        var (_, village, other) = await api.NewTownAsync();
        var clerk = await api.NewStaffAsync(village, [StaffRoles.Intake]);
        var month = Today[..7];
        (await clerk.Client.PostAsJsonAsync("/api/screening/rounds", Round(api.BodyId(village), Today, 10, 1)))
            .StatusCode.Should()
            .Be(HttpStatusCode.Created);
        var refused = await clerk.Client.PostAsJsonAsync(
            "/api/screening/zero-reports",
            new { bodyId = api.BodyId(village), month }
        );
        await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict, "month-has-disputes");

        (await clerk.Client.PostAsJsonAsync("/api/screening/rounds", Round(api.BodyId(other), Today, 10, 0)))
            .StatusCode.Should()
            .Be(HttpStatusCode.Forbidden, "another village is not the clerk's");
        var stranger = await api.NewStaffAsync(other, [StaffRoles.Intake]);
        (
            await stranger.Client.PostAsJsonAsync(
                "/api/screening/zero-reports",
                new { bodyId = api.BodyId(other), month }
            )
        )
            .StatusCode.Should()
            .Be(HttpStatusCode.Created);
        var twice = await stranger.Client.PostAsJsonAsync(
            "/api/screening/zero-reports",
            new { bodyId = api.BodyId(other), month }
        );
        await twice.ShouldBeProblemAsync(HttpStatusCode.Conflict, "zero-report-exists");
        var found = await stranger.Client.PostAsJsonAsync(
            "/api/screening/rounds",
            Round(api.BodyId(other), Today, 5, 1)
        );
        await found.ShouldBeProblemAsync(HttpStatusCode.Conflict, "zero-report-exists");
        var invalid = await clerk.Client.PostAsJsonAsync(
            "/api/screening/rounds",
            new { bodyId = api.BodyId(village), on = Today }
        );
        await invalid.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "area");
    }
}

public sealed class ScreeningTestsOnSqlite(ApiHost<SqliteDatabase> api)
    : ScreeningTests(api),
        IClassFixture<ApiHost<SqliteDatabase>>;

public sealed class ScreeningTestsOnPostgres(ApiHost<PostgresDatabase> api)
    : ScreeningTests(api),
        IClassFixture<ApiHost<PostgresDatabase>>;
