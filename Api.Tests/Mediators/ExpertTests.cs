using System.Net.Http.Headers;
using System.Text.Json;
using Mediation.Api.Evidence;
using Mediation.Api.Infrastructure.PersonalData;
using Mediation.Api.Infrastructure.Security;
using Mediation.Api.Intake;
using Mediation.Api.Mediators;
using Mediation.Api.Statistics;
using Mediation.Api.Tests.Sessions;
using Microsoft.Extensions.DependencyInjection;

namespace Mediation.Api.Tests.Mediators;

/// <summary>The expert pool (专家库): an expert kept by an administrator or the county's supervisor, invited onto one
/// case by its mediator, read-only there and nowhere else, writing one opinion that reaches the mediator, the case
/// file and the monthly report.</summary>
public abstract class ExpertTests(SessionsFactory api)
{
    private const string ExpertPhone = "13912345678";

    private async Task<Staff> ExpertAsync(string field = "律师")
    {
        var admin = await api.NewStaffAsync(null, [StaffRoles.Admin]);
        var expert = await api.NewStaffAsync("WD-ZJC", [StaffRoles.Expert], "专家李");
        await admin
            .Client.PutAsJsonAsync(
                $"/api/experts/{expert.Id}/profile",
                new
                {
                    field,
                    organisation = "山东某律师事务所",
                    phone = ExpertPhone,
                }
            )
            .OkJsonAsync();
        return expert;
    }

    private static Task<HttpResponseMessage> Invite(
        MediatedCase c,
        Guid expertId,
        string question = "借款利息约定是否有效？"
    ) => c.Mediator.Client.PostAsJsonAsync($"/api/disputes/{c.Id}/experts", new { expertId, question });

    private async Task<MonthlyReport> ReportAsync(Guid body, DateOnly month)
    {
        MonthlyReport? report = null;
        await api.WithDbAsync(async db =>
            report = await MonthlyReports.BuildAsync(db, body, month, CancellationToken.None)
        );
        return report!;
    }

    private static async Task<JsonElement> CreatedJsonAsync(Task<HttpResponseMessage> call)
    {
        var response = await call;
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static int Count(JsonElement inbox, string kind, Guid caseId) =>
        inbox
            .GetProperty("items")
            .EnumerateArray()
            .Count(n =>
                n.GetProperty("kind").GetString() == kind
                && n.TryGetProperty("caseId", out var id)
                && id.ValueKind == JsonValueKind.String
                && id.GetGuid() == caseId
            );

    [Fact]
    public async Task TheProfileIsKeptByTheAdministratorWithThePhoneEncryptedAndMaskedAndListedByField()
    {
        var expert = await ExpertAsync("心理咨询师");
        var mediator = await api.NewStaffAsync("WD-ZJC-XC", [StaffRoles.Mediator]);

        var list = await mediator.Client.GetAsync("/api/experts?field=心理咨询师").OkJsonAsync();
        var row = list.EnumerateArray().Single(e => e.GetProperty("id").GetGuid() == expert.Id);
        row.GetProperty("field").GetString().Should().Be("心理咨询师");
        row.GetProperty("organisation").GetString().Should().Be("山东某律师事务所");
        row.GetProperty("phone").GetString().Should().Be("139****5678");
        list.GetRawText().Should().NotContain(ExpertPhone);
        (await mediator.Client.GetAsync("/api/experts?field=社会工作者").OkJsonAsync())
            .EnumerateArray()
            .Should()
            .NotContain(e => e.GetProperty("id").GetGuid() == expert.Id);

        var cipher = api.WithDb(db => db.ExpertProfiles.Single(p => p.StaffUserId == expert.Id).PhoneCipher);
        cipher.Should().NotBeNull().And.NotContain(ExpertPhone);
        api.Services.GetRequiredService<PersonalDataProtector>().Unprotect(cipher!).Should().Be(ExpertPhone);
        api.WithDb(db =>
                db.AuditEntries.Count(a => a.Action == "ExpertProfileUpdated" && a.TargetId == expert.Id.ToString())
            )
            .Should()
            .Be(1);

        // The county's supervisor keeps the profile; another town's supervisor does not see it.
        var county = await api.NewStaffAsync("WD-ZJC", [StaffRoles.Supervisor]);
        (await county.Client.GetAsync($"/api/experts/{expert.Id}/profile").OkJsonAsync())
            .GetProperty("phone")
            .GetString()
            .Should()
            .Be("139****5678");
        var (town, _, _) = await api.NewTownAsync();
        var elsewhere = await api.NewStaffAsync(town, [StaffRoles.Supervisor]);
        (await elsewhere.Client.GetAsync($"/api/experts/{expert.Id}/profile"))
            .StatusCode.Should()
            .Be(HttpStatusCode.NotFound);

        // A mediator keeps no profile; an expert reads no pool.
        (
            await mediator.Client.PutAsJsonAsync(
                $"/api/experts/{expert.Id}/profile",
                new { field = "律师", organisation = "x" }
            )
        )
            .StatusCode.Should()
            .Be(HttpStatusCode.Forbidden);
        (await expert.Client.GetAsync("/api/experts")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task AnInvitedExpertReadsThatCaseMaskedAndNoOtherAndCannotWrite()
    {
        var c = await api.CaseWithMediatorAsync();
        var other = await api.AnotherCaseOfAsync(c.Mediator);
        var expert = await ExpertAsync();

        (await expert.Client.GetAsync($"/api/expert/cases/{c.Id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        var invited = await Invite(c, expert.Id);
        invited.StatusCode.Should().Be(HttpStatusCode.Created, await invited.Content.ReadAsStringAsync());
        Count(await expert.Client.InboxAsync(), "ExpertInvited", c.Id).Should().Be(1);
        api.WithDb(db => db.AuditEntries.Count(a => a.Action == "ExpertInvited" && a.TargetId == c.Id.ToString()))
            .Should()
            .Be(1);

        var view = await expert.Client.GetAsync($"/api/expert/cases/{c.Id}").OkJsonAsync();
        view.GetProperty("facts").GetString().Should().NotBeNullOrEmpty();
        view.GetProperty("claims").GetString().Should().NotBeNullOrEmpty();
        view.GetProperty("parties").GetArrayLength().Should().BeGreaterThan(1);
        view.GetRawText().Should().NotContain(Applications.ApplicantPhone).And.Contain("138****8000");
        view.GetProperty("consultations")[0].GetProperty("question").GetString().Should().Be("借款利息约定是否有效？");
        (await expert.Client.GetAsync("/api/expert/cases").OkJsonAsync())
            .EnumerateArray()
            .Select(x => x.GetProperty("disputeId").GetGuid())
            .Should()
            .Equal(c.Id);

        // Another case of the same mediator: not theirs to see.
        (await expert.Client.GetAsync($"/api/expert/cases/{other}")).StatusCode.Should().Be(HttpStatusCode.NotFound);

        // Every write, and the staff readers, refuse the expert even on the case they were invited to.
        var refused = new[] { HttpStatusCode.Forbidden, HttpStatusCode.NotFound };
        async Task Refuses(Task<HttpResponseMessage> call, string what) =>
            refused.Should().Contain((await call).StatusCode, what);
        await Refuses(expert.Client.PostAsync($"/api/intake/{c.Id}/accept"), "accept");
        await Refuses(
            expert.Client.PostAsync($"/api/intake/{c.Id}/assign", new { mediatorIds = new[] { expert.Id } }),
            "assign"
        );
        await Refuses(expert.Client.PostAsync($"/api/intake/{c.Id}/notes", new { text = "专家备注" }), "notes");
        await Refuses(expert.Client.GetAsync($"/api/intake/{c.Id}/notes"), "read notes");
        await Refuses(c.ScheduleAsync(api.Now().AddDays(2), client: expert.Client), "sessions");
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent("%PDF-1.4 expert"u8.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", "opinion.pdf");
        await Refuses(expert.Client.PostAsync($"/api/disputes/{c.Id}/evidence", form), "evidence upload");
        await Refuses(
            expert.Client.PostAsync(
                $"/api/disputes/{c.Id}/experts",
                new { expertId = expert.Id, question = "再请一位" }
            ),
            "invite"
        );
        await Refuses(expert.Client.GetAsync($"/api/disputes/{c.Id}/case-file"), "case file");
        await Refuses(expert.Client.GetAsync($"/api/disputes/{c.Id}/consultations"), "staff list of consultations");
        api.WithDb(db => db.CaseNotes.Count(n => n.DisputeId == c.Id)).Should().Be(0);
        api.WithDb(db => db.EvidenceItems.Count(e => e.DisputeId == c.Id)).Should().Be(0);
    }

    [Fact]
    public async Task TheOpinionIsWrittenOnceAndReachesTheMediatorTheCaseFileAndTheMonthlyReport()
    {
        var c = await api.CaseWithMediatorAsync();
        var expert = await ExpertAsync();
        var body = api.BodyId("WD-ZJC-XC");
        var month = DateOnly.FromDateTime(api.Now().AddHours(8));
        var before = await ReportAsync(body, month);

        var consultation = (await CreatedJsonAsync(Invite(c, expert.Id))).GetProperty("id").GetGuid();
        var written = await expert
            .Client.PostAsJsonAsync(
                $"/api/consultations/{consultation}/opinion",
                new { text = "利息超过法定上限部分无效。" }
            )
            .OkJsonAsync();
        written.GetProperty("opinion").GetString().Should().Be("利息超过法定上限部分无效。");
        await (
            await expert.Client.PostAsJsonAsync($"/api/consultations/{consultation}/opinion", new { text = "改一下" })
        ).ShouldBeProblemAsync(HttpStatusCode.Conflict, "不能修改");
        api.WithDb(db => db.Consultations.Single(x => x.Id == consultation).Opinion)
            .Should()
            .Be("利息超过法定上限部分无效。");
        api.WithDb(db =>
                db.AuditEntries.Count(a => a.Action == "ExpertOpinionWritten" && a.TargetId == c.Id.ToString())
            )
            .Should()
            .Be(1);

        var list = await c.Mediator.Client.GetAsync($"/api/disputes/{c.Id}/consultations").OkJsonAsync();
        list.EnumerateArray().Single().GetProperty("opinion").GetString().Should().Be("利息超过法定上限部分无效。");
        list[0].GetProperty("expertField").GetString().Should().Be("律师");
        Count(await c.Mediator.Client.InboxAsync(), "ExpertOpinion", c.Id).Should().Be(1);
        var intake = await api.NewStaffAsync("WD-ZJC-XC", [StaffRoles.Intake]);
        (await intake.Client.GetAsync($"/api/disputes/{c.Id}/consultations").OkJsonAsync())
            .GetArrayLength()
            .Should()
            .Be(1);

        var file = await c.Mediator.Client.GetAsync($"/api/disputes/{c.Id}/case-file").OkJsonAsync();
        file.GetProperty("items")
            .EnumerateArray()
            .Select(i => i.GetProperty("section").GetString())
            .Should()
            .Contain("专家意见");

        var after = await ReportAsync(body, month);
        after.ExpertConsultations.Invited.Should().Be(before.ExpertConsultations.Invited + 1);
        after.ExpertConsultations.Answered.Should().Be(before.ExpertConsultations.Answered + 1);
    }

    [Fact]
    public async Task InvitationsOpinionsAndProfilesAreValidated()
    {
        var c = await api.CaseWithMediatorAsync();
        var expert = await ExpertAsync();
        var admin = await api.NewStaffAsync(null, [StaffRoles.Admin]);

        var empty = await c.Mediator.Client.PostAsJsonAsync($"/api/disputes/{c.Id}/experts", new { question = "" });
        await empty.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "请写明咨询的问题");
        (await empty.Content.ReadAsStringAsync()).Should().Contain("expertId").And.Contain("question");
        await (await Invite(c, c.Mediator.Id)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "专家不存在");

        // Only a mediator assigned to the case invites.
        var stranger = await api.NewStaffAsync("WD-ZJC-XC", [StaffRoles.Mediator]);
        (
            await stranger.Client.PostAsJsonAsync(
                $"/api/disputes/{c.Id}/experts",
                new { expertId = expert.Id, question = "问" }
            )
        )
            .StatusCode.Should()
            .Be(HttpStatusCode.NotFound);
        await CreatedJsonAsync(Invite(c, expert.Id));
        await (await Invite(c, expert.Id)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "已受邀");

        var consultation = api.WithDb(db => db.Consultations.Single(x => x.DisputeId == c.Id).Id);
        await (
            await expert.Client.PostAsJsonAsync($"/api/consultations/{consultation}/opinion", new { text = " " })
        ).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "请填写专家意见");
        var otherExpert = await ExpertAsync("社会工作者");
        (await otherExpert.Client.PostAsJsonAsync($"/api/consultations/{consultation}/opinion", new { text = "意见" }))
            .StatusCode.Should()
            .Be(HttpStatusCode.NotFound);

        var bad = await admin.Client.PutAsJsonAsync(
            $"/api/experts/{expert.Id}/profile",
            new
            {
                field = "",
                organisation = "单位",
                phone = "12345",
            }
        );
        await bad.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "请填写专业领域");
        (await bad.Content.ReadAsStringAsync()).Should().Contain("phone");
        (await admin.Client.GetAsync($"/api/experts/{c.Mediator.Id}/profile"))
            .StatusCode.Should()
            .Be(HttpStatusCode.NotFound);

        // An expert account holds no other role.
        var mixed = await admin.Client.PostAsJsonAsync(
            "/api/admin/staff",
            new
            {
                username = "exp" + Random.Shared.Next(100000, 999999),
                password = "Long-enough-pass-1",
                displayName = "专家王",
                roles = new[] { "Expert", "Mediator" },
                bodyId = api.BodyId("WD-ZJC"),
                active = true,
            }
        );
        await mixed.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "专家账号只用于案件咨询");
    }

    [Fact]
    public async Task AWithdrawnConsultationEndsTheExpertsViewAndAnAnsweredOneCannotBeWithdrawn()
    {
        var c = await api.CaseWithMediatorAsync();
        var expert = await ExpertAsync();
        var first = (await CreatedJsonAsync(Invite(c, expert.Id))).GetProperty("id").GetGuid();
        (await expert.Client.GetAsync($"/api/expert/cases/{c.Id}")).StatusCode.Should().Be(HttpStatusCode.OK);

        (await expert.Client.PostAsync($"/api/consultations/{first}/withdraw"))
            .StatusCode.Should()
            .Be(HttpStatusCode.Forbidden);
        var stranger = await api.NewStaffAsync("WD-ZJC-XC", [StaffRoles.Mediator]);
        (await stranger.Client.PostAsync($"/api/consultations/{first}/withdraw"))
            .StatusCode.Should()
            .Be(HttpStatusCode.NotFound);
        var withdrawn = await c.Mediator.Client.PostAsync($"/api/consultations/{first}/withdraw").OkJsonAsync();
        withdrawn.GetProperty("withdrawnAt").ValueKind.Should().Be(JsonValueKind.String);
        (await expert.Client.GetAsync($"/api/expert/cases/{c.Id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await expert.Client.PostAsJsonAsync($"/api/consultations/{first}/opinion", new { text = "迟到的意见" }))
            .StatusCode.Should()
            .Be(HttpStatusCode.NotFound);

        var second = (await CreatedJsonAsync(Invite(c, expert.Id, "再次请教"))).GetProperty("id").GetGuid();
        await expert
            .Client.PostAsJsonAsync($"/api/consultations/{second}/opinion", new { text = "意见" })
            .OkJsonAsync();
        await (await c.Mediator.Client.PostAsync($"/api/consultations/{second}/withdraw")).ShouldBeProblemAsync(
            HttpStatusCode.Conflict,
            "不能撤回"
        );
    }
}

public sealed class ExpertTestsOnSqlite(SessionsHost<SqliteDatabase> api)
    : ExpertTests(api),
        IClassFixture<SessionsHost<SqliteDatabase>>;

public sealed class ExpertTestsOnPostgres(SessionsHost<PostgresDatabase> api)
    : ExpertTests(api),
        IClassFixture<SessionsHost<PostgresDatabase>>;
