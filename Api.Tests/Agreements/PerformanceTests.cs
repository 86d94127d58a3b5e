using Mediation.Api.Agreements;
using Mediation.Api.Tests.Intake;
using Mediation.Api.Tests.Sessions;

namespace Mediation.Api.Tests.Agreements;

public abstract class PerformanceTests(OutcomesFactory api)
{
    [Fact]
    public async Task ARetriedPaymentReportWithTheSameKeyIsRecordedOnceAndTheKeyCannotBeReusedForAnother()
    {
        var c = await api.CaseInMediationAsync();
        await c.AgreedAsync(api.Today().AddDays(10));
        var obligation = await ObligationAsync(c);
        var key = Guid.NewGuid().ToString();
        var report = new
        {
            amountFen = 100_000,
            paidAt = api.Now(),
            note = "第一笔",
        };

        var first = await PostWithKeyAsync(c.Respondent, $"/api/obligations/{obligation}/payments", report, key)
            .JsonCreatedAsync();
        var retry = await PostWithKeyAsync(c.Respondent, $"/api/obligations/{obligation}/payments", report, key)
            .JsonCreatedAsync();
        var other = await PostWithKeyAsync(
            c.Respondent,
            $"/api/obligations/{obligation}/payments",
            new { amountFen = 5, paidAt = api.Now() },
            key
        );

        retry.GetProperty("id").GetGuid().Should().Be(first.GetProperty("id").GetGuid());
        other.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        api.WithDb(db => db.Payments.Count(p => p.ObligationId == obligation)).Should().Be(1);
    }

    [Fact]
    public async Task ADisputedPaymentDoesNotCountAndTheObligorIsTold()
    {
        var c = await api.CaseInMediationAsync();
        await c.AgreedAsync(api.Today().AddDays(10));
        var obligation = await ObligationAsync(c);
        var payment = await c
            .Respondent.PostAsync(
                $"/api/obligations/{obligation}/payments",
                new { amountFen = 300_000, paidAt = api.Now() }
            )
            .JsonCreatedAsync();

        var disputed = await c
            .Applicant.PostAsync(
                $"/api/payments/{payment.GetProperty("id")}/dispute",
                new { reason = "没有收到这笔钱" }
            )
            .OkJsonAsync();

        disputed.GetProperty("status").GetString().Should().Be("Disputed");
        var list = await c.Respondent.GetAsync($"/api/disputes/{c.Id}/obligations").OkJsonAsync();
        list.GetProperty("items")[0].GetProperty("status").GetString().Should().Be("Open");
        list.GetProperty("items")[0].GetProperty("confirmedFen").GetInt64().Should().Be(0);
        (await c.Respondent.InboxAsync())
            .GetProperty("items")
            .EnumerateArray()
            .Should()
            .Contain(n =>
                n.GetProperty("kind").GetString() == "PaymentDisputed"
                && n.GetProperty("body").GetString()!.Contains("没有收到这笔钱")
            );
        (await c.Applicant.PostAsync($"/api/payments/{payment.GetProperty("id")}/confirm"))
            .StatusCode.Should()
            .Be(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task TheCaseDetailTellsEachCitizenWhichPartiesTheyAre()
    {
        var c = await api.CaseInMediationAsync();
        var asApplicant = await c.Applicant.GetAsync($"/api/disputes/{c.Id}").OkJsonAsync();
        var asRespondent = await c.Respondent.GetAsync($"/api/disputes/{c.Id}").OkJsonAsync();
        asApplicant
            .GetProperty("myPartyIds")
            .EnumerateArray()
            .Select(x => x.GetGuid())
            .Should()
            .Equal(c.ApplicantPartyId);
        asRespondent
            .GetProperty("myPartyIds")
            .EnumerateArray()
            .Select(x => x.GetGuid())
            .Should()
            .Equal(c.RespondentPartyId);
    }

    [Fact]
    public async Task APartyRatesTheMediationOnceItEndedAndReadsTheRatingBack()
    {
        var c = await api.CaseInMediationAsync();
        (await c.Applicant.PostAsJsonAsync($"/api/disputes/{c.Id}/satisfaction", new { score = 5 }))
            .StatusCode.Should()
            .Be(HttpStatusCode.Conflict, "mediation has not ended");
        await c.AgreedAsync(api.Today().AddDays(10));

        (await c.Applicant.PostAsJsonAsync($"/api/disputes/{c.Id}/satisfaction", new { score = 6 }))
            .StatusCode.Should()
            .Be(HttpStatusCode.BadRequest);
        (
            await c.Applicant.PostAsJsonAsync(
                $"/api/disputes/{c.Id}/satisfaction",
                new { score = 4, comment = "调解员很耐心" }
            )
        )
            .StatusCode.Should()
            .Be(HttpStatusCode.NoContent);

        var mine = await c.Applicant.GetAsync($"/api/disputes/{c.Id}/satisfaction").OkJsonAsync();
        mine.GetProperty("score").GetInt32().Should().Be(4);
        mine.GetProperty("comment").GetString().Should().Be("调解员很耐心");
        (await c.Respondent.GetAsync($"/api/disputes/{c.Id}/satisfaction").OkJsonAsync())
            .GetProperty("score")
            .ValueKind.Should()
            .Be(JsonValueKind.Null);
    }

    private static async Task<Guid> ObligationAsync(PartyCase c) =>
        (await c.Respondent.GetAsync($"/api/disputes/{c.Id}/obligations").OkJsonAsync())
            .GetProperty("items")[0]
            .GetProperty("id")
            .GetGuid();

    private static Task<HttpResponseMessage> PostWithKeyAsync(HttpClient client, string url, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }
}

public sealed class PerformanceTestsOnSqlite(OutcomesHost<SqliteDatabase> api)
    : PerformanceTests(api),
        IClassFixture<OutcomesHost<SqliteDatabase>>;

public sealed class PerformanceTestsOnPostgres(OutcomesHost<PostgresDatabase> api)
    : PerformanceTests(api),
        IClassFixture<OutcomesHost<PostgresDatabase>>;
