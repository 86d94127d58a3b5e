using Mediation.Api.Auth;
using Mediation.Api.Infrastructure.Security;
using Mediation.Api.Tests.Evidence;
using Mediation.Api.Tests.Intake;

namespace Mediation.Api.Tests.Agreements;

/// <summary>No one person makes an agreement effective: a party with an account confirms himself (or his signed page is
/// attached), and the committee's approval comes from someone other than the agreement's mediator.</summary>
public abstract class SignatureIntegrityTests(OutcomesFactory api)
{
    [Fact]
    public async Task AnInPersonConfirmationForAPartyWithAnAccountNeedsTheScannedSignedPage()
    {
        var c = await api.CaseInMediationAsync();
        var (id, sha) = await SubmittedAsync(c);

        var refused = await c.Mediator.Client.PostAsync(
            $"/api/agreements/{id}/sign",
            new { sha256 = sha, partyId = c.RespondentPartyId }
        );

        refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await refused.JsonAsync();
        problem
            .GetProperty("errors")
            .GetProperty("evidenceId")[0]
            .GetString()
            .Should()
            .Contain("本人在小程序中确认")
            .And.Contain("扫描件");
        var scan = (await c.Applicant.UploadOkAsync(c.Id.ToString(), TestFiles.Jpeg(), "签字页.jpg"))
            .GetProperty("id")
            .GetGuid();

        var accepted = await c
            .Mediator.Client.PostAsync(
                $"/api/agreements/{id}/sign",
                new
                {
                    sha256 = sha,
                    partyId = c.RespondentPartyId,
                    evidenceId = scan,
                }
            )
            .OkJsonAsync();

        accepted
            .GetProperty("signatures")
            .EnumerateArray()
            .Should()
            .ContainSingle(x =>
                x.GetProperty("partyId").GetString() == c.RespondentPartyId.ToString()
                && x.GetProperty("inPerson").GetBoolean()
                && x.GetProperty("evidenceId").GetString() == scan.ToString()
            );
        accepted
            .GetProperty("pending")
            .EnumerateArray()
            .Select(p => p.GetString())
            .Should()
            .NotContain(c.RespondentPartyId.ToString());
    }

    [Fact]
    public async Task TheScannedSignedPageMustBeEvidenceOfTheSameCase()
    {
        var c = await api.CaseInMediationAsync();
        var other = await api.CaseInMediationAsync();
        var (id, sha) = await SubmittedAsync(c);
        var elsewhere = (await other.Applicant.UploadOkAsync(other.Id.ToString(), TestFiles.Jpeg(), "签字页.jpg"))
            .GetProperty("id")
            .GetGuid();

        var refused = await c.Mediator.Client.PostAsync(
            $"/api/agreements/{id}/sign",
            new
            {
                sha256 = sha,
                partyId = c.RespondentPartyId,
                evidenceId = elsewhere,
            }
        );

        refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await refused.JsonAsync())
            .GetProperty("errors")
            .GetProperty("evidenceId")[0]
            .GetString()
            .Should()
            .Be("签字页扫描件应为本案已上传的证据材料");
        (await c.Mediator.Client.GetAsync($"/api/agreements/{id}").OkJsonAsync())
            .GetProperty("signatures")
            .GetArrayLength()
            .Should()
            .Be(0);
    }

    [Fact]
    public async Task AMediatorWhoIsAlsoASupervisorCannotApproveHisOwnAgreement()
    {
        var phone = "139" + Random.Shared.Next(10_000_000, 99_999_999);
        var applicant = await api.CitizenAsync("a-" + Guid.NewGuid());
        var created = await applicant.FileOkAsync(await Applications.ValidAsync(applicant, respondentPhone: phone));
        var caseId = created.GetProperty("id").GetGuid();
        var both = await api.NewStaffAsync("WD-ZJC-XC", [StaffRoles.Mediator, StaffRoles.Supervisor], "站长兼调解员钱");
        var intake = await api.NewStaffAsync("WD-ZJC-XC", [StaffRoles.Intake]);
        var accepted = await intake.Client.PostAsync($"/api/intake/{caseId}/accept").OkJsonAsync();
        await intake
            .Client.PostAsync($"/api/intake/{caseId}/assign", new { mediatorIds = new[] { both.Id } })
            .OkJsonAsync();
        var respondent = await api.CitizenAsync("r-" + Guid.NewGuid());
        (
            await respondent.PostAsJsonAsync("/api/me/phone", new { code = api.WeChat.IssuePhoneCode(phone) })
        ).EnsureSuccessStatusCode();
        var c = new PartyCase(
            caseId,
            accepted.GetProperty("caseNumber").GetString()!,
            applicant,
            respondent,
            both,
            both,
            created.GetProperty("applicant").GetProperty("id").GetGuid(),
            created.GetProperty("respondents")[0].GetProperty("id").GetGuid(),
            phone,
            created
                .GetProperty("respondents")
                .EnumerateArray()
                .Skip(1)
                .Select(r => r.GetProperty("id").GetGuid())
                .ToList()
        );
        var (id, sha) = await SubmittedAsync(c);
        await applicant.SignAsync(id, sha).OkJsonAsync();
        await respondent.SignAsync(id, sha).OkJsonAsync();
        foreach (var company in c.OtherPartyIds) // no account: on paper, recorded by the mediator
            await both
                .Client.PostAsync($"/api/agreements/{id}/sign", new { sha256 = sha, partyId = company })
                .OkJsonAsync();
        await both.Client.SignAsync(id, sha).OkJsonAsync();

        var ownApproval = await both.Client.PostAsync($"/api/agreements/{id}/approve", new { sha256 = sha });

        ownApproval.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await ownApproval.JsonAsync())
            .GetProperty("detail")
            .GetString()
            .Should()
            .Contain("调解员不能审核盖章自己调解的协议");
        var agreement = await both.Client.GetAsync($"/api/agreements/{id}").OkJsonAsync();
        agreement.GetProperty("status").GetString().Should().Be("AwaitingSignatures");
        agreement.GetProperty("pending").EnumerateArray().Select(p => p.GetString()).Should().Equal("supervisor");
        var anotherSupervisor = await api.NewStaffAsync("WD-ZJC-XC", [StaffRoles.Supervisor], "所长赵");
        (await anotherSupervisor.Client.PostAsync($"/api/agreements/{id}/approve", new { sha256 = sha }).OkJsonAsync())
            .GetProperty("status")
            .GetString()
            .Should()
            .Be("Effective");
    }

    private async Task<(Guid Id, string Sha)> SubmittedAsync(PartyCase c)
    {
        var id = (await c.DraftOkAsync(c.Draft(api.Today().AddDays(20)))).GetProperty("id").GetGuid();
        return (id, (await c.SubmitOkAsync(id)).GetProperty("sha256").GetString()!);
    }
}

public sealed class SignatureIntegrityTestsOnSqlite(OutcomesHost<SqliteDatabase> api)
    : SignatureIntegrityTests(api),
        IClassFixture<OutcomesHost<SqliteDatabase>>;

public sealed class SignatureIntegrityTestsOnPostgres(OutcomesHost<PostgresDatabase> api)
    : SignatureIntegrityTests(api),
        IClassFixture<OutcomesHost<PostgresDatabase>>;
