using Mediation.Api.Auth;
using Mediation.Api.Infrastructure.PersonalData;
using Mediation.Api.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mediation.Api.Tests.Admin;

public abstract class AdminTests(ApiFactory api)
{
    private Task<HttpClient> AdminAsync() => api.StaffAsync(ApiFactory.AdminUsername, ApiFactory.AdminPassword);

    [Fact]
    public async Task AnAdministratorCreatesABodyUnderItsParentAndRenamesIt()
    {
        var admin = await AdminAsync();
        var code = "WD-T" + Random.Shared.Next(1000, 9999);
        var created = await admin.PostAsJsonAsync(
            "/api/admin/bodies",
            new
            {
                code,
                name = "测试镇人民调解委员会",
                level = "Town",
                kind = "PeoplesMediationCommittee",
                parentId = api.BodyId("WD"),
                region = "山东省威海市文登区测试镇",
            }
        );
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = (await created.JsonAsync()).GetProperty("id").GetGuid();

        var updated = await admin
            .PutAsJsonAsync(
                $"/api/admin/bodies/{id}",
                new
                {
                    name = "测试镇调解工作站",
                    level = "Town",
                    kind = "CreditMediationStation",
                    parentId = api.BodyId("WD"),
                    region = "山东省威海市文登区测试镇",
                    active = true,
                }
            )
            .OkJsonAsync();

        updated.GetProperty("name").GetString().Should().Be("测试镇调解工作站");
        updated.GetProperty("code").GetString().Should().Be(code);
        var all = await admin.GetAsync("/api/admin/bodies").OkJsonAsync();
        all.EnumerateArray().Should().Contain(b => b.GetProperty("id").GetGuid() == id);
        api.WithDb(db => db.AuditEntries.Count(a => a.TargetId == id.ToString())).Should().Be(2);
    }

    [Fact]
    public async Task ABodyCodeIsUniqueAndAParentCannotBeBelowOrInsideTheBody()
    {
        var admin = await AdminAsync();
        var duplicate = await admin.PostAsJsonAsync(
            "/api/admin/bodies",
            new
            {
                code = "WD",
                name = "重复",
                level = "County",
                kind = "PeoplesMediationCommittee",
                parentId = api.BodyId("WH"),
            }
        );
        await duplicate.ShouldBeProblemAsync(HttpStatusCode.Conflict, "已存在");

        var villageAsParent = await admin.PostAsJsonAsync(
            "/api/admin/bodies",
            new
            {
                code = "X" + Random.Shared.Next(1000, 9999),
                name = "镇",
                level = "Town",
                kind = "PeoplesMediationCommittee",
                parentId = api.BodyId("WD-ZJC-XC"),
            }
        );
        await villageAsParent.ShouldBeProblemAsync(HttpStatusCode.Conflict, "层级");

        var cycle = await admin.PutAsJsonAsync(
            $"/api/admin/bodies/{api.BodyId("WD")}",
            new
            {
                name = "文登区信用调解委员会",
                level = "County",
                kind = "CreditMediationStation",
                parentId = api.BodyId("WD-ZJC"),
                region = "",
                active = true,
            }
        );
        await cycle.ShouldBeProblemAsync(HttpStatusCode.Conflict);

        var invalid = await admin.PostAsJsonAsync(
            "/api/admin/bodies",
            new
            {
                code = "bad code",
                name = "",
                level = "Town",
            }
        );
        await invalid.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "组织代码");
    }

    [Fact]
    public async Task AnAdministratorCreatesAMediatorWhosePhoneIsEncryptedAndWhoCanLogIn()
    {
        var admin = await AdminAsync();
        var username = "med" + Random.Shared.Next(100000, 999999);
        var created = await admin.PostAsJsonAsync(
            "/api/admin/staff",
            new
            {
                username,
                password = "Long-enough-pass-1",
                displayName = "王调解",
                phone = "13612345678",
                roles = new[] { "Mediator" },
                bodyId = api.BodyId("WD-ZJC"),
                active = true,
                mediator = new
                {
                    typeCodes = new[] { "neighbourhood", "contract" },
                    maxOpenCases = 5,
                    idNumber = Applications.RespondentId,
                },
            }
        );
        var text = await created.Content.ReadAsStringAsync();
        created.StatusCode.Should().Be(HttpStatusCode.Created, text);
        text.Should()
            .Contain("136****5678")
            .And.NotContain("13612345678")
            .And.NotContainEquivalentOf("passwordHash")
            .And.NotContain(Applications.RespondentId);
        var body = await created.JsonAsync();
        body.GetProperty("mediator").GetProperty("maxOpenCases").GetInt32().Should().Be(5);

        var stored = api.WithDb(db => db.StaffUsers.AsNoTracking().Single(s => s.Username == username));
        var protector = api.Services.GetRequiredService<PersonalDataProtector>();
        stored.PhoneCipher.Should().NotContain("136");
        protector.Unprotect(stored.PhoneCipher!).Should().Be("13612345678");
        stored.PhoneHash.Should().Be(protector.Hash("13612345678"));
        (await api.CreateClient().PostAsJsonAsync("/api/auth/staff", new { username, password = "Long-enough-pass-1" }))
            .StatusCode.Should()
            .Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task StaffAccountsAreValidatedAndUsernamesAreUnique()
    {
        var admin = await AdminAsync();
        var shortPassword = await admin.PostAsJsonAsync(
            "/api/admin/staff",
            new
            {
                username = "shorty1",
                password = "short",
                displayName = "甲",
                roles = new[] { "Intake" },
                bodyId = api.BodyId("WD"),
                active = true,
            }
        );
        await shortPassword.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "密码至少12个字符");
        var noBody = await admin.PostAsJsonAsync(
            "/api/admin/staff",
            new
            {
                username = "nobody1",
                password = "Long-enough-pass-1",
                displayName = "乙",
                roles = new[] { "Intake" },
                active = true,
            }
        );
        await noBody.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "须归属一个调解组织");
        var badRole = await admin.PostAsJsonAsync(
            "/api/admin/staff",
            new
            {
                username = "badrole1",
                password = "Long-enough-pass-1",
                displayName = "丙",
                roles = new[] { "Boss" },
                bodyId = api.BodyId("WD"),
                active = true,
            }
        );
        await badRole.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "角色");
        var taken = await admin.PostAsJsonAsync(
            "/api/admin/staff",
            new
            {
                username = ApiFactory.AdminUsername,
                password = "Long-enough-pass-1",
                displayName = "丁",
                roles = new[] { "Admin" },
                active = true,
            }
        );
        await taken.ShouldBeProblemAsync(HttpStatusCode.Conflict, "已存在");
    }

    [Fact]
    public async Task APasswordResetUnlocksTheAccountAndTheOldPasswordStopsWorking()
    {
        var admin = await AdminAsync();
        var intake = await api.NewStaffAsync("WD", [StaffRoles.Intake]);
        await api.WithDbAsync(async db =>
        {
            var s = db.StaffUsers.Single(x => x.Id == intake.Id);
            s.LockedUntil = DateTime.UtcNow.AddHours(1);
            await db.SaveChangesAsync();
        });

        var reset = await admin.PostAsJsonAsync(
            $"/api/admin/staff/{intake.Id}/password",
            new { password = "Brand-new-pass-2026" }
        );

        reset.StatusCode.Should().Be(HttpStatusCode.NoContent);
        (
            await api.CreateClient()
                .PostAsJsonAsync(
                    "/api/auth/staff",
                    new { username = intake.Username, password = IntakeHarness.Password }
                )
        )
            .StatusCode.Should()
            .Be(HttpStatusCode.Unauthorized);
        (
            await api.CreateClient()
                .PostAsJsonAsync(
                    "/api/auth/staff",
                    new { username = intake.Username, password = "Brand-new-pass-2026" }
                )
        )
            .StatusCode.Should()
            .Be(HttpStatusCode.OK);
        var fetched = await admin.GetAsync($"/api/admin/staff/{intake.Id}").OkJsonAsync();
        fetched.GetProperty("locked").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task AnAdministratorDeactivatesStaffAndChangesTheirRoles()
    {
        var admin = await AdminAsync();
        var intake = await api.NewStaffAsync("WD-ZJC", [StaffRoles.Intake]);
        var updated = await admin
            .PutAsJsonAsync(
                $"/api/admin/staff/{intake.Id}",
                new
                {
                    displayName = "改名",
                    roles = new[] { "Intake", "Supervisor" },
                    bodyId = api.BodyId("WD-ZJC"),
                    active = false,
                }
            )
            .OkJsonAsync();

        updated.GetProperty("active").GetBoolean().Should().BeFalse();
        updated.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).Should().Equal("Intake", "Supervisor");
        (
            await api.CreateClient()
                .PostAsJsonAsync(
                    "/api/auth/staff",
                    new { username = intake.Username, password = IntakeHarness.Password }
                )
        )
            .StatusCode.Should()
            .Be(HttpStatusCode.Unauthorized);
        var list = await admin.GetAsync($"/api/admin/staff?bodyId={api.BodyId("WD-ZJC")}").OkJsonAsync();
        list.EnumerateArray().Should().Contain(s => s.GetProperty("id").GetGuid() == intake.Id);
        (
            await admin.PutAsJsonAsync(
                $"/api/admin/staff/{Guid.NewGuid()}",
                new
                {
                    displayName = "x",
                    roles = new[] { "Admin" },
                    active = true,
                }
            )
        ).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task IntakeStaffAndCitizensCannotCallAdminEndpoints()
    {
        var intake = await api.NewStaffAsync("WD", [StaffRoles.Intake, StaffRoles.Supervisor]);
        var citizen = await api.CitizenAsync("adm-" + Guid.NewGuid());

        foreach (var client in new[] { intake.Client, citizen })
        {
            await (await client.GetAsync("/api/admin/bodies")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
            await (await client.GetAsync("/api/admin/staff")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
            await (await client.PostAsJsonAsync("/api/admin/staff", new { username = "x" })).ShouldBeProblemAsync(
                HttpStatusCode.Forbidden
            );
            await (
                await client.PostAsJsonAsync(
                    $"/api/admin/staff/{intake.Id}/password",
                    new { password = "whatever-long-1" }
                )
            ).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        }
        await (await api.CreateClient().GetAsync("/api/admin/bodies")).ShouldBeProblemAsync(
            HttpStatusCode.Unauthorized
        );
    }
}

public sealed class AdminTestsOnSqlite(ApiHost<SqliteDatabase> api)
    : AdminTests(api),
        IClassFixture<ApiHost<SqliteDatabase>>;

public sealed class AdminTestsOnPostgres(ApiHost<PostgresDatabase> api)
    : AdminTests(api),
        IClassFixture<ApiHost<PostgresDatabase>>;
