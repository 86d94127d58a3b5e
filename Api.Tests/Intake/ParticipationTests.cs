using Mediation.Api.Infrastructure.Security;
using Mediation.Api.Tests.Risk;

namespace Mediation.Api.Tests.Intake;

/// <summary>
/// Mediation is voluntary (人民调解法 art. 3, 17): a respondent who binds the phone an application named answers whether
/// they take part; a refusal carries a coded reason that reaches the clerk, on the intake case and in the clerk's
/// inbox.
/// </summary>
public abstract class ParticipationTests(ApiFactory api)
{
    private async Task<(Guid Id, HttpClient Applicant, HttpClient Respondent, Staff Clerk)> AcceptedCaseAsync()
    {
        var phone = "139" + Random.Shared.Next(10_000_000, 99_999_999);
        var applicant = await api.CitizenAsync("alice-" + Guid.NewGuid());
        var id = (await applicant.FileOkAsync(await Applications.ValidAsync(applicant, respondentPhone: phone)))
            .GetProperty("id")
            .GetGuid();
        var clerk = await api.NewStaffAsync("WD-ZJC-XC", [StaffRoles.Intake]);
        await clerk.Client.PostAsync($"/api/intake/{id}/accept").OkJsonAsync();
        var respondent = await api.CitizenAsync("lisi-" + Guid.NewGuid());
        (
            await respondent.PostAsJsonAsync("/api/me/phone", new { code = api.WeChat.IssuePhoneCode(phone) })
        ).EnsureSuccessStatusCode();
        return (id, applicant, respondent, clerk);
    }

    [Fact]
    public async Task ARespondentRefusesWithACodedReasonAndTheClerkSeesWhy()
    {
        var (id, _, respondent, clerk) = await AcceptedCaseAsync();
        var first = await respondent.GetAsync($"/api/disputes/{id}/participation").OkJsonAsync();
        first.GetProperty("canAnswer").GetBoolean().Should().BeTrue();
        first.GetProperty("answer").ValueKind.Should().Be(JsonValueKind.Null);
        first
            .GetProperty("reasons")
            .EnumerateArray()
            .Select(r => r.GetProperty("code").GetString())
            .Should()
            .Contain(["not-willing", "prefer-court", "other"]);

        var refused = await respondent
            .PostAsJsonAsync($"/api/disputes/{id}/participation", new { agrees = false, reasonCode = "prefer-court" })
            .OkJsonAsync();

        refused.GetProperty("agrees").GetBoolean().Should().BeFalse();
        refused.GetProperty("reasonName").GetString().Should().Be("准备通过诉讼、仲裁等其他途径解决");
        var intakeCase = await clerk.Client.GetAsync($"/api/intake/{id}").OkJsonAsync();
        var answer = intakeCase.GetProperty("participation").EnumerateArray().Should().ContainSingle().Subject;
        answer.GetProperty("reasonCode").GetString().Should().Be("prefer-court");
        answer.GetProperty("partyName").GetString().Should().Be("李四");
        var inbox = await clerk.Client.GetAsync("/api/me/notifications").OkJsonAsync();
        inbox
            .GetProperty("items")
            .EnumerateArray()
            .Should()
            .Contain(n =>
                n.GetProperty("kind").GetString() == "RespondentRefused"
                && n.GetProperty("body").GetString()!.Contains("准备通过诉讼、仲裁等其他途径解决")
            );
        var timeline = await respondent.GetAsync($"/api/disputes/{id}/timeline").OkJsonAsync();
        timeline
            .GetProperty("items")
            .EnumerateArray()
            .Should()
            .Contain(i => i.GetProperty("kind").GetString() == "RespondentRefused");
        (await respondent.GetAsync($"/api/disputes/{id}/participation").OkJsonAsync())
            .GetProperty("answer")
            .GetProperty("agrees")
            .GetBoolean()
            .Should()
            .BeFalse();
    }

    [Fact]
    public async Task ARefusalAndTheWordsOfItsNoteAreRiskReasonsOnTheCaseAndAnAgreementLaterClearsTheRefusal()
    {
        var (id, _, respondent, clerk) = await AcceptedCaseAsync();
        (await clerk.Client.RiskAsync(id)).GetProperty("riskReasons").Codes().Should().NotContain("RespondentRefused");

        await respondent
            .PostAsJsonAsync(
                $"/api/disputes/{id}/participation",
                new
                {
                    agrees = false,
                    reasonCode = "other",
                    note = "我不会跟他调解，他再来我家闹我就报复他",
                }
            )
            .OkJsonAsync();

        var refused = await clerk.Client.RiskAsync(id);
        refused.GetProperty("riskReasons").Codes().Should().Contain(["RespondentRefused", "Revenge"]);
        refused.GetProperty("riskLevel").GetString().Should().Be("High");
        refused
            .GetProperty("assessments")
            .EnumerateArray()
            .Last()
            .GetProperty("trigger")
            .GetString()
            .Should()
            .Be("Participation");

        await respondent.PostAsJsonAsync($"/api/disputes/{id}/participation", new { agrees = true }).OkJsonAsync();
        var agreed = (await clerk.Client.RiskAsync(id)).GetProperty("riskReasons").Codes();
        agreed.Should().NotContain("RespondentRefused", "the latest answer counts");
        agreed.Should().Contain("Revenge", "a threat once written is not forgotten");
    }

    [Fact]
    public async Task ARespondentAgreesAndTheApplicantCannotAnswerForThem()
    {
        var (id, applicant, respondent, _) = await AcceptedCaseAsync();

        (await applicant.PostAsJsonAsync($"/api/disputes/{id}/participation", new { agrees = true }))
            .StatusCode.Should()
            .Be(HttpStatusCode.Forbidden);
        (await applicant.GetAsync($"/api/disputes/{id}/participation").OkJsonAsync())
            .GetProperty("canAnswer")
            .GetBoolean()
            .Should()
            .BeFalse();
        var stranger = await api.CitizenAsync("x-" + Guid.NewGuid());
        (await stranger.PostAsJsonAsync($"/api/disputes/{id}/participation", new { agrees = true }))
            .StatusCode.Should()
            .Be(HttpStatusCode.NotFound);

        var agreed = await respondent
            .PostAsJsonAsync($"/api/disputes/{id}/participation", new { agrees = true })
            .OkJsonAsync();
        agreed.GetProperty("agrees").GetBoolean().Should().BeTrue();
        agreed.GetProperty("reasonCode").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Theory]
    [InlineData("{\"agrees\":false}", "reasonCode")]
    [InlineData("{\"agrees\":false,\"reasonCode\":\"no-such\"}", "reasonCode")]
    [InlineData("{\"agrees\":false,\"reasonCode\":\"other\"}", "note")]
    [InlineData("{}", "agrees")]
    public async Task ARefusalNeedsAKnownReasonAndOtherNeedsAWord(string body, string field)
    {
        var (id, _, respondent, _) = await AcceptedCaseAsync();

        var refused = await respondent.PostAsync(
            $"/api/disputes/{id}/participation",
            new StringContent(body, System.Text.Encoding.UTF8, "application/json")
        );

        await refused.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        (await refused.Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("errors")
            .EnumerateObject()
            .Select(e => e.Name)
            .Should()
            .Equal(field);
    }
}

public sealed class ParticipationTestsOnSqlite(ApiHost<SqliteDatabase> api)
    : ParticipationTests(api),
        IClassFixture<ApiHost<SqliteDatabase>>;

public sealed class ParticipationTestsOnPostgres(ApiHost<PostgresDatabase> api)
    : ParticipationTests(api),
        IClassFixture<ApiHost<PostgresDatabase>>;
