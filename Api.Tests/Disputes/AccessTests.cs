namespace Mediation.Api.Tests.Disputes;

public abstract class AccessTests(ApiFactory api)
{
    [Fact]
    public async Task ACitizenCannotSeeAnotherCitizensCase()
    {
        var alice = await api.CitizenAsync("alice-" + Guid.NewGuid());
        var bob = await api.CitizenAsync("bob-" + Guid.NewGuid());
        var id = (await alice.FileOkAsync(await Applications.ValidAsync(alice))).GetProperty("id").GetString();

        (await bob.GetAsync($"/api/disputes/{id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await bob.GetAsync($"/api/disputes/{id}/timeline")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await bob.PostAsJsonAsync($"/api/disputes/{id}/withdraw", new { reason = "不想调解了" }))
            .StatusCode.Should()
            .Be(HttpStatusCode.NotFound);
        var bobs = await bob.GetFromJsonAsync<JsonElement>("/api/disputes");
        bobs.GetProperty("items").EnumerateArray().Should().BeEmpty();
    }

    [Fact]
    public async Task ARespondentWhoBindsTheSameVerifiedPhoneSeesTheCaseAsRespondent()
    {
        var phone = "139" + Random.Shared.Next(10_000_000, 99_999_999);
        var alice = await api.CitizenAsync("alice-" + Guid.NewGuid());
        var id = (await alice.FileOkAsync(await Applications.ValidAsync(alice, respondentPhone: phone)))
            .GetProperty("id")
            .GetString();
        var lisi = await api.CitizenAsync("lisi-" + Guid.NewGuid());
        (await lisi.GetAsync($"/api/disputes/{id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);

        var bind = await lisi.PostAsJsonAsync("/api/me/phone", new { code = api.WeChat.IssuePhoneCode(phone) });

        bind.StatusCode.Should().Be(HttpStatusCode.OK, await bind.Content.ReadAsStringAsync());
        var bound = await bind.JsonAsync();
        bound.GetProperty("phone").GetString().Should().Be(phone[..3] + "****" + phone[^4..]);
        bound.GetProperty("claimedCases").GetInt32().Should().Be(1);
        var seen = await lisi.GetFromJsonAsync<JsonElement>($"/api/disputes/{id}");
        seen.GetProperty("myRole").GetString().Should().Be("Respondent");
        (await lisi.PostAsJsonAsync($"/api/disputes/{id}/withdraw", new { reason = "我是被申请人" }))
            .StatusCode.Should()
            .Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ACaseNamingAnAlreadyVerifiedPhoneIsVisibleToThatCitizenAtOnce()
    {
        var phone = "137" + Random.Shared.Next(10_000_000, 99_999_999);
        var wang = await api.CitizenAsync("wang-" + Guid.NewGuid());
        (
            await wang.PostAsJsonAsync("/api/me/phone", new { code = api.WeChat.IssuePhoneCode(phone) })
        ).EnsureSuccessStatusCode();
        var alice = await api.CitizenAsync("alice-" + Guid.NewGuid());

        var id = (await alice.FileOkAsync(await Applications.ValidAsync(alice, respondentPhone: phone)))
            .GetProperty("id")
            .GetString();

        var list = await wang.GetFromJsonAsync<JsonElement>("/api/disputes");
        list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()).Should().Contain(id);
    }

    [Fact]
    public async Task TheApplicantWithdrawsBeforeAnAgreementAndCannotWithdrawTwice()
    {
        var alice = await api.CitizenAsync("wd-" + Guid.NewGuid());
        var id = (await alice.FileOkAsync(await Applications.ValidAsync(alice))).GetProperty("id").GetString();

        var withdrawn = await alice.PostAsJsonAsync($"/api/disputes/{id}/withdraw", new { reason = "双方已自行和解" });
        var again = await alice.PostAsJsonAsync($"/api/disputes/{id}/withdraw", new { reason = "再次撤回" });

        withdrawn.StatusCode.Should().Be(HttpStatusCode.OK);
        (await withdrawn.JsonAsync()).GetProperty("status").GetString().Should().Be("Withdrawn");
        again.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await again.JsonAsync()).GetProperty("detail").GetString().Should().Contain("已撤回");
        var timeline = await alice.GetFromJsonAsync<JsonElement>($"/api/disputes/{id}/timeline");
        var last = timeline.GetProperty("items").EnumerateArray().Last();
        last.GetProperty("to").GetString().Should().Be("Withdrawn");
        last.GetProperty("note").GetString().Should().Be("双方已自行和解");
    }

    [Fact]
    public async Task AWithdrawalWithoutAReasonIsRefused()
    {
        var alice = await api.CitizenAsync("wd2-" + Guid.NewGuid());
        var id = (await alice.FileOkAsync(await Applications.ValidAsync(alice))).GetProperty("id").GetString();

        var response = await alice.PostAsJsonAsync($"/api/disputes/{id}/withdraw", new { reason = "" });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.JsonAsync())
            .GetProperty("errors")
            .GetProperty("reason")[0]
            .GetString()
            .Should()
            .Be("请填写撤回理由");
    }

    [Fact]
    public async Task StaffTokensCannotUseCitizenEndpoints()
    {
        var admin = await api.StaffAsync(ApiFactory.AdminUsername, ApiFactory.AdminPassword);

        var response = await admin.GetAsync("/api/disputes");

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }
}

public sealed class AccessTestsOnSqlite(ApiHost<SqliteDatabase> api)
    : AccessTests(api),
        IClassFixture<ApiHost<SqliteDatabase>>;

public sealed class AccessTestsOnPostgres(ApiHost<PostgresDatabase> api)
    : AccessTests(api),
        IClassFixture<ApiHost<PostgresDatabase>>;
