using Mediation.Api.Auth;
using Mediation.Api.Disputes;
using Mediation.Api.Infrastructure;
using Mediation.Api.Infrastructure.Security;

namespace Mediation.Api.Tests.Intake;

public abstract class QueueTests(ApiFactory api)
{
    private static async Task<List<JsonElement>> AllPagesAsync(HttpClient client, string query, int limit)
    {
        var items = new List<JsonElement>();
        string? cursor = null;
        for (var page = 0; page < 50; page++)
        {
            var url =
                $"/api/intake?{query}&limit={limit}"
                + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            var body = await client.GetAsync(url).OkJsonAsync();
            var rows = body.GetProperty("items").EnumerateArray().ToList();
            rows.Count.Should().BeLessThanOrEqualTo(limit);
            items.AddRange(rows);
            if (body.GetProperty("nextCursor").ValueKind == JsonValueKind.Null)
                return items;
            cursor = body.GetProperty("nextCursor").GetString();
        }
        throw new InvalidOperationException("too many pages");
    }

    [Fact]
    public async Task ASupervisorPagesThroughEveryCaseOfTheTownOnceInOrderWithAKeysetCursor()
    {
        var (town, a, b) = await api.NewTownAsync();
        var filed = new List<IntakeHarness.Filed>();
        for (var i = 0; i < 7; i++)
        {
            filed.Add(await api.FileCaseAsync(i % 2 == 0 ? a : b));
            if (i % 3 == 0)
                api.Clock.Advance(TimeSpan.FromSeconds(1)); // some equal timestamps too: the id breaks ties
        }
        var supervisor = await api.NewStaffAsync(town, [StaffRoles.Supervisor]);

        foreach (var sort in new[] { "age", "deadline" })
        {
            var items = await AllPagesAsync(supervisor.Client, $"sort={sort}", 3);
            items
                .Select(i => i.GetProperty("id").GetGuid())
                .Should()
                .BeEquivalentTo(filed.Select(f => f.Id))
                .And.OnlyHaveUniqueItems();
            items.Select(i => i.GetProperty("submittedAt").GetDateTime()).Should().BeInAscendingOrder();
        }

        var first = await supervisor.Client.GetAsync("/api/intake?limit=2").OkJsonAsync();
        first.GetProperty("counts").GetProperty("Submitted").GetInt32().Should().Be(7);
        first.GetProperty("counts").GetProperty("Accepted").GetInt32().Should().Be(0);
        first.GetProperty("countLimit").GetInt32().Should().Be(10000);
        var row = first.GetProperty("items")[0];
        row.GetProperty("caseNumber")
            .ValueKind.Should()
            .Be(JsonValueKind.Null, "a case is numbered when it is accepted");
        row.GetProperty("applicationNumber").GetString().Should().MatchRegex(@"^SQ\d{8}-[0-9A-Z]{8}$");
        row.GetProperty("applicantName").GetString().Should().Be("张三");
        row.GetProperty("overdue").GetBoolean().Should().BeFalse();
        row.GetProperty("hoursWaiting").GetDouble().Should().BeGreaterThanOrEqualTo(0);
        (row.GetProperty("acceptDeadline").GetDateTime() - row.GetProperty("queuedAt").GetDateTime())
            .Should()
            .Be(TimeSpan.FromDays(3));
    }

    [Fact]
    public async Task FiltersNarrowTheQueue()
    {
        var (town, a, b) = await api.NewTownAsync();
        var neighbour = await api.FileCaseAsync(a);
        var contract = await api.FileCaseAsync(b, app =>
        {
            app["typeCode"] = "contract";
            app["respondents"]![0]!["name"] = "赵六";
        });
        var supervisor = await api.NewStaffAsync(town, [StaffRoles.Supervisor]);

        async Task<List<Guid>> Ids(string query) =>
            (await supervisor.Client.GetAsync("/api/intake?" + query).OkJsonAsync())
                .GetProperty("items")
                .EnumerateArray()
                .Select(i => i.GetProperty("id").GetGuid())
                .ToList();

        (await Ids("typeCode=contract")).Should().Equal(contract.Id);
        (await Ids($"bodyId={api.BodyId(a)}")).Should().Equal(neighbour.Id);
        (await Ids($"q={neighbour.ApplicationNumber}")).Should().Equal(neighbour.Id);
        (await Ids("q=赵六")).Should().Equal(contract.Id);
        (await Ids("source=MiniProgram")).Should().HaveCount(2);
        (await Ids("source=CourtReferral")).Should().BeEmpty();
        (await Ids("status=Accepted")).Should().BeEmpty();
        (await Ids("overdue=true")).Should().BeEmpty();
        (await Ids("overdue=false")).Should().HaveCount(2);
        // A bare date in the query is a Beijing day.
        var today = Mediation.Api.Infrastructure.ChinaTime.Date(api.Clock.GetUtcNow().UtcDateTime);
        (await Ids($"submittedFrom={today:yyyy-MM-dd}&submittedTo={today:yyyy-MM-dd}")).Should().HaveCount(2);
        (await Ids($"submittedTo={today.AddDays(-1):yyyy-MM-dd}")).Should().BeEmpty();
    }

    [Fact]
    public async Task BadQueueParametersAreRefusedWith400()
    {
        var intake = await api.NewStaffAsync("WD-ZJC-XC", [StaffRoles.Intake]);
        await (await intake.Client.GetAsync("/api/intake?limit=101")).ShouldBeProblemAsync(
            HttpStatusCode.BadRequest,
            "每页条数"
        );
        await (await intake.Client.GetAsync("/api/intake?cursor=not-a-cursor")).ShouldBeProblemAsync(
            HttpStatusCode.BadRequest,
            "游标"
        );
        await (await intake.Client.GetAsync("/api/intake?sort=size")).ShouldBeProblemAsync(
            HttpStatusCode.BadRequest,
            "排序"
        );
        await (await intake.Client.GetAsync("/api/intake?status=Nonsense")).ShouldBeProblemAsync(
            HttpStatusCode.BadRequest
        );
    }

    [Fact]
    public async Task StaffOfOneBodyGetNotFoundForAnotherBodysCase()
    {
        var (_, a, b) = await api.NewTownAsync();
        var other = await api.FileCaseAsync(b);
        var intakeA = await api.NewStaffAsync(a, [StaffRoles.Intake]);
        var party = api.WithDb(db => db.DisputeParties.First(p => p.DisputeId == other.Id).Id);

        await (await intakeA.Client.GetAsync($"/api/intake/{other.Id}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await intakeA.Client.PostAsync($"/api/intake/{other.Id}/accept")).ShouldBeProblemAsync(
            HttpStatusCode.NotFound
        );
        await (await intakeA.Client.PostAsync($"/api/intake/{other.Id}/claim")).ShouldBeProblemAsync(
            HttpStatusCode.NotFound
        );
        await (
            await intakeA.Client.PostAsync($"/api/intake/{other.Id}/reject", new { reasonCode = "duplicate" })
        ).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await intakeA.Client.PostAsync($"/api/intake/{other.Id}/parties/{party}/reveal")).ShouldBeProblemAsync(
            HttpStatusCode.NotFound
        );
        await (await intakeA.Client.GetAsync($"/api/intake/{other.Id}/notes")).ShouldBeProblemAsync(
            HttpStatusCode.NotFound
        );
        (await intakeA.Client.GetAsync("/api/intake").OkJsonAsync())
            .GetProperty("items")
            .EnumerateArray()
            .Should()
            .BeEmpty();
        api.Status(other.Id).Should().Be("Submitted");
    }

    [Fact]
    public async Task ATownSupervisorSeesItsVillagesCasesAndAnotherTownsDoesNot()
    {
        var (town, a, _) = await api.NewTownAsync();
        var (otherTown, _, _) = await api.NewTownAsync();
        var filed = await api.FileCaseAsync(a);
        var supervisor = await api.NewStaffAsync(town, [StaffRoles.Supervisor]);
        var stranger = await api.NewStaffAsync(otherTown, [StaffRoles.Supervisor]);
        var villageIntake = await api.NewStaffAsync(a, [StaffRoles.Intake]);

        (await supervisor.Client.GetAsync($"/api/intake/{filed.Id}").OkJsonAsync())
            .GetProperty("case")
            .GetProperty("applicationNumber")
            .GetString()
            .Should()
            .Be(filed.ApplicationNumber);
        (await supervisor.Client.GetAsync("/api/intake").OkJsonAsync())
            .GetProperty("items")
            .EnumerateArray()
            .Select(i => i.GetProperty("id").GetGuid())
            .Should()
            .Contain(filed.Id);
        (await villageIntake.Client.GetAsync("/api/intake").OkJsonAsync())
            .GetProperty("items")
            .EnumerateArray()
            .Select(i => i.GetProperty("id").GetGuid())
            .Should()
            .Contain(filed.Id);
        await (await stranger.Client.GetAsync($"/api/intake/{filed.Id}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task MediatorsAdministratorsAndCitizensCannotWorkTheQueue()
    {
        var mediator = await api.NewStaffAsync("WD-ZJC-XC", [StaffRoles.Mediator]);
        var admin = await api.StaffAsync(ApiFactory.AdminUsername, ApiFactory.AdminPassword);
        var citizen = await api.CitizenAsync("q-" + Guid.NewGuid());
        foreach (var client in new[] { mediator.Client, admin, citizen })
            await (await client.GetAsync("/api/intake")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await api.CreateClient().GetAsync("/api/intake")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task TheCaseIsShownMaskedAndEachRevealIsLogged()
    {
        var filed = await api.FileCaseAsync("WD-ZJC-DC");
        var intake = await api.NewStaffAsync("WD-ZJC-DC", [StaffRoles.Intake]);
        var detail = await intake.Client.GetAsync($"/api/intake/{filed.Id}").OkJsonAsync();
        detail.GetRawText().Should().NotContain(Applications.ApplicantId).And.NotContain(Applications.ApplicantPhone);
        var applicant = detail.GetProperty("case").GetProperty("applicant");
        applicant.GetProperty("phone").GetString().Should().Be("138****8000");
        var partyId = applicant.GetProperty("id").GetGuid();

        for (var i = 0; i < 2; i++)
        {
            var revealed = await intake
                .Client.PostAsync($"/api/intake/{filed.Id}/parties/{partyId}/reveal")
                .OkJsonAsync();
            revealed.GetProperty("idNumber").GetString().Should().Be(Applications.ApplicantId);
            revealed.GetProperty("phone").GetString().Should().Be(Applications.ApplicantPhone);
            revealed.GetProperty("address").GetString().Should().Be("山东省威海市文登区张家产镇西村12号");
        }
        var log = api.WithDb(db =>
            db.AuditEntries.Where(a => a.Action == "PersonalDataRevealed" && a.TargetId == partyId.ToString()).ToList()
        );
        log.Should()
            .HaveCount(2)
            .And.OnlyContain(a => a.ActorId == intake.Id && a.Details!.Contains(filed.Id.ToString()));
        var mediator = await api.NewStaffAsync("WD-ZJC-DC", [StaffRoles.Mediator]);
        await (
            await mediator.Client.PostAsync($"/api/intake/{filed.Id}/parties/{partyId}/reveal")
        ).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (
            await intake.Client.PostAsync($"/api/intake/{filed.Id}/parties/{Guid.NewGuid()}/reveal")
        ).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task RelatedCasesOfTheSamePeopleAreListedOnTheRowAndTheDetail()
    {
        var (town, a, b) = await api.NewTownAsync();
        var first = await api.FileCaseAsync(a);
        var second = await api.FileCaseAsync(b); // same applicant ID number and phone, same respondent company
        var unrelated = await api.FileCaseAsync(b, app =>
        {
            app["applicant"]!["idNumber"] = "110101199003074477";
            app["applicant"]!["phone"] = "13511112222";
            app["applicant"]!["birthDate"] = "1990-03-07";
            app["respondents"] = new System.Text.Json.Nodes.JsonArray(
                new System.Text.Json.Nodes.JsonObject
                {
                    ["kind"] = "Person",
                    ["name"] = "钱七",
                    ["phone"] = "13533334444",
                }
            );
        });
        var supervisor = await api.NewStaffAsync(town, [StaffRoles.Supervisor]);

        var detail = await supervisor.Client.GetAsync($"/api/intake/{first.Id}").OkJsonAsync();
        var related = detail.GetProperty("relatedCases").EnumerateArray().ToList();
        related.Select(r => r.GetProperty("id").GetGuid()).Should().Equal(second.Id);
        related[0]
            .GetProperty("matchedBy")
            .EnumerateArray()
            .Select(m => m.GetString())
            .Should()
            .Contain(["idNumber", "phone", "creditCode"]);
        var rows = (await supervisor.Client.GetAsync("/api/intake").OkJsonAsync())
            .GetProperty("items")
            .EnumerateArray()
            .ToList();
        rows.Single(r => r.GetProperty("id").GetGuid() == unrelated.Id)
            .GetProperty("relatedCases")
            .EnumerateArray()
            .Should()
            .BeEmpty();
        rows.Single(r => r.GetProperty("id").GetGuid() == second.Id)
            .GetProperty("relatedCases")
            .EnumerateArray()
            .Select(r => r.GetProperty("applicationNumber").GetString())
            .Should()
            .Equal(first.ApplicationNumber);
    }
}

public sealed class QueueTestsOnSqlite(ApiHost<SqliteDatabase> api)
    : QueueTests(api),
        IClassFixture<ApiHost<SqliteDatabase>>;

public sealed class QueueTestsOnPostgres(ApiHost<PostgresDatabase> api)
    : QueueTests(api),
        IClassFixture<ApiHost<PostgresDatabase>>;
