using Mediation.Api.Infrastructure.Security;
using Mediation.Api.ReferenceData;

namespace Mediation.Api.Tests.Mediators;

/// <summary>The clerk's recommendations for one case: who must step aside (回避) is left out, a likely relative is
/// flagged, and the citizen's own choice is shown with why it cannot be honoured.</summary>
public abstract class CaseRecommendationTests(ApiFactory api)
{
    [Fact]
    public async Task AMediatorWhoIsAPartyIsLeftOutAndOneWithAPartysSurnameFromTheirVillageIsFlagged()
    {
        var (_, village, other) = await api.NewTownAsync();
        var villageName = api.WithDb(db => db.Bodies.Single(b => b.Code == village).Region);
        var clerk = await api.NewStaffAsync(village, [StaffRoles.Intake]);
        var party = await api.NewMediatorAsync(village, "李四", idNumber: Applications.RespondentId);
        var sameSurname = await api.NewMediatorAsync(village, "张伟");
        var unrelated = await api.NewMediatorAsync(village, "王芳");
        var sameSurnameElsewhere = await api.NewMediatorAsync(other, "张强");
        await api.SetProfileAsync(sameSurnameElsewhere.Id, p => p.ServedBodyIds = [api.BodyId(village)]);
        var filed = await api.FileCaseAsync(village, a =>
        {
            a["applicant"]!["address"] = $"{villageName}5号";
            a["preferredMediatorId"] = party.Id;
        });

        var answer = await clerk.Client.GetAsync($"/api/intake/{filed.Id}/mediator-recommendations").OkJsonAsync();

        var recommendations = answer.GetProperty("recommendations");
        recommendations
            .Ids()
            .Should()
            .BeEquivalentTo([sameSurname.Id, unrelated.Id, sameSurnameElsewhere.Id])
            .And.NotContain(party.Id);
        JsonElement Of(Guid id) => recommendations.EnumerateArray().Single(r => r.GetProperty("id").GetGuid() == id);
        var flagged = Of(sameSurname.Id).GetProperty("conflicts").EnumerateArray().Single();
        flagged.GetProperty("code").GetString().Should().Be("SameSurnameAndVillage");
        flagged.GetProperty("text").GetString().Should().Contain("张伟").And.Contain("张三").And.Contain(villageName);
        Of(unrelated.Id).GetProperty("conflicts").GetArrayLength().Should().Be(0);
        Of(sameSurnameElsewhere.Id)
            .GetProperty("conflicts")
            .GetArrayLength()
            .Should()
            .Be(0, "a mediator of another village is not from the party's village");

        answer.GetProperty("preferredMediatorId").GetGuid().Should().Be(party.Id);
        var preferred = answer.GetProperty("preferred");
        preferred.GetProperty("assignable").GetBoolean().Should().BeFalse();
        preferred
            .GetProperty("conflicts")
            .EnumerateArray()
            .Select(c => c.GetProperty("code").GetString())
            .Should()
            .Equal("IsParty");
        (await clerk.Client.GetAsync($"/api/intake/{filed.Id}").OkJsonAsync())
            .GetProperty("case")
            .GetProperty("preferredMediatorId")
            .GetGuid()
            .Should()
            .Be(party.Id, "the clerk sees the citizen's choice on the case itself");
    }

    [Fact]
    public async Task TheClerksRecommendationsLeaveOutFullMediatorsAndShowWhyThePreferredOneCannotBeAssigned()
    {
        var (_, village, _) = await api.NewTownAsync();
        var clerk = await api.NewStaffAsync(village, [StaffRoles.Intake]);
        var full = await api.NewMediatorAsync(village, "已满", maxOpenCases: 1);
        var free = await api.NewMediatorAsync(village, "空闲");
        await api.AssignCaseAsync(clerk, village, full.Id);
        var filed = await api.FileCaseAsync(village, a => a["preferredMediatorId"] = full.Id);

        var answer = await clerk.Client.GetAsync($"/api/intake/{filed.Id}/mediator-recommendations").OkJsonAsync();

        answer.GetProperty("recommendations").Ids().Should().Equal(free.Id);
        var preferred = answer.GetProperty("preferred");
        preferred.GetProperty("assignable").GetBoolean().Should().BeFalse();
        var reason = preferred.GetProperty("conflicts").EnumerateArray().Single();
        reason.GetProperty("code").GetString().Should().Be("Full");
        reason.GetProperty("text").GetString().Should().Contain("已达上限 1 件");
    }

    [Fact]
    public async Task AClerkOfAnotherBodyGetsNotFoundAndACitizenIsForbidden()
    {
        var (_, village, other) = await api.NewTownAsync();
        var stranger = await api.NewStaffAsync(other, [StaffRoles.Intake]);
        var filed = await api.FileCaseAsync(village);

        (await stranger.Client.GetAsync($"/api/intake/{filed.Id}/mediator-recommendations"))
            .StatusCode.Should()
            .Be(HttpStatusCode.NotFound);
        (await filed.Citizen.GetAsync($"/api/intake/{filed.Id}/mediator-recommendations"))
            .StatusCode.Should()
            .Be(HttpStatusCode.Forbidden);
    }
}

public sealed class CaseRecommendationTestsOnSqlite(ApiHost<SqliteDatabase> api)
    : CaseRecommendationTests(api),
        IClassFixture<ApiHost<SqliteDatabase>>;

public sealed class CaseRecommendationTestsOnPostgres(ApiHost<PostgresDatabase> api)
    : CaseRecommendationTests(api),
        IClassFixture<ApiHost<PostgresDatabase>>;
