using Mediation.Api.Auth;
using Mediation.Api.Infrastructure.Security;

namespace Mediation.Api.Tests.Intake;

public abstract class MediatorListTests(ApiFactory api)
{
    [Fact]
    public async Task IntakeStaffListOnlyTheActiveMediatorsOfTheirOwnBody()
    {
        var (town, a, b) = await api.NewTownAsync();
        var mine = await api.NewStaffAsync(a, [StaffRoles.Mediator], name: "甲村调解员");
        await api.NewStaffAsync(b, [StaffRoles.Mediator], name: "乙村调解员");
        await api.NewStaffAsync(a, [StaffRoles.Intake], name: "甲村受理员");
        var intake = await api.NewStaffAsync(a, [StaffRoles.Intake]);
        var supervisor = await api.NewStaffAsync(town, [StaffRoles.Supervisor]);

        var list = await intake.Client.GetAsync("/api/intake/mediators").OkJsonAsync();
        list.EnumerateArray().Select(m => m.GetProperty("id").GetGuid()).Should().Equal(mine.Id);
        list[0].GetProperty("maxOpenCases").GetInt32().Should().Be(20);

        var all = await supervisor.Client.GetAsync("/api/intake/mediators").OkJsonAsync();
        all.EnumerateArray()
            .Select(m => m.GetProperty("name").GetString())
            .Should()
            .BeEquivalentTo("甲村调解员", "乙村调解员");
        var onlyB = await supervisor.Client.GetAsync($"/api/intake/mediators?bodyId={api.BodyId(b)}").OkJsonAsync();
        onlyB.EnumerateArray().Select(m => m.GetProperty("name").GetString()).Should().Equal("乙村调解员");

        var mediator = await api.NewStaffAsync(a, [StaffRoles.Mediator]);
        (await mediator.Client.GetAsync("/api/intake/mediators")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }
}

public sealed class MediatorListTestsOnSqlite(ApiHost<SqliteDatabase> api)
    : MediatorListTests(api),
        IClassFixture<ApiHost<SqliteDatabase>>;

public sealed class MediatorListTestsOnPostgres(ApiHost<PostgresDatabase> api)
    : MediatorListTests(api),
        IClassFixture<ApiHost<PostgresDatabase>>;
