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
