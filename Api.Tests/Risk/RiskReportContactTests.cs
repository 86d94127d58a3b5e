using Mediation.Api.Tests.Sessions;

namespace Mediation.Api.Tests.Risk;

/// <summary>人民调解法 art. 25: a major risk is reported at once outside the committee, to the police liaison and the
/// comprehensive-governance centre, by SMS; a report that goes up tells the next level's own contacts.</summary>
public abstract class RiskReportContactTests(SessionsFactory api)
{
    private const string Threat = "再不解决我就跟他同归于尽。";

    private async Task<HttpClient> AdminAsync() =>
        await api.StaffAsync(ApiFactory.AdminUsername, ApiFactory.AdminPassword);

    private static object Contacts(
        string police,
        string policePhone,
        string? centre = null,
        string? centrePhone = null
    ) =>
        new
        {
            policeLiaison = new { name = police, phone = policePhone },
            governanceCentre = centre is null ? null : new { name = centre, phone = centrePhone },
        };

    [Fact]
    public async Task AMajorReportReachesThePoliceLiaisonAndTheGovernanceCentreByTextAndTheNextLevelsOwnWhenItGoesUp()
    {
        var t = await api.NewRiskTownAsync();
        var admin = await AdminAsync();
        var (villagePolice, townCentre, townPolice) = (TestPhones.Next(), TestPhones.Next(), TestPhones.Next());
        (
            await admin.PutAsJsonAsync(
                $"/api/admin/bodies/{api.BodyId(t.VillageA)}/report-contacts",
                Contacts("张家产派出所李警官", villagePolice)
            )
        )
            .StatusCode.Should()
            .Be(HttpStatusCode.OK);
        var town = await admin
            .PutAsJsonAsync(
                $"/api/admin/bodies/{api.BodyId(t.Town)}/report-contacts",
                Contacts("镇派出所值班室", townPolice, "张家产镇综治中心", townCentre)
            )
            .OkJsonAsync();
        town.GetProperty("governanceCentre")
            .GetProperty("phone")
            .GetString()
            .Should()
            .NotBe(townCentre)
            .And.Contain("*");

        var filed = await api.FileWithFactsAsync(t.VillageA, Threat);
        await api.DeliverAlertsAsync(filed.Id);
        await api.DeliverAsync();

        var first = api
            .Sms.Messages.Where(m => m.Phone == villagePolice || m.Phone == townCentre || m.Phone == townPolice)
            .ToList();
        first
            .Select(m => m.Phone)
            .Should()
            .BeEquivalentTo([villagePolice, townCentre], "the village's own liaison, the town's centre");
        first
            .Should()
            .OnlyContain(m => m.Content.Contains(filed.ApplicationNumber) && m.Content.Contains("第二十五条"));

        api.Clock.Advance(TimeSpan.FromMinutes(31));
        await api.SweepAsync();
        await api.DeliverAsync();
        var escalated = api.Sms.Messages.Where(m => m.Phone == townPolice).ToList();
        escalated.Should().ContainSingle().Which.Content.Should().Contain("第 1 次上报");
        api.Sms.Messages.Count(m => m.Phone == townCentre)
            .Should()
            .Be(2, "the town's centre hears again that it went up");
        api.Sms.Messages.Count(m => m.Phone == villagePolice).Should().Be(1);
    }

    [Fact]
    public async Task AContactWithoutAMobileNumberIsRefusedOnItsFieldAndAnotherBodyIsNotFound()
    {
        var admin = await AdminAsync();
        var refused = await admin.PutAsJsonAsync(
            $"/api/admin/bodies/{api.BodyId("WD-ZJC")}/report-contacts",
            Contacts("镇综治中心", "0631-8451234")
        );
        await refused.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "policeLiaison.phone");
        (
            await admin.PutAsJsonAsync(
                $"/api/admin/bodies/{Guid.NewGuid()}/report-contacts",
                Contacts("某", "13900000000")
            )
        )
            .StatusCode.Should()
            .Be(HttpStatusCode.NotFound);
        var citizen = await api.CitizenAsync("report-contacts-" + Guid.NewGuid());
        (await citizen.GetAsync($"/api/admin/bodies/{api.BodyId("WD-ZJC")}/report-contacts"))
            .StatusCode.Should()
            .Be(HttpStatusCode.Forbidden);
    }
}

public sealed class RiskReportContactTestsOnSqlite(SessionsHost<SqliteDatabase> api)
    : RiskReportContactTests(api),
        IClassFixture<SessionsHost<SqliteDatabase>>;

public sealed class RiskReportContactTestsOnPostgres(SessionsHost<PostgresDatabase> api)
    : RiskReportContactTests(api),
        IClassFixture<SessionsHost<PostgresDatabase>>;
