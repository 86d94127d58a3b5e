using Mediation.Api.Auth;
using Mediation.Api.Infrastructure.Security;
using Mediation.Api.Tests.Intake;

namespace Mediation.Api.Tests.Disputes;

/// <summary>
/// Beside the masked ID number (its region digits stay visible) the full birth date narrows it to a few real ID
/// numbers: every view of a party carries the year only; the full date comes with the audited reveal.
/// </summary>
public abstract class BirthDateMaskingTests(ApiFactory api)
{
    [Fact]
    public async Task TheCitizenSeesHisOwnPartyWithTheBirthYearOnly()
    {
        var filed = await api.FileCaseAsync("WD-ZJC-DC");

        var created = await filed.Citizen.GetFromJsonAsync<JsonElement>($"/api/disputes/{filed.Id}");

        var applicant = created.GetProperty("applicant");
        applicant.GetProperty("birthYear").GetInt32().Should().Be(1980);
        applicant.TryGetProperty("birthDate", out _).Should().BeFalse();
        created.GetRawText().Should().NotContain("1980-05-01").And.NotContain("birthDate");
        // The respondent's date, read from his ID number, is masked the same way.
        created.GetProperty("respondents")[0].GetProperty("birthYear").GetInt32().Should().Be(1975);
    }

    [Fact]
    public async Task TheFilingAnswerCarriesTheBirthYearOnly()
    {
        var citizen = await api.CitizenAsync("birth-" + Guid.NewGuid());

        var created = await citizen.FileOkAsync(await Applications.ValidAsync(citizen));

        created.GetProperty("applicant").GetProperty("birthYear").GetInt32().Should().Be(1980);
        created.GetRawText().Should().NotContain("1980-05-01").And.NotContain("birthDate");
    }

    [Fact]
    public async Task StaffSeeTheBirthYearAndOnlyTheAuditedRevealGivesTheFullDate()
    {
        var filed = await api.FileCaseAsync("WD-ZJC-DC");
        var intake = await api.NewStaffAsync("WD-ZJC-DC", [StaffRoles.Intake]);

        var detail = await intake.Client.GetAsync($"/api/intake/{filed.Id}").OkJsonAsync();

        var applicant = detail.GetProperty("case").GetProperty("applicant");
        applicant.GetProperty("birthYear").GetInt32().Should().Be(1980);
        detail.GetRawText().Should().NotContain("1980-05-01").And.NotContain("birthDate");
        var partyId = applicant.GetProperty("id").GetGuid();

        var revealed = await intake.Client.PostAsync($"/api/intake/{filed.Id}/parties/{partyId}/reveal").OkJsonAsync();

        revealed.GetProperty("birthDate").GetString().Should().Be("1980-05-01");
        var log = api.WithDb(db =>
            db.AuditEntries.Single(a => a.Action == "PersonalDataRevealed" && a.TargetId == partyId.ToString())
        );
        log.ActorId.Should().Be(intake.Id);
        log.Details.Should().Contain("birthDate");
    }

    [Fact]
    public async Task TheAssignedMediatorsViewCarriesNoBirthDate()
    {
        var filed = await api.FileCaseAsync("WD-ZJC-DC");
        var intake = await api.NewStaffAsync("WD-ZJC-DC", [StaffRoles.Intake]);
        var mediator = await api.NewStaffAsync("WD-ZJC-DC", [StaffRoles.Mediator]);
        await intake.Client.PostAsync($"/api/intake/{filed.Id}/accept").OkJsonAsync();
        await intake
            .Client.PostAsync($"/api/intake/{filed.Id}/assign", new { mediatorIds = new[] { mediator.Id } })
            .OkJsonAsync();

        var view = await mediator.Client.GetAsync($"/api/mediator/cases/{filed.Id}").OkJsonAsync();

        view.GetRawText().Should().NotContain("1980-05-01").And.NotContain("birthDate");
    }
}

public sealed class BirthDateMaskingTestsOnSqlite(ApiHost<SqliteDatabase> api)
    : BirthDateMaskingTests(api),
        IClassFixture<ApiHost<SqliteDatabase>>;

public sealed class BirthDateMaskingTestsOnPostgres(ApiHost<PostgresDatabase> api)
    : BirthDateMaskingTests(api),
        IClassFixture<ApiHost<PostgresDatabase>>;
