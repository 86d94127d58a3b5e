using Mediation.Api.Auth;
using Mediation.Api.Infrastructure.Security;

namespace Mediation.Api.Tests.Mediators;

/// <summary>The directory citizens choose a mediator from (人民调解法 art. 19, 23), and its recommendations.</summary>
public abstract class DirectoryTests(ApiFactory api)
{
    [Fact]
    public async Task AnyoneReadsTheDirectoryWithTheRegisterButNeverAPhoneAnIdNumberAUsernameOrTheCertificateNumber()
    {
        var (_, village, _) = await api.NewTownAsync();
        var mediator = await api.NewMediatorAsync(
            village,
            "刘调解",
            typeCodes: ["neighbourhood"],
            phone: "13612345678",
            idNumber: Applications.RespondentId
        );
        await api.SetProfileAsync(mediator.Id, p =>
        {
            p.FullTime = false;
            p.Level = MediatorLevel.Second;
            p.CertificateNumber = "鲁调证2026-0042";
            p.CertificateValidUntil = api.Today().AddYears(2);
            p.Languages = ["胶东话"];
            p.Introduction = "从事邻里纠纷调解十余年。";
            p.ServingSince = api.Today().Year - 12;
        });

        var response = await api.CreateClient().GetAsync($"/api/mediators?bodyId={api.BodyId(village)}");

        var raw = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, raw);
        raw.Should()
            .NotContain("13612345678")
            .And.NotContain(Applications.RespondentId)
            .And.NotContain(mediator.Username)
            .And.NotContain("鲁调证")
            .And.NotContain("*", "not even masked")
            .And.NotContainAny("phone", "idNumber", "username", "certificate");
        var entry = JsonDocument.Parse(raw).RootElement.EnumerateArray().Single();
        entry.GetProperty("id").GetGuid().Should().Be(mediator.Id);
        entry.GetProperty("displayName").GetString().Should().Be("刘调解");
        entry.GetProperty("bodyId").GetGuid().Should().Be(api.BodyId(village));
        entry.GetProperty("bodyName").GetString().Should().EndWith("甲村");
        entry.GetProperty("specialties").EnumerateArray().Select(s => s.GetString()).Should().Equal("neighbourhood");
        entry.GetProperty("level").GetString().Should().Be("Second");
        entry.GetProperty("fullTime").GetBoolean().Should().BeFalse();
        entry.GetProperty("years").GetInt32().Should().Be(12);
        entry.GetProperty("languages")[0].GetString().Should().Be("胶东话");
        entry.GetProperty("introduction").GetString().Should().Be("从事邻里纠纷调解十余年。");
        entry.GetProperty("rating").GetProperty("count").GetInt32().Should().Be(0);
        entry.GetProperty("rating").GetProperty("average").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task TheDirectoryHidesInactiveAccountsExpiredCertificatesEndedTermsAndStaffWhoAreNotMediators()
    {
        var (_, village, other) = await api.NewTownAsync();
        var listed = await api.NewMediatorAsync(village, "在册");
        var lastDay = await api.NewMediatorAsync(village, "证书今日到期");
        await api.SetProfileAsync(lastDay.Id, p =>
        {
            p.CertificateNumber = "C1";
            p.CertificateValidUntil = api.Today();
            p.TermEndsOn = api.Today();
        });
        var inactive = await api.NewMediatorAsync(village, "已停用");
        await api.DeactivateAsync(inactive.Id);
        var expired = await api.NewMediatorAsync(village, "证书过期");
        await api.SetProfileAsync(expired.Id, p =>
        {
            p.CertificateNumber = "C2";
            p.CertificateValidUntil = api.Today().AddDays(-1);
        });
        var ended = await api.NewMediatorAsync(village, "任期届满");
        await api.SetProfileAsync(ended.Id, p => p.TermEndsOn = api.Today().AddDays(-1));
        await api.NewStaffAsync(village, [StaffRoles.Intake], "受理员");
        var visitor = await api.NewMediatorAsync(other, "兼任本村");
        await api.SetProfileAsync(visitor.Id, p => p.ServedBodyIds = [api.BodyId(village)]);

        var list = await api.CreateClient().GetAsync($"/api/mediators?bodyId={api.BodyId(village)}").OkJsonAsync();

        list.Ids().Should().BeEquivalentTo([listed.Id, lastDay.Id, visitor.Id]);
        list.EnumerateArray()
            .Single(m => m.GetProperty("id").GetGuid() == visitor.Id)
            .GetProperty("bodyId")
            .GetGuid()
            .Should()
            .Be(api.BodyId(other), "a mediator serving another body is shown with their own");
    }

    [Fact]
    public async Task ATypeFilterKeepsTheSpecialistsOfThatTypeAndThoseWhoTakeEveryType()
    {
        var (_, village, _) = await api.NewTownAsync();
        var neighbours = await api.NewMediatorAsync(village, "邻里", typeCodes: ["neighbourhood"]);
        var everyType = await api.NewMediatorAsync(village, "全能");
        await api.NewMediatorAsync(village, "劳动", typeCodes: ["labour"]);

        var list = await api.CreateClient()
            .GetAsync($"/api/mediators?bodyId={api.BodyId(village)}&typeCode=neighbourhood")
            .OkJsonAsync();

        list.Ids().Should().BeEquivalentTo([neighbours.Id, everyType.Id]);
    }

    [Fact]
    public async Task AnUnknownTypeOrBodyIsAValidationProblemNamingTheParameter()
    {
        var response = await api.CreateClient()
            .GetAsync($"/api/mediators/recommendations?bodyId={Guid.NewGuid()}&typeCode=nonsense");

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var errors = (await response.JsonAsync()).GetProperty("errors");
        errors.GetProperty("typeCode")[0].GetString().Should().Be("纠纷类型不存在：nonsense");
        errors.GetProperty("bodyId")[0].GetString().Should().Be("调解组织不存在或已停用");

        // A NUL never reaches the database (PostgreSQL would refuse it with an error, not an empty answer).
        var nul = await api.CreateClient().GetAsync("/api/mediators?typeCode=%00");
        await nul.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        (await nul.JsonAsync())
            .GetProperty("errors")
            .GetProperty("typeCode")[0]
            .GetString()
            .Should()
            .Contain("控制字符");
    }

    [Fact]
    public async Task RecommendationsAreAtMostThreeRankedBySpecialtyThenLoadThenRatingAndNeverAFullMediator()
    {
        var (_, village, _) = await api.NewTownAsync();
        var intake = await api.NewStaffAsync(village, [StaffRoles.Intake]);
        var idleSpecialist = await api.NewMediatorAsync(village, "专长空闲", typeCodes: ["neighbourhood"]);
        var busySpecialist = await api.NewMediatorAsync(village, "专长半满", 2, ["neighbourhood"]);
        var fullSpecialist = await api.NewMediatorAsync(village, "专长已满", 1, ["neighbourhood"]);
        var ratedGeneralist = await api.NewMediatorAsync(village, "全能好评");
        await api.NewMediatorAsync(village, "全能未评");
        await api.NewMediatorAsync(village, "劳动专长", typeCodes: ["labour"]);
        await api.AssignCaseAsync(intake, village, busySpecialist.Id);
        await api.AssignCaseAsync(intake, village, fullSpecialist.Id);
        await api.RateAsync(village, ratedGeneralist.Id, 5);
        await api.RateAsync(village, ratedGeneralist.Id, 4);

        var recommended = await api.CreateClient()
            .GetAsync($"/api/mediators/recommendations?bodyId={api.BodyId(village)}&typeCode=neighbourhood")
            .OkJsonAsync();

        recommended.Ids().Should().Equal(idleSpecialist.Id, busySpecialist.Id, ratedGeneralist.Id);
        var rating = recommended[2].GetProperty("rating");
        rating.GetProperty("average").GetDouble().Should().Be(4.5);
        rating.GetProperty("count").GetInt32().Should().Be(2);
        var directory = await api.CreateClient().GetAsync($"/api/mediators?bodyId={api.BodyId(village)}").OkJsonAsync();
        directory.Ids().Should().Contain(fullSpecialist.Id, "a full mediator stays in the directory");
    }
}

public sealed class DirectoryTestsOnSqlite(ApiHost<SqliteDatabase> api)
    : DirectoryTests(api),
        IClassFixture<ApiHost<SqliteDatabase>>;

public sealed class DirectoryTestsOnPostgres(ApiHost<PostgresDatabase> api)
    : DirectoryTests(api),
        IClassFixture<ApiHost<PostgresDatabase>>;
