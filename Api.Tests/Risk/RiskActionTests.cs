using System.Text.Json.Nodes;
using Mediation.Api.Infrastructure.Data;
using Mediation.Api.Risk;
using Microsoft.Extensions.DependencyInjection;

namespace Mediation.Api.Tests.Risk;

/// <summary>Alerts, reports escalated on a fake clock until acknowledged, a person's level, and the lexicon as
/// data.</summary>
public abstract class RiskActionTests(ApiFactory api)
{
    private const string Threat = "再不解决我就跟他同归于尽。";

    [Fact]
    public async Task AHighCaseAlertsTheBodysSupervisorAtOnceAndTheClerkNot()
    {
        var t = await api.NewRiskTownAsync();
        var filed = await api.FileWithFactsAsync(t.VillageA, "对方扬言要报复我们。");

        await api.DeliverAlertsAsync(filed.Id);

        var alert = (await t.Supervisor.Client.InboxAsync()).Single(n =>
            n.GetProperty("kind").GetString() == "RiskAlert"
        );
        alert.GetProperty("caseId").GetGuid().Should().Be(filed.Id);
        alert.GetProperty("title").GetString().Should().Be("风险预警：高");
        alert.GetProperty("body").GetString().Should().Contain(filed.ApplicationNumber).And.Contain("扬言报复");
        (await t.Clerk.Client.InboxAsync()).Should().NotContain(n => n.GetProperty("kind").GetString() == "RiskAlert");
        // Delivered once: the sweep does not deliver it again.
        api.Clock.Advance(TimeSpan.FromMinutes(2));
        await api.SweepAsync();
        (await t.Supervisor.Client.InboxAsync())
            .Count(n => n.GetProperty("kind").GetString() == "RiskAlert")
            .Should()
            .Be(1);
    }

    [Fact]
    public async Task AnUnacknowledgedReportGoesUpTwiceAndStopsOnceAcknowledged()
    {
        var t = await api.NewRiskTownAsync();
        var filed = await api.FileWithFactsAsync(t.VillageA, Threat);
        var village = api.BodyId(t.VillageA);
        var town = api.BodyId(t.Town);
        var county = api.BodyId("WD");
        var countySupervisor = await api.NewStaffAsync(
            "WD",
            [Api.Infrastructure.Security.StaffRoles.Supervisor],
            "区司法局"
        );

        var report = (await t.Supervisor.Client.RiskAsync(filed.Id)).GetProperty("reports").EnumerateArray().Single();
        report.GetProperty("atBodyId").GetGuid().Should().Be(village);
        report.GetProperty("escalations").GetInt32().Should().Be(0);
        var id = report.GetProperty("id").GetGuid();
        (await t.TownSupervisor.Client.InboxAsync())
            .Should()
            .NotContain(n => n.GetProperty("caseId").GetGuid() == filed.Id);

        api.Clock.Advance(TimeSpan.FromMinutes(29));
        await api.SweepAsync();
        Report(id).GetProperty("escalations").GetInt32().Should().Be(0, "the 30 minutes have not passed");

        api.Clock.Advance(TimeSpan.FromMinutes(2));
        await api.SweepAsync();
        Report(id).GetProperty("atBodyId").GetGuid().Should().Be(town);
        (await t.TownSupervisor.Client.InboxAsync())
            .Should()
            .Contain(n => n.GetProperty("kind").GetString() == "RiskReportEscalated");

        api.Clock.Advance(TimeSpan.FromMinutes(31));
        await api.SweepAsync();
        var twice = Report(id);
        twice.GetProperty("escalations").GetInt32().Should().Be(2);
        twice.GetProperty("atBodyId").GetGuid().Should().Be(county);
        (await countySupervisor.Client.InboxAsync())
            .Should()
            .Contain(n => n.GetProperty("kind").GetString() == "RiskReportEscalated");

        var acknowledged = await countySupervisor
            .Client.PostAsync(
                $"/api/risk/reports/{id}/acknowledge",
                new { note = "已通知派出所民警上门，双方已隔离。" }
            )
            .OkJsonAsync();
        acknowledged.GetProperty("acknowledgedById").GetGuid().Should().Be(countySupervisor.Id);
        (await countySupervisor.Client.PostAsync($"/api/risk/reports/{id}/acknowledge", new { note = "再次确认" }))
            .StatusCode.Should()
            .Be(HttpStatusCode.Conflict);

        api.Clock.Advance(TimeSpan.FromHours(2));
        await api.SweepAsync();
        Report(id).GetProperty("escalations").GetInt32().Should().Be(2, "an acknowledged report goes no further");
        api.AuditActions(id.ToString())
            .Should()
            .Equal("RiskReportOpened", "RiskReportEscalated", "RiskReportEscalated", "RiskReportAcknowledged");
        (await countySupervisor.Client.GetAsync("/api/risk/reports?open=true").OkJsonAsync())
            .EnumerateArray()
            .Should()
            .NotContain(r => r.GetProperty("id").GetGuid() == id);

        JsonElement Report(Guid reportId) =>
            t
                .Supervisor.Client.RiskAsync(filed.Id)
                .GetAwaiter()
                .GetResult()
                .GetProperty("reports")
                .EnumerateArray()
                .Single(r => r.GetProperty("id").GetGuid() == reportId);
    }

    [Fact]
    public async Task OnlySupervisorsWhoHoldTheReportMayAcknowledgeIt()
    {
        var t = await api.NewRiskTownAsync();
        var other = await api.NewRiskTownAsync();
        var filed = await api.FileWithFactsAsync(t.VillageA, Threat);
        var id = (await t.Supervisor.Client.RiskAsync(filed.Id)).GetProperty("reports")[0].GetProperty("id").GetGuid();

        (await t.Clerk.Client.PostAsync($"/api/risk/reports/{id}/acknowledge", new { note = "收到" }))
            .StatusCode.Should()
            .Be(HttpStatusCode.Forbidden);
        (await other.Supervisor.Client.PostAsync($"/api/risk/reports/{id}/acknowledge", new { note = "收到" }))
            .StatusCode.Should()
            .Be(HttpStatusCode.NotFound);
        var missingNote = await t.Supervisor.Client.PostAsync($"/api/risk/reports/{id}/acknowledge", new { });
        await missingNote.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        (await missingNote.JsonAsync()).GetProperty("errors").TryGetProperty("note", out _).Should().BeTrue();
    }

    [Fact]
    public async Task StaffRaiseAndLowerTheLevelWithAReasonAndNoAssessmentGoesBelowIt()
    {
        var t = await api.NewRiskTownAsync();
        var filed = await api.FileWithFactsAsync(t.VillageA, "邻居在两家之间的通道上堆放杂物。");
        var url = $"/api/risk/cases/{filed.Id}/level";

        var noReason = await t.Clerk.Client.PostAsync(url, new { riskLevel = "High" });
        await noReason.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var raised = await t
            .Clerk.Client.PostAsync(url, new { riskLevel = "High", reason = "当面接待时申请人情绪激动，多次拍桌" })
            .OkJsonAsync();
        raised.GetProperty("riskLevel").GetString().Should().Be("High");
        raised.GetProperty("overrides")[0].GetProperty("toLevel").GetString().Should().Be("High");
        raised.GetProperty("overrides")[0].GetProperty("staffName").GetString().Should().Be("受理员");

        await t.Clerk.Client.PostAsync(
            $"/api/intake/{filed.Id}/notes",
            new { text = "已电话联系双方，约定下周调解。" }
        );
        (await t.Clerk.Client.RiskAsync(filed.Id)).GetProperty("riskLevel").GetString().Should().Be("High");

        await t.Clerk.Client.PostAsync(
            $"/api/intake/{filed.Id}/notes",
            new { text = "申请人说对方要报复他，还要拿刀。" }
        );
        (await t.Clerk.Client.RiskAsync(filed.Id)).GetProperty("riskLevel").GetString().Should().Be("Major");

        var lowered = await t
            .Supervisor.Client.PostAsync(url, new { riskLevel = "Medium", reason = "经核实系气话，双方已和解意向明确" })
            .OkJsonAsync();
        lowered.GetProperty("riskLevel").GetString().Should().Be("Medium");
        // The reasons known when it was lowered do not raise it again; only a new one does.
        await t.Clerk.Client.PostAsync($"/api/intake/{filed.Id}/notes", new { text = "双方同意下周面谈。" });
        (await t.Clerk.Client.RiskAsync(filed.Id)).GetProperty("riskLevel").GetString().Should().Be("Medium");
        await t.Clerk.Client.PostAsync($"/api/intake/{filed.Id}/notes", new { text = "申请人说不想活了。" });
        (await t.Clerk.Client.RiskAsync(filed.Id)).GetProperty("riskLevel").GetString().Should().Be("Major");

        var audit = api.AuditActions(filed.Id.ToString());
        audit.Count(a => a == "RiskLevelSetByStaff").Should().Be(2);
        api.WithDb(db =>
                db.AuditEntries.Where(e => e.Action == "RiskLevelSetByStaff" && e.TargetId == filed.Id.ToString())
                    .Select(e => e.Details)
                    .ToList()
            )
            .Select(d => JsonDocument.Parse(d!).RootElement.GetProperty("reason").GetString())
            .Should()
            .Contain("经核实系气话，双方已和解意向明确");
    }

    [Fact]
    public async Task AnAdministratorSavesANewLexiconVersionThatAssessesTheNextFilingAtOnce()
    {
        var t = await api.NewRiskTownAsync();
        var admin = await api.StaffAsync(ApiFactory.AdminUsername, ApiFactory.AdminPassword);
        (await t.Clerk.Client.GetAsync("/api/risk/lexicon")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var current = await admin.GetAsync("/api/risk/lexicon").OkJsonAsync();
        var version = current.GetProperty("version").GetInt32();
        var lexicon = JsonNode.Parse(current.GetProperty("lexicon").GetRawText())!;
        lexicon["categories"]!
            .AsArray()
            .Add(
                new JsonObject
                {
                    ["code"] = "Smashing",
                    ["text"] = "扬言打砸财物",
                    ["riskLevel"] = "High",
                    ["words"] = new JsonArray("掀桌子", "砸了他的店"),
                }
            );

        var invalid = JsonNode.Parse(lexicon.ToJsonString())!;
        invalid["window"] = 0;
        var refused = await admin.PutAsJsonAsync("/api/risk/lexicon", new { basedOn = version, lexicon = invalid });
        await refused.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        (await refused.JsonAsync()).GetProperty("errors").TryGetProperty("lexicon.window", out _).Should().BeTrue();
        var backtracking = JsonNode.Parse(lexicon.ToJsonString())!;
        backtracking["categories"]![0]!["patterns"] = new JsonArray("(打)\\1");
        var badPattern = await admin.PutAsJsonAsync(
            "/api/risk/lexicon",
            new { basedOn = version, lexicon = backtracking }
        );
        await badPattern.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        (await badPattern.JsonAsync())
            .GetProperty("errors")
            .TryGetProperty("lexicon.categories[0].patterns[0]", out _)
            .Should()
            .BeTrue();

        var saved = await admin
            .PutAsJsonAsync(
                "/api/risk/lexicon",
                new
                {
                    basedOn = version,
                    lexicon,
                    note = "增加打砸财物",
                }
            )
            .OkJsonAsync();
        saved.GetProperty("version").GetInt32().Should().Be(version + 1);
        var stale = await admin.PutAsJsonAsync("/api/risk/lexicon", new { basedOn = version, lexicon });
        await stale.ShouldBeProblemAsync(HttpStatusCode.Conflict);

        var filed = await api.FileWithFactsAsync(t.VillageA, "他说明天就来砸了他的店。");
        var risk = await t.Clerk.Client.RiskAsync(filed.Id);
        risk.GetProperty("riskLevel").GetString().Should().Be("High");
        risk.GetProperty("riskReasons").Codes().Should().Contain("Smashing");
        risk.GetProperty("assessments")[0].GetProperty("lexiconVersion").GetInt32().Should().Be(version + 1);
        (await admin.GetAsync("/api/risk/lexicon/versions").OkJsonAsync())
            .EnumerateArray()
            .Select(v => v.GetProperty("version").GetInt32())
            .Should()
            .StartWith(version + 1);
        api.AuditActions((version + 1).ToString()).Should().Contain("RiskLexiconSaved");
    }

    [Fact]
    public async Task AReleaseWithAChangedLexiconAddsItAsTheNextVersionUnlessAnAdministratorSavedOne()
    {
        var admin = await api.StaffAsync(ApiFactory.AdminUsername, ApiFactory.AdminPassword);
        var shipped = RiskLexicon.ShippedJson();
        // The lexicon an earlier release shipped: the current one plus a category this release dropped.
        var earlier = JsonNode.Parse(shipped)!;
        earlier["categories"]!
            .AsArray()
            .Add(
                new JsonObject
                {
                    ["code"] = "Dropped",
                    ["text"] = "旧版词库的类别",
                    ["riskLevel"] = "Medium",
                    ["words"] = new JsonArray("旧词"),
                }
            );
        var before = (await admin.GetAsync("/api/risk/lexicon").OkJsonAsync()).GetProperty("version").GetInt32();
        await api.WithDbAsync(async db =>
        {
            db.RiskLexiconVersions.Add(
                new RiskLexiconVersion
                {
                    Version = before + 1,
                    Json = earlier.ToJsonString(),
                    CreatedAt = DateTime.UtcNow,
                }
            );
            await db.SaveChangesAsync();
        });

        await LoadAsync();
        var upgraded = await admin.GetAsync("/api/risk/lexicon").OkJsonAsync();
        upgraded.GetProperty("version").GetInt32().Should().Be(before + 2);
        upgraded.GetProperty("lexicon").GetRawText().Should().NotContain("Dropped");
        await LoadAsync();
        (await admin.GetAsync("/api/risk/lexicon").OkJsonAsync())
            .GetProperty("version")
            .GetInt32()
            .Should()
            .Be(before + 2, "the shipped lexicon is already the newest");

        var own = JsonNode.Parse(upgraded.GetProperty("lexicon").GetRawText())!;
        own["window"] = 5;
        await admin.PutAsJsonAsync("/api/risk/lexicon", new { basedOn = before + 2, lexicon = own }).OkJsonAsync();
        await LoadAsync();
        var kept = await admin.GetAsync("/api/risk/lexicon").OkJsonAsync();
        kept.GetProperty("version").GetInt32().Should().Be(before + 3, "the administrator's version stays in force");
        kept.GetProperty("lexicon").GetProperty("window").GetInt32().Should().Be(5);
        var restored = JsonNode.Parse(upgraded.GetProperty("lexicon").GetRawText());
        await admin.PutAsJsonAsync("/api/risk/lexicon", new { basedOn = before + 3, lexicon = restored }).OkJsonAsync();

        async Task LoadAsync()
        {
            using var scope = api.Services.CreateScope();
            await scope
                .ServiceProvider.GetRequiredService<RiskLexiconCache>()
                .LoadAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), CancellationToken.None);
        }
    }
}

public sealed class RiskActionTestsOnSqlite(ApiHost<SqliteDatabase> api)
    : RiskActionTests(api),
        IClassFixture<ApiHost<SqliteDatabase>>;

public sealed class RiskActionTestsOnPostgres(ApiHost<PostgresDatabase> api)
    : RiskActionTests(api),
        IClassFixture<ApiHost<PostgresDatabase>>;
