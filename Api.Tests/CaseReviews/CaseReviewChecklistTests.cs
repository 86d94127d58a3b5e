using Mediation.Api.CaseReviews;
using Mediation.Api.Infrastructure.Security;
using Mediation.Api.Tests.Intake;

namespace Mediation.Api.Tests.CaseReviews;

public abstract class CaseReviewChecklistTests(ApiFactory api)
{
    [Fact]
    public async Task TheSeededChecklistHasTheSixHeadingsAndOnlyAnAdministratorSavesAValidNewVersion()
    {
        var supervisor = await api.NewStaffAsync("WD-ZJC-XC", [StaffRoles.Supervisor]);
        var admin = await api.NewStaffAsync(null, [StaffRoles.Admin]);

        var seeded = await supervisor.Client.GetAsync("/api/case-reviews/checklist").OkJsonAsync();
        seeded.GetProperty("version").GetInt32().Should().Be(1);
        seeded.GetProperty("maxPoints").GetInt32().Should().Be(100);
        seeded
            .GetProperty("items")
            .EnumerateArray()
            .Select(i => i.GetProperty("title").GetString())
            .Should()
            .Equal(
                "受理登记完整",
                "告知到位",
                "调解记录完整",
                "协议要素齐全（人民调解法第二十九条）",
                "回访记录",
                "卷宗归档规范"
            );

        var items = new[]
        {
            new
            {
                code = "registration",
                title = "受理登记完整",
                maxPoints = 50,
            },
            new
            {
                code = "archiving",
                title = "卷宗归档规范",
                maxPoints = 50,
            },
        };
        await (
            await supervisor.Client.PutAsJsonAsync("/api/case-reviews/checklist", new { items })
        ).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var invalid = await admin.Client.PutAsJsonAsync(
            "/api/case-reviews/checklist",
            new
            {
                items = new[]
                {
                    new
                    {
                        code = "registration",
                        title = "",
                        maxPoints = 0,
                    },
                },
            }
        );
        await invalid.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "该项满分应在 1 到 100 分之间");
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        errors.TryGetProperty("items[0].maxPoints", out _).Should().BeTrue(errors.ToString());
        errors.TryGetProperty("items[0].title", out _).Should().BeTrue(errors.ToString());
        await (
            await admin.Client.PutAsJsonAsync(
                "/api/case-reviews/checklist",
                new { items = new[] { items[0], items[0] } }
            )
        ).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "评查项目代码不能重复");

        var saved = await admin.Client.PutAsJsonAsync("/api/case-reviews/checklist", new { items }).OkJsonAsync();

        saved.GetProperty("version").GetInt32().Should().Be(2);
        (await supervisor.Client.GetAsync("/api/case-reviews/checklist").OkJsonAsync())
            .GetProperty("items")
            .GetArrayLength()
            .Should()
            .Be(2);
        api.WithDb(db => db.AuditEntries.Count(a => a.Action == "ReviewChecklistChanged")).Should().Be(1);
    }
}

public sealed class CaseReviewChecklistTestsOnSqlite(ApiHost<SqliteDatabase> api)
    : CaseReviewChecklistTests(api),
        IClassFixture<ApiHost<SqliteDatabase>>;

public sealed class CaseReviewChecklistTestsOnPostgres(ApiHost<PostgresDatabase> api)
    : CaseReviewChecklistTests(api),
        IClassFixture<ApiHost<PostgresDatabase>>;

/// <summary>Its own hosts: the checklist is one for the whole service, and these saves replace it many times.</summary>
public abstract class CaseReviewChecklistConcurrencyTests(ApiFactory api)
{
    [Fact]
    public async Task ConcurrentSavesOfTheChecklistAnswerSavedOr409AndLeaveAnUnbrokenRunOfVersions()
    {
        var admins = new List<Staff>();
        for (var n = 0; n < 6; n++)
            admins.Add(await api.NewStaffAsync(null, [StaffRoles.Admin]));
        var before = (await admins[0].Client.GetAsync("/api/case-reviews/checklist").OkJsonAsync())
            .GetProperty("version")
            .GetInt32();
        var audited = api.WithDb(db => db.AuditEntries.Count(a => a.Action == "ReviewChecklistChanged"));

        var outcomes = new List<(HttpStatusCode Status, JsonElement Body, string Title)>();
        for (var round = 0; round < 3; round++)
        {
            var sends = admins.Select(
                async (admin, n) =>
                {
                    var title = $"受理登记完整（第 {round} 轮，管理员 {n}）";
                    var response = await admin.Client.PutAsJsonAsync(
                        "/api/case-reviews/checklist",
                        new
                        {
                            items = new[]
                            {
                                new
                                {
                                    code = "registration",
                                    title,
                                    maxPoints = 60,
                                },
                                new
                                {
                                    code = "archiving",
                                    title = "卷宗归档规范",
                                    maxPoints = 40,
                                },
                            },
                        }
                    );
                    var body = await response.Content.ReadFromJsonAsync<JsonElement>();
                    return (response.StatusCode, body, title);
                }
            );
            outcomes.AddRange(await Task.WhenAll(sends));
        }

        outcomes
            .Select(o => o.Status)
            .Should()
            .OnlyContain(
                s => s == HttpStatusCode.OK || s == HttpStatusCode.Conflict,
                "a lost race is a 409, never a 500"
            );
        foreach (var lost in outcomes.Where(o => o.Status == HttpStatusCode.Conflict))
            lost.Body.GetProperty("code").GetString().Should().Be("concurrent-change");
        var saved = outcomes.Where(o => o.Status == HttpStatusCode.OK).ToList();
        saved.Count.Should().BeGreaterThanOrEqualTo(3, "each round stores at least one save");
        var versions = saved.Select(o => o.Body.GetProperty("version").GetInt32()).Order().ToList();
        versions.Should().Equal(Enumerable.Range(before + 1, saved.Count), "versions run on without gap or repeat");
        api.WithDb(db =>
                db.ReviewChecklists.Where(c => c.Version > before).Select(c => c.Version).OrderBy(v => v).ToList()
            )
            .Should()
            .Equal(versions, "every version answered is stored, and nothing else");
        var latest = saved.MaxBy(o => o.Body.GetProperty("version").GetInt32());
        var current = await admins[0].Client.GetAsync("/api/case-reviews/checklist").OkJsonAsync();
        current.GetProperty("version").GetInt32().Should().Be(before + saved.Count);
        current.GetProperty("items")[0].GetProperty("title").GetString().Should().Be(latest.Title);
        api.WithDb(db => db.AuditEntries.Count(a => a.Action == "ReviewChecklistChanged"))
            .Should()
            .Be(audited + saved.Count, "a save that lost the race leaves no audit entry");
    }
}

public sealed class CaseReviewChecklistConcurrencyTestsOnSqlite(ApiHost<SqliteDatabase> api)
    : CaseReviewChecklistConcurrencyTests(api),
        IClassFixture<ApiHost<SqliteDatabase>>;

public sealed class CaseReviewChecklistConcurrencyTestsOnPostgres(ApiHost<PostgresDatabase> api)
    : CaseReviewChecklistConcurrencyTests(api),
        IClassFixture<ApiHost<PostgresDatabase>>;
