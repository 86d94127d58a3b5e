using Mediation.Api.Infrastructure.Security;
using Mediation.Api.Mediators;
using Microsoft.Extensions.DependencyInjection;

namespace Mediation.Api.Tests.Mediators;

/// <summary>The register (名册): kept by supervisors of the mediator's body and by administrators, validated, audited,
/// and watched for certificates and terms about to end.</summary>
public abstract partial class RegisterTests(ApiFactory api)
{
    private object Register(DateOnly? certificateUntil = null, DateOnly? termEnds = null) =>
        new
        {
            typeCodes = new[] { "neighbourhood", "marriage-family" },
            register = new
            {
                fullTime = true,
                level = "First",
                certificateNumber = "鲁调证(2026)0001",
                certificateValidUntil = certificateUntil ?? api.Today().AddYears(3),
                languages = new[] { "胶东话", "普通话" },
                termEndsOn = termEnds ?? api.Today().AddYears(2),
                introduction = "擅长婚姻家庭和邻里纠纷。",
                servingSince = 2015,
            },
        };

    [Fact]
    public async Task ASupervisorKeepsTheRegisterOfAMediatorInTheirTownAndTheChangeIsAudited()
    {
        var (town, village, _) = await api.NewTownAsync();
        var supervisor = await api.NewStaffAsync(town, [StaffRoles.Supervisor]);
        var mediator = await api.NewMediatorAsync(village, "孙调解");

        var saved = await supervisor
            .Client.PutAsJsonAsync($"/api/mediators/{mediator.Id}/register", Register())
            .OkJsonAsync();

        saved
            .GetProperty("typeCodes")
            .EnumerateArray()
            .Select(t => t.GetString())
            .Should()
            .Equal("neighbourhood", "marriage-family");
        var register = (
            await supervisor.Client.GetAsync($"/api/mediators/{mediator.Id}/register").OkJsonAsync()
        ).GetProperty("register");
        register.GetProperty("level").GetString().Should().Be("First");
        register.GetProperty("fullTime").GetBoolean().Should().BeTrue();
        register.GetProperty("certificateNumber").GetString().Should().Be("鲁调证(2026)0001");
        register
            .GetProperty("languages")
            .EnumerateArray()
            .Select(l => l.GetString())
            .Should()
            .Equal("胶东话", "普通话");
        register.GetProperty("servingSince").GetInt32().Should().Be(2015);
        api.WithDb(db =>
                db.AuditEntries.Count(a =>
                    a.Action == "MediatorRegisterUpdated"
                    && a.TargetId == mediator.Id.ToString()
                    && a.ActorId == supervisor.Id
                )
            )
            .Should()
            .Be(1);
        var listed = await api.CreateClient().GetAsync($"/api/mediators?bodyId={api.BodyId(village)}").OkJsonAsync();
        listed[0].GetProperty("introduction").GetString().Should().Be("擅长婚姻家庭和邻里纠纷。");
    }

    [Fact]
    public async Task ASupervisorOfAnotherTownGetsNotFoundAndAMediatorIsForbidden()
    {
        var (_, village, _) = await api.NewTownAsync();
        var (otherTown, _, _) = await api.NewTownAsync();
        var stranger = await api.NewStaffAsync(otherTown, [StaffRoles.Supervisor]);
        var mediator = await api.NewMediatorAsync(village, "周调解");

        (await stranger.Client.PutAsJsonAsync($"/api/mediators/{mediator.Id}/register", Register()))
            .StatusCode.Should()
            .Be(HttpStatusCode.NotFound);
        (await mediator.Client.PutAsJsonAsync($"/api/mediators/{mediator.Id}/register", Register()))
            .StatusCode.Should()
            .Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task AnAdministratorWritesTheRegisterWithTheStaffAccount()
    {
        var admin = await api.StaffAsync(ApiFactory.AdminUsername, ApiFactory.AdminPassword);
        var (_, village, _) = await api.NewTownAsync();
        var mediator = await api.NewMediatorAsync(village, "吴调解");

        var updated = await admin
            .PutAsJsonAsync(
                $"/api/admin/staff/{mediator.Id}",
                new
                {
                    displayName = "吴调解",
                    roles = new[] { "Mediator" },
                    bodyId = api.BodyId(village),
                    active = true,
                    mediator = new
                    {
                        typeCodes = new[] { "labour" },
                        maxOpenCases = 5,
                        register = new
                        {
                            fullTime = false,
                            level = "Chief",
                            termEndsOn = api.Today().AddYears(1),
                        },
                    },
                }
            )
            .OkJsonAsync();

        var register = updated.GetProperty("mediator").GetProperty("register");
        register.GetProperty("level").GetString().Should().Be("Chief");
        register.GetProperty("fullTime").GetBoolean().Should().BeFalse();
        var entry = (await api.CreateClient().GetAsync($"/api/mediators?bodyId={api.BodyId(village)}").OkJsonAsync())[
            0
        ];
        entry.GetProperty("level").GetString().Should().Be("Chief");
        entry.GetProperty("specialties")[0].GetString().Should().Be("labour");
    }

    [Fact]
    public async Task InvalidRegisterFieldsAreAProblemWithTheirFieldPaths()
    {
        var (town, village, _) = await api.NewTownAsync();
        var supervisor = await api.NewStaffAsync(town, [StaffRoles.Supervisor]);
        var mediator = await api.NewMediatorAsync(village, "郑调解");

        var response = await supervisor.Client.PutAsJsonAsync(
            $"/api/mediators/{mediator.Id}/register",
            new
            {
                typeCodes = new[] { "nonsense" },
                register = new
                {
                    certificateNumber = "C-1",
                    languages = new[] { new string('话', 21) },
                    servedBodyIds = new[] { Guid.NewGuid() },
                    introduction = new string('介', 501),
                    servingSince = api.Today().Year + 1,
                },
            }
        );

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var errors = (await response.JsonAsync()).GetProperty("errors");
        errors.GetProperty("typeCodes[0]")[0].GetString().Should().Be("纠纷类型不存在：nonsense");
        errors.GetProperty("register.certificateValidUntil")[0].GetString().Should().Be("请填写证书有效期");
        errors.GetProperty("register.languages[0]")[0].GetString().Should().Be("每项语言或方言不能超过20个字");
        errors.GetProperty("register.servedBodyIds[0]")[0].GetString().Should().StartWith("调解组织不存在或已停用");
        errors.GetProperty("register.introduction")[0].GetString().Should().Be("简介不能超过500个字");
        errors
            .GetProperty("register.servingSince")[0]
            .GetString()
            .Should()
            .Be("开始从事调解工作的年份应在1950年至今年之间");
        api.WithDb(db =>
                db.AuditEntries.Count(a =>
                    a.Action == "MediatorRegisterUpdated" && a.TargetId == mediator.Id.ToString()
                )
            )
            .Should()
            .Be(0);
    }

    [Fact]
    public async Task ACertificateOrTermEndingWithinThirtyDaysAlertsTheSupervisorAboveOnceEach()
    {
        var (town, village, _) = await api.NewTownAsync();
        var supervisor = await api.NewStaffAsync(town, [StaffRoles.Supervisor]);
        var mediator = await api.NewMediatorAsync(village, "钱调解");
        await supervisor
            .Client.PutAsJsonAsync(
                $"/api/mediators/{mediator.Id}/register",
                Register(certificateUntil: api.Today().AddDays(40), termEnds: api.Today().AddDays(10))
            )
            .OkJsonAsync();

        async Task<int> RunAsync()
        {
            await using var scope = api.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<RegisterExpiryJob>().RunAsync(CancellationToken.None);
        }
        (await RunAsync()).Should().Be(1, "the term ends in 10 days; the certificate in 40");
        (await RunAsync()).Should().Be(0, "once");
        api.Clock.Advance(TimeSpan.FromDays(11));
        (await RunAsync()).Should().Be(1, "the certificate now ends in 29 days");
        (await RunAsync()).Should().Be(0, "once");

        var inbox = await (await api.StaffAsync(supervisor.Username, IntakeHarness.Password))
            .GetAsync("/api/me/notifications")
            .OkJsonAsync();
        var alerts = inbox
            .GetProperty("items")
            .EnumerateArray()
            .Where(n => n.GetProperty("kind").GetString() == "MediatorRegisterExpiring")
            .Select(n => n.GetProperty("title").GetString() + n.GetProperty("body").GetString())
            .ToList();
        alerts.Should().HaveCount(2);
        alerts.Should().ContainSingle(a => a.Contains("任期即将届满") && a.Contains("钱调解"));
        alerts.Should().ContainSingle(a => a.Contains("证书即将到期") && a.Contains("鲁调证(2026)0001"));
    }
}

public sealed class RegisterTestsOnSqlite(ApiHost<SqliteDatabase> api)
    : RegisterTests(api),
        IClassFixture<ApiHost<SqliteDatabase>>;

public sealed class RegisterTestsOnPostgres(ApiHost<PostgresDatabase> api)
    : RegisterTests(api),
        IClassFixture<ApiHost<PostgresDatabase>>;
