using System.Text.Json.Nodes;
using Mediation.Api.Auth;
using Mediation.Api.Disputes;
using Mediation.Api.Infrastructure.Security;
using Mediation.Api.Tests.Intake;
using Microsoft.EntityFrameworkCore;

namespace Mediation.Api.Tests.Disputes;

/// <summary>
/// The applicant signed the rights notice and the credit commitment, and they stay with the case through a correction
/// (补正): a correction may fix typos in his record but cannot put another person in his place.
/// </summary>
public abstract class CorrectionIdentityTests(ApiFactory api)
{
    private async Task<(IntakeHarness.Filed Filed, JsonObject Application)> AskedToCorrectAsync(
        Action<JsonObject>? edit = null
    )
    {
        var filed = await api.FileCaseAsync("WD-ZJC-DC", edit);
        var intake = await api.NewStaffAsync("WD-ZJC-DC", [StaffRoles.Intake]);
        await intake
            .Client.PostAsync(
                $"/api/intake/{filed.Id}/request-correction",
                new { items = new[] { "请核对申请人姓名" } }
            )
            .OkJsonAsync();
        var application = await Applications.ValidAsync(filed.Citizen, "WD-ZJC-DC");
        edit?.Invoke(application);
        return (filed, application);
    }

    [Fact]
    public async Task ACorrectionCannotReplaceTheApplicantWithAnotherPerson()
    {
        var (filed, application) = await AskedToCorrectAsync();
        application["applicant"]!["name"] = "王二";
        application["applicant"]!["idNumber"] = "110101199003074477";
        application["applicant"]!["birthDate"] = "1990-03-07";

        var refused = await filed.Citizen.PutAsJsonAsync($"/api/disputes/{filed.Id}", application);

        await refused.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var errors = (await refused.JsonAsync()).GetProperty("errors");
        errors.EnumerateObject().Select(e => e.Name).Should().Equal("applicant.idNumber");
        errors.GetProperty("applicant.idNumber")[0].GetString().Should().Be("补正不能更换申请人；其他人请另行申请");
        api.Status(filed.Id).Should().Be("NeedsCorrection");
        var applicant = api.WithDb(db =>
            db.DisputeParties.AsNoTracking().Single(p => p.DisputeId == filed.Id && p.Role == PartyRole.Applicant)
        );
        applicant.Name.Should().Be("张三");
        applicant.BirthDate.Should().Be(new DateOnly(1980, 5, 1));
        api.WithDb(db =>
                db.AuditEntries.Count(a => a.Action == "DisputeCorrected" && a.TargetId == filed.Id.ToString())
            )
            .Should()
            .Be(0);
    }

    [Fact]
    public async Task ACorrectionMayFixTheApplicantsNameAndWriteTheSameIdNumberDifferently()
    {
        var (filed, application) = await AskedToCorrectAsync(app =>
        {
            app["applicant"]!["name"] = "张叁";
            app["applicant"]!["idNumber"] = "11010519491231002X";
            app["applicant"]!["birthDate"] = "1949-12-31";
            app["applicant"]!["gender"] = "Female";
        });
        application["applicant"]!["name"] = "张三";
        application["applicant"]!["idNumber"] = "11010519491231002x"; // the same person, the check letter in lower case

        var corrected = await filed.Citizen.PutAsJsonAsync($"/api/disputes/{filed.Id}", application).OkJsonAsync();

        corrected.GetProperty("status").GetString().Should().Be("Submitted");
        corrected.GetProperty("applicant").GetProperty("name").GetString().Should().Be("张三");
        corrected.GetProperty("applicant").GetProperty("idNumber").GetString().Should().EndWith("002X");
    }
}

public sealed class CorrectionIdentityTestsOnSqlite(ApiHost<SqliteDatabase> api)
    : CorrectionIdentityTests(api),
        IClassFixture<ApiHost<SqliteDatabase>>;

public sealed class CorrectionIdentityTestsOnPostgres(ApiHost<PostgresDatabase> api)
    : CorrectionIdentityTests(api),
        IClassFixture<ApiHost<PostgresDatabase>>;
