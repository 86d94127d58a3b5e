using System.Text.Json.Nodes;
using Mediation.Api.Disputes;
using Mediation.Api.Infrastructure;
using Mediation.Api.Infrastructure.Security;
using Mediation.Api.Risk;
using Mediation.Api.Tests.Intake;

namespace Mediation.Api.Tests.Risk;

/// <summary>Assessment at filing and on every new text, as staff see it through the intake API and the risk
/// API.</summary>
public abstract class RiskAssessmentTests(ApiFactory api)
{
    private const string Threat = "他家占了我家的宅基地，多次协商无果。再不解决我就跟他同归于尽。";
    private const string Ordinary = "邻居在两家之间的通道上堆放杂物，多次协商未果。";

    [Fact]
    public async Task AThreatInTheApplicationPutsTheLevelOnTheCaseBeforeTheFilingIsAnsweredAndTheCitizenNeverSeesIt()
    {
        var t = await api.NewRiskTownAsync();
        var citizen = await api.CitizenAsync("c-" + Guid.NewGuid());
        var application = await Applications.ValidAsync(citizen, t.VillageA);
        application["facts"] = Threat;

        var response = await citizen.FileAsync(application);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.Created, text);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        // Stored with the filing itself: read straight after the answer, with no job in between.
        api.WithDb(db => db.Disputes.Single(d => d.Id == id).RiskLevel.ToString()).Should().Be("Major");

        text.Should().NotContainAny("risk", "Risk", "同归于尽\",\"");
        var mine = await citizen.GetStringAsync($"/api/disputes/{id}");
        mine.Should().NotContain("risk");
        (await citizen.GetAsync($"/api/risk/cases/{id}")).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        var detail = await t.Clerk.Client.GetAsync($"/api/intake/{id}").OkJsonAsync();
        detail.GetProperty("riskLevel").GetString().Should().Be("Major");
        var lethal = detail
            .GetProperty("riskReasons")
            .EnumerateArray()
            .Single(r => r.GetProperty("code").GetString() == "Lethal");
        lethal.GetProperty("text").GetString().Should().Be("扬言杀人、同归于尽或纵火爆炸");
        lethal.GetProperty("evidence").GetString().Should().Contain("同归于尽");
    }

    [Fact]
    public async Task AnOrdinaryApplicationIsLowWithNoReasonAndAlertsNobody()
    {
        var t = await api.NewRiskTownAsync();
        var filed = await api.FileWithFactsAsync(t.VillageA, Ordinary);

        var risk = await t.Clerk.Client.RiskAsync(filed.Id);

        risk.GetProperty("riskLevel").GetString().Should().Be("Low");
        risk.GetProperty("riskReasons").GetArrayLength().Should().Be(0);
        risk.GetProperty("assessments")[0].GetProperty("trigger").GetString().Should().Be("Filing");
        risk.GetProperty("assessments")[0].GetProperty("lexiconVersion").GetInt32().Should().BeGreaterThan(0);
        risk.GetProperty("reports").GetArrayLength().Should().Be(0);
        api.WithDb(db => db.Set<Api.Risk.RiskAlert>().Count(a => a.DisputeId == filed.Id)).Should().Be(0);
    }

    [Fact]
    public async Task TheQueueShowsTheLevelFiltersByItAndSortsTheRiskiestFirst()
    {
        var t = await api.NewRiskTownAsync();
        var low = await api.FileWithFactsAsync(t.VillageA, Ordinary);
        var high = await api.FileWithFactsAsync(t.VillageA, "对方昨天在地里动手打人，把我父亲打伤了。");
        var major = await api.FileWithFactsAsync(t.VillageA, Threat);
        var bodyId = api.BodyId(t.VillageA);

        var all = await t.Clerk.Client.GetAsync($"/api/intake?bodyId={bodyId}&sort=risk&limit=2").OkJsonAsync();
        var first = all.GetProperty("items").EnumerateArray().ToList();
        first.Select(i => i.GetProperty("id").GetGuid()).Should().Equal(major.Id, high.Id);
        first[1].GetProperty("riskLevel").GetString().Should().Be("High");
        first[1].GetProperty("riskReasons").Codes().Should().Contain("Violence");
        var cursor = Uri.EscapeDataString(all.GetProperty("nextCursor").GetString()!);
        var rest = await t
            .Clerk.Client.GetAsync($"/api/intake?bodyId={bodyId}&sort=risk&limit=2&cursor={cursor}")
            .OkJsonAsync();
        rest.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).Should().Equal(low.Id);

        var risky = await t.Clerk.Client.GetAsync($"/api/intake?bodyId={bodyId}&risk=High").OkJsonAsync();
        risky
            .GetProperty("items")
            .EnumerateArray()
            .Select(i => i.GetProperty("id").GetGuid())
            .Should()
            .BeEquivalentTo([high.Id, major.Id]);
    }

    [Fact]
    public async Task ANewNoteIsAssessedAndItsThreatRaisesTheLevelWhileANegatedOneDoesNot()
    {
        var t = await api.NewRiskTownAsync();
        var filed = await api.FileWithFactsAsync(t.VillageA, Ordinary);

        await t.Clerk.Client.PostAsync(
            $"/api/intake/{filed.Id}/notes",
            new { text = "电话回访：申请人说我没有打人，是对方推了我。" }
        );
        var calm = await t.Clerk.Client.RiskAsync(filed.Id);
        calm.GetProperty("riskLevel").GetString().Should().Be("Low");
        calm.GetProperty("riskReasons").Codes().Should().NotContain("Violence");

        await t.Clerk.Client.PostAsync(
            $"/api/intake/{filed.Id}/notes",
            new { text = "申请人来电称：我要报复他，已经准备好了汽油。" }
        );
        var risk = await t.Clerk.Client.RiskAsync(filed.Id);

        risk.GetProperty("riskLevel").GetString().Should().Be("Major");
        risk.GetProperty("riskReasons").Codes().Should().Contain(["Revenge", "Weapon", "ArmedRevenge"]);
        risk.GetProperty("assessments")
            .EnumerateArray()
            .Select(a => a.GetProperty("trigger").GetString())
            .Should()
            .Equal("Filing", "Note", "Note");
        api.AuditActions(filed.Id.ToString()).Should().Contain("RiskLevelChanged");
        risk.GetProperty("reports").GetArrayLength().Should().Be(1);
    }

    [Fact]
    public async Task ACorrectedApplicationIsAssessedAgain()
    {
        var t = await api.NewRiskTownAsync();
        var filed = await api.FileWithFactsAsync(t.VillageA, Ordinary);
        await t
            .Clerk.Client.PostAsync(
                $"/api/intake/{filed.Id}/request-correction",
                new { items = new[] { "请写明纠纷经过" } }
            )
            .OkJsonAsync();
        var application = await Applications.ValidAsync(filed.Citizen, t.VillageA);
        application["facts"] = "对方几十户村民说要拉横幅堵门，还要集体上访。";

        await filed.Citizen.PutAsJsonAsync($"/api/disputes/{filed.Id}", application).OkJsonAsync();
        var risk = await t.Clerk.Client.RiskAsync(filed.Id);

        risk.GetProperty("riskLevel").GetString().Should().Be("Major");
        risk.GetProperty("riskReasons").Codes().Should().Contain(["Collective", "Petition", "MassIncident"]);
        risk.GetProperty("assessments")[1].GetProperty("trigger").GetString().Should().Be("Correction");
    }

    [Fact]
    public async Task StaffOfAnotherBodyCannotSeeACasesRiskAndOnlyStaffMaySeeIt()
    {
        var t = await api.NewRiskTownAsync();
        var other = await api.NewRiskTownAsync();
        var filed = await api.FileWithFactsAsync(t.VillageA, Threat);

        (await other.Clerk.Client.GetAsync($"/api/risk/cases/{filed.Id}"))
            .StatusCode.Should()
            .Be(HttpStatusCode.NotFound);
        (
            await other.Clerk.Client.PostAsync(
                $"/api/risk/cases/{filed.Id}/level",
                new { riskLevel = "Low", reason = "误报" }
            )
        )
            .StatusCode.Should()
            .Be(HttpStatusCode.NotFound);
        (await filed.Citizen.GetAsync($"/api/risk/cases/{filed.Id}")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await t.TownSupervisor.Client.GetAsync($"/api/risk/cases/{filed.Id}"))
            .StatusCode.Should()
            .Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AReferralWhoseTimeLimitComesWithinFiveDaysIsFlaggedByTheMorningRunOnce()
    {
        var t = await api.NewRiskTownAsync();
        var body = await Registrations.RegistrationAsync(t.Clerk.Client, t.VillageA, "CourtReferral");
        var referral = Registrations.CourtReferral(
            ChinaTime.Date(api.Clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd")
        );
        referral["timeLimitDays"] = 10;
        body["referral"] = referral;
        var registered = await Registrations.RegisterAsync(t.Clerk.Client, body);
        registered.StatusCode.Should().Be(HttpStatusCode.Created, await registered.Content.ReadAsStringAsync());
        var id = (await registered.JsonAsync()).GetProperty("id").GetGuid();

        await api.RunAsync<RiskDeadlineJob>(j => j.RunAsync(CancellationToken.None));
        (await t.Clerk.Client.RiskAsync(id)).GetProperty("riskReasons").Codes().Should().NotContain("ReferralDeadline");

        api.Clock.Advance(TimeSpan.FromDays(6));
        await api.RunAsync<RiskDeadlineJob>(j => j.RunAsync(CancellationToken.None));
        await api.RunAsync<RiskDeadlineJob>(j => j.RunAsync(CancellationToken.None));

        var clerk = await api.StaffAsync(t.Clerk.Username, IntakeHarness.Password); // the first token has expired
        var risk = await clerk.RiskAsync(id);
        var reason = risk.GetProperty("riskReasons")
            .EnumerateArray()
            .Single(r => r.GetProperty("code").GetString() == "ReferralDeadline");
        reason.GetProperty("evidence").GetString().Should().Be("距期限还有 4 天");
        risk.GetProperty("riskLevel").GetString().Should().NotBe("Low");
        risk.GetProperty("assessments")
            .EnumerateArray()
            .Count(a => a.GetProperty("trigger").GetString() == RiskDeadlineJob.Trigger)
            .Should()
            .Be(1, "the second run finds the reason already on the case");
    }
}

public sealed class RiskAssessmentTestsOnSqlite(ApiHost<SqliteDatabase> api)
    : RiskAssessmentTests(api),
        IClassFixture<ApiHost<SqliteDatabase>>;

public sealed class RiskAssessmentTestsOnPostgres(ApiHost<PostgresDatabase> api)
    : RiskAssessmentTests(api),
        IClassFixture<ApiHost<PostgresDatabase>>;
