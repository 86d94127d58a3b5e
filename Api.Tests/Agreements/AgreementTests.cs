using Mediation.Api.Agreements;
using Mediation.Api.Auth;
using Mediation.Api.Infrastructure.Security;
using Mediation.Api.Tests.Intake;
using Mediation.Api.Tests.Sessions;

namespace Mediation.Api.Tests.Agreements;

public abstract class AgreementTests(OutcomesFactory api)
{
    [Fact]
    public async Task AnAgreementConfirmedByEveryPartyTheMediatorAndTheSupervisorTakesEffectAndTheCaseIsPerforming()
    {
        var c = await api.CaseInMediationAsync();
        var due = api.Today().AddDays(20);
        var draft = await c.DraftOkAsync(c.Draft(due));
        var id = draft.GetProperty("id").GetGuid();
        draft.GetProperty("status").GetString().Should().Be("Draft");
        draft
            .GetProperty("text")
            .GetString()
            .Should()
            .Contain("人民调解协议书")
            .And.Contain("3000.00元")
            .And.Contain(c.CaseNumber);

        var submitted = await c.SubmitOkAsync(id);
        var sha = submitted.GetProperty("sha256").GetString()!;
        submitted
            .GetProperty("pending")
            .EnumerateArray()
            .Select(p => p.GetString())
            .Should()
            .BeEquivalentTo([
                c.ApplicantPartyId.ToString(),
                c.RespondentPartyId.ToString(),
                .. c.OtherPartyIds.Select(p => p.ToString()),
                "mediator",
                "supervisor",
            ]);
        var seenByRespondent = await c.Respondent.GetAsync($"/api/disputes/{c.Id}/agreement").OkJsonAsync();
        seenByRespondent.GetProperty("sha256").GetString().Should().Be(sha, "every party is shown the same text");

        await c.Applicant.SignAsync(id, sha).OkJsonAsync();
        await c.Respondent.SignAsync(id, sha).OkJsonAsync();
        var company = c.OtherPartyIds.Single();
        var onPaper = await c
            .Mediator.Client.PostAsync($"/api/agreements/{id}/sign", new { sha256 = sha, partyId = company })
            .OkJsonAsync();
        onPaper
            .GetProperty("signatures")
            .EnumerateArray()
            .Should()
            .ContainSingle(x =>
                x.GetProperty("partyId").GetString() == company.ToString() && x.GetProperty("inPerson").GetBoolean()
            );
        var signedByMediator = await c.Mediator.Client.SignAsync(id, sha).OkJsonAsync();
        signedByMediator
            .GetProperty("status")
            .GetString()
            .Should()
            .Be("AwaitingSignatures", "the committee's seal is still missing");
        var effective = await c
            .Supervisor.Client.PostAsync($"/api/agreements/{id}/approve", new { sha256 = sha })
            .OkJsonAsync();

        effective.GetProperty("status").GetString().Should().Be("Effective");
        effective.GetProperty("signatures").GetArrayLength().Should().Be(5);
        effective
            .GetProperty("judicialConfirmation")
            .GetProperty("deadline")
            .GetString()
            .Should()
            .Be(api.Today().AddDays(30).ToString("yyyy-MM-dd"));
        var dispute = await c.Applicant.GetAsync($"/api/disputes/{c.Id}").OkJsonAsync();
        dispute.GetProperty("status").GetString().Should().Be("Performing");
        var inbox = await c.Respondent.InboxAsync();
        inbox
            .GetProperty("items")
            .EnumerateArray()
            .Should()
            .Contain(n =>
                n.GetProperty("kind").GetString() == "AgreementEffective"
                && n.GetProperty("body").GetString()!.Contains("司法确认")
            );
        var html = await c.Applicant.GetStringAsync($"/api/agreements/{id}/document");
        html.Should().Contain("<h1>人民调解协议书</h1>").And.Contain("人民调解员 调解员王").And.Contain(sha);
    }

    [Fact]
    public async Task EditingAnAgreementVoidsTheSignaturesAndAnOldConfirmationNoLongerCounts()
    {
        var c = await api.CaseInMediationAsync();
        var due = api.Today().AddDays(20);
        var id = (await c.DraftOkAsync(c.Draft(due))).GetProperty("id").GetGuid();
        var oldSha = (await c.SubmitOkAsync(id)).GetProperty("sha256").GetString()!;
        await c.Applicant.SignAsync(id, oldSha).OkJsonAsync();

        var edited = await c
            .Mediator.Client.PutAsJsonAsync(
                $"/api/agreements/{id}",
                c.Draft(due, terms: "被申请人赔偿申请人修车费用并赔礼道歉。")
            )
            .OkJsonAsync();

        edited.GetProperty("status").GetString().Should().Be("Draft");
        edited.GetProperty("revision").GetInt32().Should().Be(2);
        edited.GetProperty("signatures").GetArrayLength().Should().Be(0);
        var newSha = (await c.SubmitOkAsync(id)).GetProperty("sha256").GetString()!;
        newSha.Should().NotBe(oldSha);
        var stale = await c.Respondent.SignAsync(id, oldSha);
        stale.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await stale.Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("title")
            .GetString()
            .Should()
            .Be("协议文本已变更");
        var again = await c.Applicant.SignAsync(id, newSha).OkJsonAsync();
        again
            .GetProperty("signatures")
            .EnumerateArray()
            .Should()
            .ContainSingle(s => s.GetProperty("partyId").GetGuid() == c.ApplicantPartyId);
        (await c.Applicant.InboxAsync())
            .GetProperty("items")
            .EnumerateArray()
            .Should()
            .Contain(n => n.GetProperty("kind").GetString() == "AgreementChanged");
        api.WithDb(db => db.AgreementSignatures.Count(s => s.AgreementId == id && s.VoidedAt != null))
            .Should()
            .Be(1, "a voided confirmation is kept, not deleted");
    }

    [Fact]
    public async Task OnlyTheCasesOwnPeopleMayDraftOrConfirmTheAgreement()
    {
        var c = await api.CaseInMediationAsync();
        var stranger = await api.CitizenAsync("x-" + Guid.NewGuid());
        var otherMediator = await api.NewStaffAsync("WD-ZJC-XC", [StaffRoles.Mediator], "调解员李");
        var supervisorElsewhere = await api.NewStaffAsync("WD-ZJC-DC", [StaffRoles.Supervisor], "别处所长");
        (await otherMediator.Client.PostAsJsonAsync($"/api/disputes/{c.Id}/agreement", c.Draft(api.Today().AddDays(5))))
            .StatusCode.Should()
            .Be(HttpStatusCode.NotFound);
        var id = (await c.DraftOkAsync(c.Draft(api.Today().AddDays(5)))).GetProperty("id").GetGuid();
        var sha = (await c.SubmitOkAsync(id)).GetProperty("sha256").GetString()!;

        (await stranger.SignAsync(id, sha)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await stranger.GetAsync($"/api/agreements/{id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await otherMediator.Client.SignAsync(id, sha)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await supervisorElsewhere.Client.PostAsJsonAsync($"/api/agreements/{id}/approve", new { sha256 = sha }))
            .StatusCode.Should()
            .Be(HttpStatusCode.NotFound);
        (await c.Applicant.PutAsJsonAsync($"/api/agreements/{id}", c.Draft(api.Today().AddDays(5))))
            .StatusCode.Should()
            .Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ABadDraftIsRefusedFieldByFieldInChinese()
    {
        var c = await api.CaseInMediationAsync();
        var response = await c.Mediator.Client.PostAsJsonAsync(
            $"/api/disputes/{c.Id}/agreement",
            new
            {
                kind = "Written",
                facts = "",
                responsibilities = "责任",
                terms = "条款",
                obligations = new[]
                {
                    new
                    {
                        obligorPartyId = c.RespondentPartyId,
                        obligeePartyId = c.ApplicantPartyId,
                        description = "分期付款",
                        amountFen = 100_000L,
                        dueDate = api.Today().AddDays(60),
                        instalments = new[]
                        {
                            new { amountFen = 40_000L, dueDate = api.Today().AddDays(30) },
                            new { amountFen = 50_000L, dueDate = api.Today().AddDays(60) },
                        },
                    },
                },
            }
        );

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        errors.GetProperty("facts").EnumerateArray().Single().GetString().Should().Be("请填写纠纷主要事实");
        errors
            .GetProperty("obligations[0].instalments")
            .EnumerateArray()
            .Select(e => e.GetString())
            .Should()
            .Contain("各期金额之和应等于总金额");

        var past = await c.Mediator.Client.PostAsJsonAsync(
            $"/api/disputes/{c.Id}/agreement",
            c.Draft(api.Today().AddDays(-1))
        );
        past.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await past.Content.ReadAsStringAsync()).Should().Contain("履行期限不能早于今天");
    }

    [Fact]
    public async Task AFailedMediationEndsTheCaseAndTellsBothPartiesTheOtherRoutes()
    {
        var c = await api.CaseInMediationAsync();
        var bad = await c.Mediator.Client.PostAsJsonAsync(
            $"/api/disputes/{c.Id}/failure",
            new { reasonCode = "no-such-code" }
        );
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);

        var failed = await c
            .Mediator.Client.PostAsync(
                $"/api/disputes/{c.Id}/failure",
                new { reasonCode = "respondent-refused", note = "被申请人明确表示不同意调解" }
            )
            .OkJsonAsync();

        failed.GetProperty("status").GetString().Should().Be("Failed");
        foreach (var party in new[] { c.Applicant, c.Respondent })
            (await party.InboxAsync())
                .GetProperty("items")
                .EnumerateArray()
                .Should()
                .Contain(n =>
                    n.GetProperty("kind").GetString() == "MediationFailed"
                    && n.GetProperty("body").GetString()!.Contains("仲裁")
                    && n.GetProperty("body").GetString()!.Contains("诉讼")
                );
        (await c.Mediator.Client.PostAsJsonAsync($"/api/disputes/{c.Id}/agreement", c.Draft(api.Today().AddDays(5))))
            .StatusCode.Should()
            .Be(HttpStatusCode.Conflict);

        var closed = await c
            .Mediator.Client.PostAsync(
                $"/api/disputes/{c.Id}/follow-up",
                new
                {
                    method = "Phone",
                    performanceStatus = "调解终止，已告知其他途径",
                    satisfaction = 3,
                }
            )
            .OkJsonAsync();
        closed.GetProperty("caseStatus").GetString().Should().Be("Closed");
    }

    [Fact]
    public async Task JudicialConfirmationIsNotOfferedForPersonalStatusTermsAndSaysWhy()
    {
        var c = await api.CaseInMediationAsync();
        var agreement = await c.AgreedAsync(api.Today().AddDays(10), personalStatus: true);
        var judicial = agreement.GetProperty("judicialConfirmation");
        judicial.GetProperty("offered").GetBoolean().Should().BeFalse();
        judicial.GetProperty("notOfferedReason").GetString().Should().Contain("身份关系");

        var response = await c.Mediator.Client.PostAsJsonAsync(
            $"/api/agreements/{agreement.GetProperty("id")}/judicial-confirmation",
            new { appliedOn = api.Today(), court = "文登区人民法院" }
        );
        response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await response.Content.ReadAsStringAsync()).Should().Contain("身份关系");
    }

    [Fact]
    public async Task PartiesAreRemindedOfTheJudicialConfirmationDeadlineOnDays20And27Once()
    {
        var c = await api.CaseInMediationAsync();
        await c.AgreedAsync(api.Today().AddDays(60));
        api.Clock.Advance(TimeSpan.FromDays(20) + TimeSpan.FromMinutes(1));
        await api.ComplianceAsync();
        await api.ComplianceAsync();
        Reminders(await c.Applicant.InboxAsync()).Should().Be(1);
        api.Clock.Advance(TimeSpan.FromDays(7));
        await api.ComplianceAsync();
        Reminders(await c.Applicant.InboxAsync()).Should().Be(2);
        await api.DeliverAsync();
        api.Sms.Messages.Where(m => m.Phone == c.RespondentPhone && m.Content.Contains("司法确认"))
            .Should()
            .HaveCount(3, "the respondent is told at once and reminded twice, by SMS as they gave no WeChat consent");

        static int Reminders(JsonElement inbox) =>
            inbox
                .GetProperty("items")
                .EnumerateArray()
                .Count(n => n.GetProperty("kind").GetString() == "JudicialConfirmationReminder");
    }
}

public sealed class AgreementTestsOnSqlite(OutcomesHost<SqliteDatabase> api)
    : AgreementTests(api),
        IClassFixture<OutcomesHost<SqliteDatabase>>;

public sealed class AgreementTestsOnPostgres(OutcomesHost<PostgresDatabase> api)
    : AgreementTests(api),
        IClassFixture<OutcomesHost<PostgresDatabase>>;
