using Mediation.Api.Agreements;
using Mediation.Api.Auth;
using Mediation.Api.Infrastructure.Outbox;
using Mediation.Api.Infrastructure.Security;
using Mediation.Api.Referrals;
using Mediation.Api.Tests.Intake;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Mediation.Api.Tests.Referrals;

/// <summary>信息反馈: a referred case's end reaches its referrer as a 调解结果告知函 and, where configured, a signed
/// push.</summary>
public abstract class ResultNoticeTests(ReferralsFactory api)
{
    private List<JsonElement> CourtRecordsFor(string caseNumber) =>
        api.CourtEndpoint.Records.Where(r => r.GetProperty("caseNumber").GetString() == caseNumber).ToList();

    [Fact]
    public async Task AnAgreedCourtReferralReachesTheCourtOnceWithItsPartiesAndTheAgreementHashThoughItFailedThreeTimes()
    {
        var c = await api.CourtCaseInMediationAsync();
        api.CourtEndpoint.FailNext(500, 3);
        var requestsBefore = api.CourtEndpoint.Requests;

        var agreement = await c.AgreedAsync(api.Today().AddDays(10));
        for (var i = 0; i < 6; i++)
        {
            await api.PushResultsAsync();
            api.Clock.Advance(TimeSpan.FromMinutes(30));
        }

        (api.CourtEndpoint.Requests - requestsBefore).Should().Be(4, "three 500s, then one success, and nothing after");
        var record = CourtRecordsFor(c.CaseNumber).Should().ContainSingle().Subject;
        record.GetProperty("title").GetString().Should().Be("调解结果告知函");
        record.GetProperty("result").GetString().Should().Be("Agreed");
        record.GetProperty("documentNumber").GetString().Should().Be("(2026)鲁1003民诉前调1234号");
        var sha = api.WithDb(db => db.Agreements.Single(a => a.DisputeId == c.Id).TextSha256);
        record.GetProperty("agreement").GetProperty("sha256").GetString().Should().Be(sha).And.NotBeNullOrEmpty();
        record
            .GetProperty("agreement")
            .GetProperty("number")
            .GetString()
            .Should()
            .Be(agreement.GetProperty("number").GetString());
        var parties = record.GetProperty("parties").EnumerateArray().ToList();
        parties
            .Should()
            .Contain(p =>
                p.GetProperty("role").GetString() == "Applicant" && p.GetProperty("name").GetString() == "张三"
            );
        parties
            .Single(p => p.GetProperty("name").GetString() == "张三")
            .GetProperty("idNumber")
            .GetString()
            .Should()
            .Be(Applications.ApplicantId, "the court needs the parties in full for 司法确认");

        var notice = (await c.Supervisor.Client.ResultNoticesAsync(c.Id)).Should().ContainSingle().Subject;
        notice.GetProperty("result").GetString().Should().Be("Agreed");
        notice.GetProperty("push").GetProperty("status").GetString().Should().Be("Sent");
        notice.GetProperty("push").GetProperty("attempts").GetInt32().Should().Be(4);
        var print = await c.Supervisor.Client.GetAsync(
            $"/api/disputes/{c.Id}/result-notices/{notice.GetProperty("id")}/print"
        );
        print.StatusCode.Should().Be(HttpStatusCode.OK);
        print.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        var html = await print.Content.ReadAsStringAsync();
        html.Should().Contain("调解结果告知函").And.Contain(ReferralsFactory.Court).And.Contain(sha!);
        api.WithDb(db =>
                db.AuditEntries.Count(a =>
                    a.Action == "ResultNoticeIssued" && a.TargetId == notice.GetProperty("id").GetString()
                )
            )
            .Should()
            .Be(1);
    }

    [Fact]
    public async Task ARefusalTheCourtRejectsFailsVisiblyInTheAdminsFailedListAndAnAdminsRetryDeliversItOnce()
    {
        var clerk = await api.NewStaffAsync("WD-ZJC-XC", [StaffRoles.Intake]);
        var body = await Registrations.RegistrationAsync(
            clerk.Client,
            "WD-ZJC-XC",
            "CourtReferral",
            Registrations.CourtReferral(api.Today().ToString("yyyy-MM-dd"))
        );
        var created = await clerk.Client.RegisterOkAsync(body);
        var id = created.GetProperty("id").GetGuid();
        api.CourtEndpoint.FailNext(422);

        await clerk
            .Client.PostAsync(
                $"/api/intake/{id}/reject",
                new { reasonCode = "already-before-court", note = "已在文登区法院立案" }
            )
            .OkJsonAsync();
        await api.PushResultsAsync();
        api.Clock.Advance(TimeSpan.FromHours(1));
        await api.PushResultsAsync();

        var admin = await api.StaffAsync(ApiFactory.AdminUsername, ApiFactory.AdminPassword);
        var failed = (await admin.GetAsync("/api/admin/result-pushes?status=Failed").OkJsonAsync())
            .EnumerateArray()
            .Where(p => p.GetProperty("disputeId").GetGuid() == id)
            .Should()
            .ContainSingle("a 4xx is not retried: the referrer refused the record")
            .Subject;
        failed.GetProperty("attempts").GetInt32().Should().Be(1);
        failed.GetProperty("lastError").GetString().Should().Contain("HTTP 422");
        CourtRecordsFor(created.GetProperty("caseNumber").GetString()!).Should().BeEmpty();

        var pushId = failed.GetProperty("id").GetGuid();
        (await admin.PostAsync($"/api/admin/result-pushes/{pushId}/retry"))
            .StatusCode.Should()
            .Be(HttpStatusCode.Accepted);
        await api.PushResultsAsync();
        var record = CourtRecordsFor(created.GetProperty("caseNumber").GetString()!).Should().ContainSingle().Subject;
        record.GetProperty("result").GetString().Should().Be("Refused");
        record.GetProperty("recordId").GetGuid().Should().Be(pushId, "the Idempotency-Key does not change on a retry");
        (await admin.PostAsync($"/api/admin/result-pushes/{pushId}/retry"))
            .StatusCode.Should()
            .Be(HttpStatusCode.Conflict, "only a failed push can be retried");
    }

    [Fact]
    public async Task AReferrerWithoutAnEndpointGetsTheLetterOnlyAndACitizensOwnFilingGetsNone()
    {
        var clerk = await api.NewStaffAsync("WD-ZJC-XC", [StaffRoles.Intake]);
        var police = Registrations.CourtReferral(api.Today().ToString("yyyy-MM-dd"), "文登区公安局张家产派出所");
        var created = await clerk.Client.RegisterOkAsync(
            await Registrations.RegistrationAsync(clerk.Client, "WD-ZJC-XC", "PoliceReferral", police)
        );
        var id = created.GetProperty("id").GetGuid();
        var filed = await api.FileCaseAsync();

        foreach (var caseId in new[] { id, filed.Id })
            await clerk
                .Client.PostAsync($"/api/intake/{caseId}/reject", new { reasonCode = "already-before-court" })
                .OkJsonAsync();

        var notice = (await clerk.Client.ResultNoticesAsync(id)).Should().ContainSingle().Subject;
        notice.GetProperty("result").GetString().Should().Be("Refused");
        notice.GetProperty("unitName").GetString().Should().Be("文登区公安局张家产派出所");
        notice.GetProperty("push").ValueKind.Should().Be(JsonValueKind.Null);
        (await clerk.Client.ResultNoticesAsync(filed.Id)).Should().BeEmpty();
        var stranger = await api.NewStaffAsync("WD-ZJC", [StaffRoles.Intake]);
        (await stranger.Client.GetAsync($"/api/disputes/{id}/result-notices"))
            .StatusCode.Should()
            .Be(HttpStatusCode.NotFound, "only staff who may see the case see its letter");
    }
}

public sealed class ResultNoticeTestsOnSqlite(ReferralsHost<SqliteDatabase> api)
    : ResultNoticeTests(api),
        IClassFixture<ReferralsHost<SqliteDatabase>>;

public sealed class ResultNoticeTestsOnPostgres(ReferralsHost<PostgresDatabase> api)
    : ResultNoticeTests(api),
        IClassFixture<ReferralsHost<PostgresDatabase>>;

/// <summary>A referrer's endpoint that cannot work stops the start, like every other bad setting.</summary>
public sealed class ReferralEndpointSettingsTests
{
    [Theory]
    [InlineData("CourtReferral", "not-a-url", "secret")]
    [InlineData("CourtReferral", "https://court.example/results", "")]
    [InlineData("WalkIn", "https://court.example/results", "secret")]
    public void AnEndpointWithoutAReferralKindAUrlOrASecretStopsTheStart(string source, string url, string secret)
    {
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Development");
            b.UseContentRoot(ApiFactory.RepoRoot);
            b.UseSetting("Storage:Root", Directory.CreateTempSubdirectory("referral-settings-").FullName);
            b.UseSetting("Database:ConnectionString", $"Data Source={Path.GetTempFileName()}");
            b.UseSetting("ReferralFeedback:Endpoints:0:Source", source);
            b.UseSetting("ReferralFeedback:Endpoints:0:Url", url);
            b.UseSetting("ReferralFeedback:Endpoints:0:Secret", secret);
        });
        var start = () => factory.CreateClient();
        start.Should().Throw<Exception>().Which.ToString().Should().Contain("ReferralFeedback:Endpoints");
    }
}
