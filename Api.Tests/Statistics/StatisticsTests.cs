using System.Net.Http.Headers;
using System.Text;
using Mediation.Api.Auth;
using Mediation.Api.Disputes;
using Mediation.Api.Infrastructure.Security;
using Mediation.Api.Notifications;
using Mediation.Api.Statistics;
using Mediation.Api.Tests.Intake;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;

namespace Mediation.Api.Tests.Statistics;

public abstract class StatisticsTests(ApiFactory api)
{
    private string ThisMonth =>
        ReportMonth.Format(ReportMonth.Previous(api.Clock.GetUtcNow().UtcDateTime).AddMonths(1));

    private static Task<JsonElement> Report(Staff who, Guid bodyId, string month) =>
        who.Client.GetAsync($"/api/stats/monthly?bodyId={bodyId}&month={month}").OkJsonAsync();

    /// <summary>Later stages (sessions, agreements) come with later issues; their status changes are written as those
    /// will write them.</summary>
    private Task MoveAsync(Guid id, params DisputeStatus[] path) =>
        api.WithDbAsync(async db =>
        {
            var d = await db.Disputes.SingleAsync(x => x.Id == id);
            foreach (var to in path)
                DisputeStateMachine
                    .TryMove(d, to, "staff", null, "测试", api.Clock.GetUtcNow().UtcDateTime)
                    .Should()
                    .BeTrue($"{d.Status} → {to}");
            await db.SaveChangesAsync();
        });

    /// <summary>A town with four cases this month: two accepted (one agreed and fulfilled, one failed), one refused,
    /// one waiting.</summary>
    private async Task<(string Town, Staff Supervisor)> BusyTownAsync()
    {
        var (town, a, b) = await api.NewTownAsync();
        var intake = await api.NewStaffAsync(a, [StaffRoles.Intake]);
        var agreed = await api.FileCaseAsync(a);
        var failed = await api.FileCaseAsync(a, app => app["typeCode"] = "contract");
        var refused = await api.FileCaseAsync(a);
        await api.FileCaseAsync(b, app => app["amountFen"] = 123);
        await intake.Client.PostAsync($"/api/intake/{agreed.Id}/accept").OkJsonAsync();
        await intake.Client.PostAsync($"/api/intake/{failed.Id}/accept").OkJsonAsync();
        await intake
            .Client.PostAsync($"/api/intake/{refused.Id}/reject", new { reasonCode = "other", note = "不属于调解范围" })
            .OkJsonAsync();
        await MoveAsync(
            agreed.Id,
            DisputeStatus.MediatorAssigned,
            DisputeStatus.InMediation,
            DisputeStatus.Agreed,
            DisputeStatus.Fulfilled
        );
        await MoveAsync(failed.Id, DisputeStatus.MediatorAssigned, DisputeStatus.Failed);
        return (town, await api.NewStaffAsync(town, [StaffRoles.Supervisor]));
    }

    [Fact]
    public async Task AMonthWithNoCasesIsAFullZeroReport()
    {
        var (town, _, _) = await api.NewTownAsync();
        var supervisor = await api.NewStaffAsync(town, [StaffRoles.Supervisor]);

        var report = await Report(supervisor, api.BodyId(town), "2001-02");

        report.GetProperty("month").GetString().Should().Be("2001-02");
        report.GetProperty("bodiesIncluded").GetInt32().Should().Be(3);
        foreach (
            var field in new[]
            {
                "received",
                "accepted",
                "refused",
                "successful",
                "failed",
                "agreementAmountFen",
                "preventedCriminalCases",
                "preventedMassPetitions",
            }
        )
            report.GetProperty(field).GetInt64().Should().Be(0, field);
        report.GetProperty("successRate").GetDouble().Should().Be(0);
        report.GetProperty("performanceRate").GetDouble().Should().Be(0);
        var types = report.GetProperty("byType").EnumerateArray().ToList();
        types.Should().HaveCount(15);
        types
            .Should()
            .OnlyContain(t => t.GetProperty("received").GetInt32() == 0 && t.GetProperty("successful").GetInt32() == 0);
        report
            .GetProperty("bySource")
            .EnumerateArray()
            .Select(s => s.GetProperty("name").GetString())
            .Should()
            .Equal("主动调解", "申请调解", "接受委托移送");
    }

    [Fact]
    public async Task FilingAcceptingRefusingAndOutcomesAreCountedForTheTownAndItsVillages()
    {
        var (town, supervisor) = await BusyTownAsync();

        var r = await Report(supervisor, api.BodyId(town), ThisMonth);

        (
            r.GetProperty("received").GetInt32(),
            r.GetProperty("accepted").GetInt32(),
            r.GetProperty("refused").GetInt32()
        )
            .Should()
            .Be((4, 2, 1));
        (r.GetProperty("successful").GetInt32(), r.GetProperty("failed").GetInt32()).Should().Be((1, 1));
        r.GetProperty("successRate").GetDouble().Should().Be(0.5);
        r.GetProperty("agreementAmountFen").GetInt64().Should().Be(500000);
        r.GetProperty("applicationAmountFen")
            .GetInt64()
            .Should()
            .Be(500000, "the agreed case has no agreement: its application's amount stands in");
        (
            r.GetProperty("agreements").GetInt32(),
            r.GetProperty("fulfilled").GetInt32(),
            r.GetProperty("performanceRate").GetDouble()
        )
            .Should()
            .Be((1, 1, 1.0));
        var types = r.GetProperty("byType").EnumerateArray().ToDictionary(t => t.GetProperty("code").GetString()!);
        (
            types["neighbourhood"].GetProperty("received").GetInt32(),
            types["neighbourhood"].GetProperty("successful").GetInt32(),
            types["neighbourhood"].GetProperty("refused").GetInt32()
        )
            .Should()
            .Be((3, 1, 1));
        (types["contract"].GetProperty("received").GetInt32(), types["contract"].GetProperty("failed").GetInt32())
            .Should()
            .Be((1, 1));
        var application = r.GetProperty("bySource")
            .EnumerateArray()
            .Single(s => s.GetProperty("key").GetString() == MonthlyReports.Application);
        (application.GetProperty("received").GetInt32(), application.GetProperty("accepted").GetInt32())
            .Should()
            .Be((4, 2));
    }

    [Fact]
    public async Task PreventionCountsEnteredForAVillageAddUpInTheTownsReport()
    {
        var (town, a, b) = await api.NewTownAsync();
        var supervisor = await api.NewStaffAsync(town, [StaffRoles.Supervisor]);

        (
            await supervisor.Client.PutAsJsonAsync(
                "/api/stats/monthly/prevention",
                new
                {
                    bodyId = api.BodyId(a),
                    month = "2026-09",
                    preventedCriminalCases = 2,
                    preventedMassPetitions = 1,
                }
            )
        ).StatusCode.Should().Be(HttpStatusCode.OK);
        (
            await supervisor.Client.PutAsJsonAsync(
                "/api/stats/monthly/prevention",
                new
                {
                    bodyId = api.BodyId(b),
                    month = "2026-09",
                    preventedCriminalCases = 3,
                    preventedMassPetitions = 0,
                }
            )
        ).StatusCode.Should().Be(HttpStatusCode.OK);
        (
            await supervisor.Client.PutAsJsonAsync(
                "/api/stats/monthly/prevention",
                new
                {
                    bodyId = api.BodyId(a),
                    month = "2026-09",
                    preventedCriminalCases = 1,
                    preventedMassPetitions = 4,
                }
            )
        ).StatusCode.Should().Be(HttpStatusCode.OK);

        var r = await Report(supervisor, api.BodyId(town), "2026-09");
        (r.GetProperty("preventedCriminalCases").GetInt32(), r.GetProperty("preventedMassPetitions").GetInt32())
            .Should()
            .Be((4, 4));
        var own = await supervisor
            .Client.GetAsync($"/api/stats/monthly/prevention?bodyId={api.BodyId(a)}&month=2026-09")
            .OkJsonAsync();
        own.GetProperty("preventedMassPetitions").GetInt32().Should().Be(4);
        var bad = await supervisor.Client.PutAsJsonAsync(
            "/api/stats/monthly/prevention",
            new
            {
                bodyId = api.BodyId(a),
                month = "2026-9",
                preventedCriminalCases = -1,
                preventedMassPetitions = 0,
            }
        );
        await bad.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "防止民转刑件数");
    }

    [Fact]
    public async Task TheWorkbookOpensWithMiniExcelAndCarriesTheSameNumbers()
    {
        var (town, supervisor) = await BusyTownAsync();
        var request = new HttpRequestMessage(
            HttpMethod.Get,
            $"/api/stats/monthly?bodyId={api.BodyId(town)}&month={ThisMonth}"
        );
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(StatisticsExport.XlsxType));

        var response = await supervisor.Client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be(StatisticsExport.XlsxType);
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var rows = stream
            .Query(useHeaderRow: true, sheetName: StatisticsExport.TypeSheet)
            .Cast<IDictionary<string, object>>()
            .ToList();
        rows.Should().HaveCount(16);
        var total = rows.Single(r => (string)r["纠纷类型"] == "合计");
        Convert.ToInt32(total["收到申请"]).Should().Be(4);
        Convert.ToInt32(total["受理"]).Should().Be(2);
        Convert.ToInt32(total["调解成功"]).Should().Be(1);
        Convert.ToDecimal(total["协议涉及金额（元）"]).Should().Be(5000m);
        Convert.ToInt32(rows.Single(r => (string)r["纠纷类型"] == "邻里纠纷")["收到申请"]).Should().Be(3);
        stream.Position = 0;
        var summary = stream
            .Query(useHeaderRow: true, sheetName: StatisticsExport.SummarySheet)
            .Cast<IDictionary<string, object>>()
            .ToDictionary(r => (string)r["项目"], r => r["数值"]);
        Convert.ToDecimal(summary["调解成功率（%）"]).Should().Be(50m);

        var csv = await supervisor.Client.GetAsync(
            $"/api/stats/monthly?bodyId={api.BodyId(town)}&month={ThisMonth}&format=csv"
        );
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        bytes.Take(3).Should().Equal(Encoding.UTF8.GetPreamble());
        Encoding.UTF8.GetString(bytes).Should().Contain("合计,4,2,1,1,1,5000");
    }

    [Fact]
    public async Task MonthsFollowChinaTime()
    {
        var (town, a, _) = await api.NewTownAsync();
        var supervisor = await api.NewStaffAsync(town, [StaffRoles.Supervisor]);
        var early = await api.FileCaseAsync(a);
        var late = await api.FileCaseAsync(a);
        await api.WithDbAsync(async db =>
        {
            // 2025-10-01 00:30 and 2025-09-30 23:30 in Beijing.
            (await db.Disputes.SingleAsync(d => d.Id == early.Id)).SubmittedAt = new DateTime(
                2025,
                9,
                30,
                16,
                30,
                0,
                DateTimeKind.Utc
            );
            (await db.Disputes.SingleAsync(d => d.Id == late.Id)).SubmittedAt = new DateTime(
                2025,
                9,
                30,
                15,
                30,
                0,
                DateTimeKind.Utc
            );
            await db.SaveChangesAsync();
        });

        (await Report(supervisor, api.BodyId(town), "2025-10")).GetProperty("received").GetInt32().Should().Be(1);
        (await Report(supervisor, api.BodyId(town), "2025-09")).GetProperty("received").GetInt32().Should().Be(1);
    }

    [Fact]
    public async Task OnlySupervisorsAndAdministratorsReadStatisticsAndOnlyForTheirOwnTree()
    {
        var (town, a, _) = await api.NewTownAsync();
        var (otherTown, _, _) = await api.NewTownAsync();
        var supervisor = await api.NewStaffAsync(town, [StaffRoles.Supervisor]);
        var villageSupervisor = await api.NewStaffAsync(a, [StaffRoles.Supervisor]);
        var intake = await api.NewStaffAsync(town, [StaffRoles.Intake]);
        var admin = await api.NewStaffAsync(null, [StaffRoles.Admin]);

        await (
            await supervisor.Client.GetAsync($"/api/stats/monthly?bodyId={api.BodyId(otherTown)}&month=2026-10")
        ).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (
            await villageSupervisor.Client.GetAsync($"/api/stats/monthly?bodyId={api.BodyId(town)}&month=2026-10")
        ).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (
            await supervisor.Client.PutAsJsonAsync(
                "/api/stats/monthly/prevention",
                new
                {
                    bodyId = api.BodyId(otherTown),
                    month = "2026-10",
                    preventedCriminalCases = 1,
                    preventedMassPetitions = 1,
                }
            )
        ).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (
            await intake.Client.GetAsync($"/api/stats/monthly?bodyId={api.BodyId(town)}&month=2026-10")
        ).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (
            await supervisor.Client.GetAsync($"/api/stats/monthly?bodyId={api.BodyId(town)}&month=2026-13")
        ).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "yyyy-MM");
        (await villageSupervisor.Client.GetAsync($"/api/stats/monthly?month=2026-10").OkJsonAsync())
            .GetProperty("bodyId")
            .GetGuid()
            .Should()
            .Be(api.BodyId(a));
        (await admin.Client.GetAsync($"/api/stats/monthly?bodyId={api.BodyId(otherTown)}&month=2026-10").OkJsonAsync())
            .GetProperty("bodiesIncluded")
            .GetInt32()
            .Should()
            .Be(3);
    }

    [Fact]
    public void TheReminderRunsOnTheFirstOfEachMonthInChinaTime()
    {
        using var connection = api.Services.GetRequiredService<Hangfire.JobStorage>().GetConnection();
        var job = Hangfire
            .Storage.StorageConnectionExtensions.GetRecurringJobs(connection)
            .Single(j => j.Id == MonthlyReportJob.RecurringId);
        job.Cron.Should().Be("0 1 1 * *");
        job.TimeZoneId.Should().BeOneOf("Asia/Shanghai", "China Standard Time");
    }

    [Fact]
    public async Task TheMonthlyJobRemindsEachSupervisorOnceEvenWhenRunTwice()
    {
        var (town, supervisor) = await BusyTownAsync();
        var job =
            (Func<Task<int>>)(
                async () =>
                {
                    await using var scope = api.Services.CreateAsyncScope();
                    return await scope
                        .ServiceProvider.GetRequiredService<MonthlyReportJob>()
                        .RunAsync(ThisMonth, CancellationToken.None);
                }
            );

        await job();
        await job();

        var notes = api.WithDb(db =>
            db.Notifications.AsNoTracking()
                .Where(n => n.RecipientId == supervisor.Id && n.Kind == MonthlyReportJob.Kind)
                .ToList()
        );
        notes.Should().ContainSingle().Which.Body.Should().Contain("收到申请 4 件").And.Contain("18日前");
    }
}

public sealed class StatisticsTestsOnSqlite(ApiHost<SqliteDatabase> api)
    : StatisticsTests(api),
        IClassFixture<ApiHost<SqliteDatabase>>;

public sealed class StatisticsTestsOnPostgres(ApiHost<PostgresDatabase> api)
    : StatisticsTests(api),
        IClassFixture<ApiHost<PostgresDatabase>>;
