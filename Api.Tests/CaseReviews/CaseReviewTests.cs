using Mediation.Api.CaseReviews;
using Mediation.Api.Infrastructure.Security;
using Mediation.Api.Tests.Intake;
using Microsoft.Extensions.DependencyInjection;

namespace Mediation.Api.Tests.CaseReviews;

public abstract class CaseReviewTests(OutcomesFactory api)
{
    private const string Body = "WD-ZJC-XC";

    /// <summary>A case of the 新城 committee handled by this mediator: accepted, assigned, failed and, after the
    /// follow-up visit, closed.</summary>
    private async Task<Guid> ClosedCaseAsync(Staff mediator)
    {
        var applicant = await api.CitizenAsync("a-" + Guid.NewGuid());
        var created = await applicant.FileOkAsync(await Applications.ValidAsync(applicant));
        var id = created.GetProperty("id").GetGuid();
        var intake = await api.NewStaffAsync(Body, [StaffRoles.Intake]);
        await intake.Client.PostAsync($"/api/intake/{id}/accept").OkJsonAsync();
        await intake
            .Client.PostAsync($"/api/intake/{id}/assign", new { mediatorIds = new[] { mediator.Id } })
            .OkJsonAsync();
        await mediator
            .Client.PostAsync($"/api/disputes/{id}/failure", new { reasonCode = "respondent-refused" })
            .OkJsonAsync();
        await mediator
            .Client.PostAsync(
                $"/api/disputes/{id}/follow-up",
                new
                {
                    method = "Phone",
                    performanceStatus = "已回访",
                    satisfaction = 4,
                }
            )
            .OkJsonAsync();
        api.Status(id).Should().Be("Closed");
        return id;
    }

    private object Draw(Staff mediator, string method, string? seed = null, int? size = null) =>
        new
        {
            bodyId = api.BodyId(Body),
            from = api.Today().AddDays(-1),
            to = api.Today(),
            drawMethod = method,
            seed,
            size,
            mediatorId = mediator.Id,
        };

    private static List<Guid> CasesOf(JsonElement sample) =>
        sample.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("caseId").GetGuid()).ToList();

    private static object FullMarks(int minutes = 20) =>
        new
        {
            scores = new object[]
            {
                new { itemCode = "registration", points = 15 },
                new { itemCode = "notification", points = 15 },
                new
                {
                    itemCode = "minutes",
                    points = minutes,
                    note = "调解记录缺当事人签名",
                },
                new { itemCode = "agreement", points = 20 },
                new { itemCode = "follow-up", points = 15 },
                new { itemCode = "archiving", points = 15 },
            },
            note = "卷宗基本规范",
        };

    private async Task<(Staff Mediator, Staff Supervisor, JsonElement Review)> ScoredReviewAsync(int minutes = 20)
    {
        var mediator = await api.NewStaffAsync(Body, [StaffRoles.Mediator], "调解员孙");
        var supervisor = await api.NewStaffAsync(Body, [StaffRoles.Supervisor], "所长钱");
        await ClosedCaseAsync(mediator);
        var sample = await supervisor
            .Client.PostAsJsonAsync("/api/case-reviews/samples", Draw(mediator, "Filter"))
            .JsonCreatedAsync();
        var id = sample.GetProperty("cases")[0].GetProperty("id").GetGuid();
        var scored = await supervisor
            .Client.PutAsJsonAsync($"/api/case-reviews/{id}/score", FullMarks(minutes))
            .OkJsonAsync();
        return (mediator, supervisor, scored);
    }

    [Fact]
    public async Task ASampleWithAFixedSeedIsReproducibleAndFollowsTheKeyedHashOfSeedAndCase()
    {
        var mediator = await api.NewStaffAsync(Body, [StaffRoles.Mediator], "调解员周");
        var supervisor = await api.NewStaffAsync(Body, [StaffRoles.Supervisor]);
        var closed = new List<Guid>();
        for (var i = 0; i < 5; i++)
            closed.Add(await ClosedCaseAsync(mediator));

        var first = await supervisor
            .Client.PostAsJsonAsync("/api/case-reviews/samples", Draw(mediator, "Random", "2026-评查-1", 3))
            .JsonCreatedAsync();
        var again = await supervisor
            .Client.PostAsJsonAsync("/api/case-reviews/samples", Draw(mediator, "Random", "2026-评查-1", 3))
            .JsonCreatedAsync();
        var other = await supervisor
            .Client.PostAsJsonAsync("/api/case-reviews/samples", Draw(mediator, "Random", "another seed", 3))
            .JsonCreatedAsync();

        first.GetProperty("candidates").GetInt32().Should().Be(5);
        CasesOf(first).Should().HaveCount(3).And.OnlyHaveUniqueItems().And.BeSubsetOf(closed);
        CasesOf(again).Should().Equal(CasesOf(first), "the same seed over the same cases draws the same sample");
        CasesOf(first).Should().Equal(CaseSampling.Draw("2026-评查-1", closed, 3));
        CasesOf(other).Should().Equal(CaseSampling.Draw("another seed", closed, 3));
        CaseSampling
            .Draw("2026-评查-1", closed.AsEnumerable().Reverse(), 3)
            .Should()
            .Equal(CasesOf(first), "the order the cases come in does not matter");
        var cases = first.GetProperty("cases").EnumerateArray().ToList();
        cases.Should().AllSatisfy(c => c.GetProperty("status").GetString().Should().Be("Pending"));
        cases[0].GetProperty("mediatorIds")[0].GetGuid().Should().Be(mediator.Id);
        cases[0].GetProperty("maxPoints").GetInt32().Should().Be(100);

        var unseeded = await supervisor
            .Client.PostAsJsonAsync("/api/case-reviews/samples", Draw(mediator, "Random", size: 2))
            .JsonCreatedAsync();
        var seed = unseeded.GetProperty("seed").GetString()!;
        CasesOf(unseeded).Should().Equal(CaseSampling.Draw(seed, closed, 2), "the seed chosen is given back");
        var filtered = await supervisor
            .Client.PostAsJsonAsync("/api/case-reviews/samples", Draw(mediator, "Filter"))
            .JsonCreatedAsync();
        CasesOf(filtered).Should().BeEquivalentTo(closed);
        (await supervisor.Client.GetAsync($"/api/case-reviews/samples/{first.GetProperty("id")}").OkJsonAsync())
            .GetProperty("cases")
            .GetArrayLength()
            .Should()
            .Be(3);

        var noSize = await supervisor.Client.PostAsJsonAsync(
            "/api/case-reviews/samples",
            Draw(mediator, "Random", "x")
        );
        await noSize.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "随机抽取请指定抽取件数");
    }

    [Fact]
    public async Task AScoreAboveAnItemsMaximumIsRefusedWithItsFieldPathAndAValidScoreGivesTheTotal()
    {
        var mediator = await api.NewStaffAsync(Body, [StaffRoles.Mediator]);
        var supervisor = await api.NewStaffAsync(Body, [StaffRoles.Supervisor]);
        await ClosedCaseAsync(mediator);
        var sample = await supervisor
            .Client.PostAsJsonAsync("/api/case-reviews/samples", Draw(mediator, "Filter"))
            .JsonCreatedAsync();
        var id = sample.GetProperty("cases")[0].GetProperty("id").GetGuid();

        var tooMany = await supervisor.Client.PutAsJsonAsync($"/api/case-reviews/{id}/score", FullMarks(21));
        await tooMany.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "满分 20 分");
        (await tooMany.Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("errors")
            .TryGetProperty("scores[2].points", out _)
            .Should()
            .BeTrue();
        var partial = await supervisor.Client.PutAsJsonAsync(
            $"/api/case-reviews/{id}/score",
            new { scores = new[] { new { itemCode = "registration", points = 10 } } }
        );
        await partial.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "还有项目未打分");
        var negative = await supervisor.Client.PutAsJsonAsync(
            $"/api/case-reviews/{id}/score",
            new { scores = new[] { new { itemCode = "registration", points = -1 } } }
        );
        await negative.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "得分不能为负数");

        var scored = await supervisor
            .Client.PutAsJsonAsync($"/api/case-reviews/{id}/score", FullMarks(12))
            .OkJsonAsync();

        scored.GetProperty("status").GetString().Should().Be("Scored");
        scored.GetProperty("totalPoints").GetInt32().Should().Be(92);
        scored.GetProperty("percentScore").GetDouble().Should().Be(92.0);
        scored.GetProperty("scores")[2].GetProperty("points").GetInt32().Should().Be(12);
        scored.GetProperty("scores")[2].GetProperty("note").GetString().Should().Be("调解记录缺当事人签名");
        api.WithDb(db => db.AuditEntries.Count(a => a.Action == "CaseReviewScored" && a.TargetId == id.ToString()))
            .Should()
            .Be(1);
    }

    [Fact]
    public async Task AnOverdueRectificationIsChasedOncePerDayUntilTheMediatorReportsItDone()
    {
        var (mediator, supervisor, review) = await ScoredReviewAsync(10);
        var id = review.GetProperty("id").GetGuid();
        async Task<int> ChaseAsync()
        {
            await using var scope = api.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<RectificationChaseJob>().RunAsync(default);
        }
        async Task<int> InboxAsync(string title) =>
            (await mediator.Client.GetAsync("/api/me/notifications").OkJsonAsync())
                .GetProperty("items")
                .EnumerateArray()
                .Count(n => n.GetProperty("title").GetString() == title);

        var past = await supervisor.Client.PostAsync(
            $"/api/case-reviews/{id}/return",
            new { deadline = api.Today().AddDays(-1), reason = "补齐调解记录签名" }
        );
        await past.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "整改期限不能早于今天");
        var returned = await supervisor
            .Client.PostAsync(
                $"/api/case-reviews/{id}/return",
                new { deadline = api.Today().AddDays(2), reason = "补齐调解记录签名" }
            )
            .OkJsonAsync();
        returned.GetProperty("status").GetString().Should().Be("Returned");
        (await InboxAsync("案卷评查：退回整改")).Should().Be(1);

        (await ChaseAsync()).Should().Be(0, "the deadline has not passed");
        api.Clock.Advance(TimeSpan.FromDays(3));
        (await ChaseAsync()).Should().Be(1);
        (await ChaseAsync()).Should().Be(0, "once per day");
        api.Clock.Advance(TimeSpan.FromDays(1));
        (await ChaseAsync()).Should().Be(1, "and again the next day");
        (await InboxAsync("案卷整改已逾期")).Should().Be(2);

        (await supervisor.Client.PostAsync($"/api/case-reviews/{id}/rectified", new { reply = "已补签" }))
            .StatusCode.Should()
            .Be(HttpStatusCode.NotFound, "only the case's mediator reports the rectification");
        var done = await mediator
            .Client.PostAsync($"/api/case-reviews/{id}/rectified", new { reply = "已补签" })
            .OkJsonAsync();
        done.GetProperty("status").GetString().Should().Be("Rectified");
        api.Clock.Advance(TimeSpan.FromDays(1));
        (await ChaseAsync()).Should().Be(0, "a rectification reported done is not chased");

        var rescored = await supervisor
            .Client.PutAsJsonAsync($"/api/case-reviews/{id}/score", FullMarks())
            .OkJsonAsync();
        rescored.GetProperty("totalPoints").GetInt32().Should().Be(100);
        var accepted = await supervisor.Client.PostAsync($"/api/case-reviews/{id}/accept").OkJsonAsync();
        accepted.GetProperty("status").GetString().Should().Be("Accepted");
        await (
            await supervisor.Client.PutAsJsonAsync($"/api/case-reviews/{id}/score", FullMarks())
        ).ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public void TheRectificationChaseRunsEveryMorningInChinaTime()
    {
        using var connection = api.Services.GetRequiredService<Hangfire.JobStorage>().GetConnection();
        var job = Hangfire
            .Storage.StorageConnectionExtensions.GetRecurringJobs(connection)
            .Single(j => j.Id == RectificationChaseJob.RecurringId);
        job.Cron.Should().Be("30 9 * * *");
        job.TimeZoneId.Should().BeOneOf("Asia/Shanghai", "China Standard Time");
    }

    [Fact]
    public async Task QualityScoresAverageThePointsPerMediatorAndCountTheReturned()
    {
        var (first, supervisor, a) = await ScoredReviewAsync(10);
        var (second, _, b) = await ScoredReviewAsync();
        await supervisor
            .Client.PostAsync(
                $"/api/case-reviews/{a.GetProperty("id")}/return",
                new { deadline = api.Today().AddDays(5), reason = "补记录" }
            )
            .OkJsonAsync();

        var report = await supervisor
            .Client.GetAsync(
                $"/api/case-reviews/scores?bodyId={api.BodyId(Body)}&from={api.Today():yyyy-MM-dd}&to={api.Today():yyyy-MM-dd}"
            )
            .OkJsonAsync();

        JsonElement Row(Staff m) =>
            report
                .GetProperty("mediators")
                .EnumerateArray()
                .Single(r => r.GetProperty("mediatorId").GetGuid() == m.Id)
                .GetProperty("quality");
        Row(first).GetProperty("averageScore").GetDouble().Should().Be(90.0);
        Row(first).GetProperty("reviewedCount").GetInt32().Should().Be(1);
        Row(first).GetProperty("returnedCount").GetInt32().Should().Be(1);
        Row(second).GetProperty("averageScore").GetDouble().Should().Be(100.0);
        Row(second).GetProperty("returnedCount").GetInt32().Should().Be(0);
        var body = report
            .GetProperty("bodies")
            .EnumerateArray()
            .Single(r => r.GetProperty("bodyId").GetGuid() == api.BodyId(Body));
        body.GetProperty("quality").GetProperty("reviewedCount").GetInt32().Should().BeGreaterThanOrEqualTo(2);
        report.GetProperty("months").GetArrayLength().Should().BeGreaterThanOrEqualTo(1);
        b.GetProperty("percentScore").GetDouble().Should().Be(100.0);
    }

    [Fact]
    public async Task OtherTownsGet404AndAMediatorSeesOnlyTheReviewsOfTheirOwnCases()
    {
        var (mediator, supervisor, review) = await ScoredReviewAsync();
        var id = review.GetProperty("id").GetGuid();
        var (otherTown, _, _) = await api.NewTownAsync();
        var stranger = await api.NewStaffAsync(otherTown, [StaffRoles.Supervisor]);
        var colleague = await api.NewStaffAsync(Body, [StaffRoles.Mediator]);
        var admin = await api.NewStaffAsync(null, [StaffRoles.Admin]);

        await (
            await stranger.Client.PostAsJsonAsync("/api/case-reviews/samples", Draw(mediator, "Filter"))
        ).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.Client.GetAsync($"/api/case-reviews/{id}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.Client.PutAsJsonAsync($"/api/case-reviews/{id}/score", FullMarks())).ShouldBeProblemAsync(
            HttpStatusCode.NotFound
        );
        await (
            await stranger.Client.GetAsync($"/api/case-reviews/scores?bodyId={api.BodyId(Body)}")
        ).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await colleague.Client.GetAsync($"/api/case-reviews/{id}")).ShouldBeProblemAsync(
            HttpStatusCode.NotFound
        );
        await (
            await mediator.Client.PostAsJsonAsync("/api/case-reviews/samples", Draw(mediator, "Filter"))
        ).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await mediator.Client.PutAsJsonAsync($"/api/case-reviews/{id}/score", FullMarks())).ShouldBeProblemAsync(
            HttpStatusCode.Forbidden
        );

        (await mediator.Client.GetAsync($"/api/case-reviews/{id}").OkJsonAsync())
            .GetProperty("totalPoints")
            .GetInt32()
            .Should()
            .Be(100);
        (await mediator.Client.GetAsync("/api/case-reviews/mine").OkJsonAsync())
            .GetProperty("items")
            .EnumerateArray()
            .Select(r => r.GetProperty("id").GetGuid())
            .Should()
            .Equal(id);
        (await colleague.Client.GetAsync("/api/case-reviews/mine").OkJsonAsync())
            .GetProperty("items")
            .GetArrayLength()
            .Should()
            .Be(0);
        (await admin.Client.GetAsync($"/api/case-reviews/{id}").OkJsonAsync())
            .GetProperty("id")
            .GetGuid()
            .Should()
            .Be(id);
        (await supervisor.Client.GetAsync($"/api/case-reviews/{id}").OkJsonAsync())
            .GetProperty("status")
            .GetString()
            .Should()
            .Be("Scored");
    }
}

public sealed class CaseReviewTestsOnSqlite(OutcomesHost<SqliteDatabase> api)
    : CaseReviewTests(api),
        IClassFixture<OutcomesHost<SqliteDatabase>>;

public sealed class CaseReviewTestsOnPostgres(OutcomesHost<PostgresDatabase> api)
    : CaseReviewTests(api),
        IClassFixture<OutcomesHost<PostgresDatabase>>;
