using Mediation.Api.Auth;
using Mediation.Api.Infrastructure.Security;
using Mediation.Api.Tests.Intake;

namespace Mediation.Api.Tests.Sessions;

/// <summary>GET /api/mediator/cases: the cases assigned to the caller now, and nobody else's.</summary>
public abstract class MediatorCasesTests(OutcomesFactory api)
{
    private static async Task<List<JsonElement>> MyCasesAsync(HttpClient mediator) =>
        (await mediator.GetAsync("/api/mediator/cases").OkJsonAsync()).GetProperty("items").EnumerateArray().ToList();

    [Fact]
    public async Task AMediatorListsTheCasesAssignedToThemWithMaskedPartiesAndTheNextSession()
    {
        var c = await api.CaseWithMediatorAsync();
        var startsAt = api.Now().Date.AddDays(3).AddHours(2); // 10:00 in China
        var sessionId = await c.ScheduleOkAsync(startsAt);

        var item = (await MyCasesAsync(c.Mediator.Client)).Should().ContainSingle().Subject;

        item.GetProperty("id").GetGuid().Should().Be(c.Id);
        item.GetProperty("caseNumber").GetString().Should().Be(c.CaseNumber);
        item.GetProperty("status")
            .GetString()
            .Should()
            .Be("InMediation", "scheduling the first session starts the mediation");
        item.GetProperty("statusName").GetString().Should().NotBeNullOrEmpty();
        item.GetProperty("typeName").GetString().Should().Be("邻里纠纷");
        var parties = item.GetProperty("parties").EnumerateArray().ToList();
        parties
            .Select(p => (p.GetProperty("role").GetString(), p.GetProperty("name").GetString()))
            .Should()
            .Equal(("Applicant", "张三"), ("Respondent", "李四"), ("Respondent", "某某物业服务有限公司"));
        parties[0].GetProperty("phone").GetString().Should().Be("138****8000");
        parties[0].GetProperty("idNumber").GetString().Should().Be("3710**********1235");
        parties[0].GetProperty("hasAccount").GetBoolean().Should().BeTrue();
        parties[2].GetProperty("creditCode").GetString().Should().Be(Applications.RespondentCompanyCode);
        var next = item.GetProperty("nextSession");
        next.GetProperty("id").GetGuid().Should().Be(sessionId);
        next.GetProperty("startsAt").GetDateTime().Should().Be(startsAt);
        next.GetProperty("status").GetString().Should().Be("Scheduled");

        var detail = await c.Mediator.Client.GetAsync($"/api/mediator/cases/{c.Id}").OkJsonAsync();
        detail.GetProperty("facts").GetString().Should().Contain("堆放杂物");
        detail.GetProperty("claims").GetString().Should().Contain("恢复通行");
        detail
            .GetProperty("history")
            .EnumerateArray()
            .Select(h => h.GetProperty("to").GetString())
            .Should()
            .Equal("Submitted", "Accepted", "MediatorAssigned", "InMediation");
    }

    [Fact]
    public async Task AnotherMediatorOfTheSameBodySeesNoneOfItAndIntakeStaffCannotUseTheList()
    {
        var c = await api.CaseWithMediatorAsync();
        var colleague = await api.NewStaffAsync("WD-ZJC-XC", [StaffRoles.Mediator], "调解员李");
        var intake = await api.NewStaffAsync("WD-ZJC-XC", [StaffRoles.Intake]);

        (await MyCasesAsync(colleague.Client)).Should().BeEmpty();
        (await colleague.Client.GetAsync($"/api/mediator/cases/{c.Id}"))
            .StatusCode.Should()
            .Be(HttpStatusCode.NotFound);
        (await intake.Client.GetAsync("/api/mediator/cases")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await MyCasesAsync(c.Mediator.Client)).Select(x => x.GetProperty("id").GetGuid()).Should().Equal(c.Id);
    }

    [Fact]
    public async Task AReassignedCaseLeavesTheFormerMediatorsList()
    {
        var c = await api.CaseWithMediatorAsync();
        var successor = await api.NewStaffAsync("WD-ZJC-XC", [StaffRoles.Mediator], "调解员周");
        (
            await c.Citizen.PostAsync(
                $"/api/disputes/{c.Id}/mediator-objection",
                new { reason = "调解员与被申请人是亲戚" }
            )
        ).EnsureSuccessStatusCode();
        var intake = await api.NewStaffAsync("WD-ZJC-XC", [StaffRoles.Intake]);
        await intake
            .Client.PostAsync($"/api/intake/{c.Id}/assign", new { mediatorIds = new[] { successor.Id } })
            .OkJsonAsync();

        (await MyCasesAsync(c.Mediator.Client)).Should().BeEmpty();
        (await c.Mediator.Client.GetAsync($"/api/mediator/cases/{c.Id}"))
            .StatusCode.Should()
            .Be(HttpStatusCode.NotFound);
        (await MyCasesAsync(successor.Client)).Select(x => x.GetProperty("id").GetGuid()).Should().Equal(c.Id);
    }
}

public sealed class MediatorCasesTestsOnSqlite(OutcomesHost<SqliteDatabase> api)
    : MediatorCasesTests(api),
        IClassFixture<OutcomesHost<SqliteDatabase>>;

public sealed class MediatorCasesTestsOnPostgres(OutcomesHost<PostgresDatabase> api)
    : MediatorCasesTests(api),
        IClassFixture<OutcomesHost<PostgresDatabase>>;
