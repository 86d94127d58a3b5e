using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;
using Mediation.Api.Auth;
using Mediation.Api.Infrastructure;
using Mediation.Api.Infrastructure.Security;
using Mediation.Api.Tests.Intake;
using Mediation.Api.Tests.Sessions;

namespace Mediation.Api.Tests.Documents;

public abstract class DocumentTests(OutcomesFactory api)
{
    [Fact]
    public async Task TheAgreementIsAValidWordFileWithArticle29ContentsCapitalAmountAndChinaDates()
    {
        var c = await api.CaseInMediationAsync();
        // 01:30 in China is the evening before in UTC: every date printed must be China's.
        var day = api.Today().AddDays(1);
        api.SetLocal(day, new TimeSpan(1, 30, 0));
        await c.AgreedAsync(day.AddDays(10));

        var response = await c.Mediator.Client.GetAsync($"/api/disputes/{c.Id}/documents/agreement");

        var text = await Docx.TextAsync(response);
        response.Content.Headers.ContentDisposition!.FileNameStar.Should().Be($"{c.CaseNumber}-人民调解协议书.docx");
        text.Should()
            .Contain("人民调解协议书")
            .And.Contain(c.CaseNumber)
            .And.Contain("张三")
            .And.Contain("李四")
            .And.Contain("纠纷主要事实")
            .And.Contain("双方因车辆刮擦发生纠纷。")
            .And.Contain("争议事项及各方责任")
            .And.Contain("被申请人负主要责任。")
            .And.Contain("协议内容")
            .And.Contain("履行方式、地点、期限")
            .And.Contain("3000.00元（人民币叁仟元整）")
            .And.Contain("本协议一式四份")
            .And.Contain("按指印")
            .And.Contain("（印章）")
            .And.Contain(ChineseDate(day), "the effective date is the day in China")
            .And.Contain($"{day:yyyy-MM-dd} 01:3", "confirmation times are printed in China time")
            .And.Contain("当事人身份信息");
        // The confirmed text names the parties masked (its hash is what they confirmed); the identity sheet gives the
        // mediator, staff, every full number, as the court checks them against the ID cards.
        text.Split("当事人身份信息")[0]
            .Should()
            .NotContain(Applications.RespondentId)
            .And.NotContain(Applications.ApplicantId);
        text.Split("当事人身份信息")[1]
            .Should()
            .Contain(Applications.RespondentId)
            .And.Contain(Applications.ApplicantId);
        var forTheCourt = await Docx.TextAsync(
            await c.Respondent.GetAsync($"/api/disputes/{c.Id}/documents/judicial-confirmation-application")
        );
        forTheCourt
            .Should()
            .Contain("司法确认申请书")
            .And.Contain("申请人：李四")
            .And.Contain(Applications.RespondentId, "a party reads their own number in full where the form needs it")
            .And.NotContain(Applications.ApplicantId, "and the other party's masked")
            .And.Contain("3710**********1235");
        var staffCopy = await Docx.TextAsync(
            await c.Mediator.Client.GetAsync($"/api/disputes/{c.Id}/documents/judicial-confirmation-application")
        );
        staffCopy.Should().Contain(Applications.RespondentId).And.Contain(Applications.ApplicantId);
        var applicantAgreement = await Docx.TextAsync(
            await c.Applicant.GetAsync($"/api/disputes/{c.Id}/documents/agreement")
        );
        applicantAgreement.Should().Contain(Applications.ApplicantId).And.NotContain(Applications.RespondentId);
        api.WithDb(db =>
                db.AuditEntries.Count(e =>
                    e.Action == "DocumentDownloaded"
                    && e.TargetId == c.Id.ToString()
                    && e.Details!.Contains("fullIdNumbers\":[\"")
                )
            )
            .Should()
            .Be(4, "each download that printed a full number says whose");
    }

    [Fact]
    public async Task EveryDocumentACaseHasIsValidAndTheListSaysWhyTheOthersAreNot()
    {
        var c = await api.CaseInMediationAsync();
        var start = api.Now().AddHours(1);
        var session = await c
            .Mediator.Client.PostAsJsonAsync(
                $"/api/disputes/{c.Id}/sessions",
                new
                {
                    mode = "Phone",
                    startsAt = start,
                    durationMinutes = 60,
                    partyIds = new[] { c.ApplicantPartyId, c.RespondentPartyId },
                }
            )
            .JsonCreatedAsync();
        api.Clock.Advance(TimeSpan.FromHours(2));
        await c
            .Mediator.Client.PostAsync(
                $"/api/sessions/{session.GetProperty("id").GetGuid()}/outcome",
                new { result = "Held", minutes = "双方同意由被申请人赔偿修车费。" }
            )
            .OkJsonAsync();
        var before = await ListAsync(c.Mediator.Client, c.Id);
        before["agreement"].GetProperty("available").GetBoolean().Should().BeFalse();
        before["agreement"].GetProperty("reason").GetString().Should().Contain("尚未起草");
        await c.AgreedAsync(api.Today().AddDays(10));

        var list = await ListAsync(c.Mediator.Client, c.Id);

        var available = list.Where(k => k.Value.GetProperty("available").GetBoolean()).Select(k => k.Key).ToList();
        available
            .Should()
            .BeEquivalentTo([
                "application",
                "rights-notice",
                "acceptance-notice",
                "mediation-record",
                "agreement",
                "judicial-confirmation-application",
                "service-receipt",
                "case-file-cover",
            ]);
        list["termination-notice"].GetProperty("reason").GetString().Should().Be("本案未终止调解。");
        var texts = new Dictionary<string, string>();
        foreach (var kind in available)
            texts[kind] = await Docx.TextAsync(
                await c.Mediator.Client.GetAsync($"/api/disputes/{c.Id}/documents/{kind}")
            );
        texts.Values.Should().AllSatisfy(t => t.Should().Contain(c.CaseNumber));

        // Per caller: each party is offered what is meant for them, gets exactly that, and reads a full ID number only
        // their own and only on the two forms that need it.
        string[] fullIdForms = ["agreement", "judicial-confirmation-application"];
        var callers = new[]
        {
            (Client: c.Applicant, Own: Applications.ApplicantId, Other: Applications.RespondentId, Applicant: true),
            (Client: c.Respondent, Own: Applications.RespondentId, Other: Applications.ApplicantId, Applicant: false),
        };
        var partyDownloads = 0;
        foreach (var caller in callers)
        {
            var offered = (await ListAsync(caller.Client, c.Id)).Keys.ToList();
            string[] meant = caller.Applicant
                ?
                [
                    "application",
                    "rights-notice",
                    "acceptance-notice",
                    "refusal-notice",
                    "agreement",
                    "oral-agreement",
                    "termination-notice",
                    "judicial-confirmation-application",
                ]
                :
                [
                    "application",
                    "rights-notice",
                    "agreement",
                    "oral-agreement",
                    "termination-notice",
                    "judicial-confirmation-application",
                ];
            offered.Should().BeEquivalentTo(meant);
            foreach (var kind in available)
            {
                var response = await caller.Client.GetAsync($"/api/disputes/{c.Id}/documents/{kind}");
                if (!offered.Contains(kind))
                {
                    response.StatusCode.Should().Be(HttpStatusCode.Forbidden, kind);
                    continue;
                }
                var text = await Docx.TextAsync(response);
                partyDownloads++;
                text.Should()
                    .Contain(c.CaseNumber, kind)
                    .And.NotContain(caller.Other, $"{kind}: another party's number");
                if (fullIdForms.Contains(kind))
                    text.Should().Contain(caller.Own, $"{kind}: the form needs the caller's own number");
                else
                    text.Should().NotContain(caller.Own, $"{kind}: masked where the form does not need it");
            }
        }
        texts["application"]
            .Should()
            .Contain("人民调解申请书")
            .And.Contain("5000.00元（人民币伍仟元整）")
            .And.Contain("请求清除杂物，恢复通行。")
            .And.Contain("3710**********1235")
            .And.Contain("1980年生")
            .And.NotContain("1980-05-01", "the birth date is given as the year only")
            .And.NotContain(Applications.ApplicantPhone);
        texts["rights-notice"].Should().Contain("选择或者接受人民调解员").And.Contain("张三");
        texts["acceptance-notice"].Should().Contain("予以受理").And.Contain("第十七条");
        texts["mediation-record"].Should().Contain("双方同意由被申请人赔偿修车费。").And.Contain("张三、李四");
        texts["judicial-confirmation-application"]
            .Should()
            .Contain("司法确认申请书")
            .And.Contain("第三十三条")
            .And.Contain(ChineseDate(api.Today().AddDays(30)), "the 30 days of art. 33 run from the effective date")
            .And.Contain("人民调解协议书", "the agreement is attached")
            .And.Contain("人民币叁仟元整");
        texts["case-file-cover"].Should().Contain("卷内目录").And.Contain("备考表").And.Contain("人民调解记录");
        api.WithDb(db => db.AuditEntries.Count(e => e.Action == "DocumentDownloaded" && e.TargetId == c.Id.ToString()))
            .Should()
            .Be(available.Count + partyDownloads, "every download is audited, a refused one is not a download");
    }

    [Fact]
    public async Task AnOralAgreementIsRegisteredOnItsOwnFormAndNotPrintedAsAWrittenOne()
    {
        var c = await api.CaseInMediationAsync();
        var draft = await c.DraftOkAsync(
            new
            {
                kind = "Oral",
                facts = "双方因通道堆物发生口角。",
                responsibilities = "被申请人负主要责任。",
                terms = "被申请人当场清除杂物并赔偿损失。",
                personalStatus = false,
                obligations = new[]
                {
                    new
                    {
                        obligorPartyId = c.RespondentPartyId,
                        obligeePartyId = c.ApplicantPartyId,
                        description = "赔偿损失",
                        amountFen = 300_000L,
                        dueDate = api.Today().AddDays(5),
                        method = "现金",
                    },
                },
            }
        );
        var id = draft.GetProperty("id").GetGuid();
        var sha = (await c.SubmitOkAsync(id)).GetProperty("sha256").GetString()!;
        await c.Applicant.SignAsync(id, sha).OkJsonAsync();

        var text = await Docx.TextAsync(await c.Applicant.GetAsync($"/api/disputes/{c.Id}/documents/oral-agreement"));
        var written = await c.Applicant.GetAsync($"/api/disputes/{c.Id}/documents/agreement");

        text.Should()
            .Contain("口头调解协议登记表")
            .And.Contain("被申请人当场清除杂物并赔偿损失。")
            .And.Contain("3000.00元（人民币叁仟元整）")
            .And.Contain("第三十条")
            .And.Contain("申请人 张三");
        await written.ShouldBeProblemAsync(HttpStatusCode.Conflict, "口头协议");
    }

    [Fact]
    public async Task AKindTheCaseDoesNotHaveYetIsRefusedWithACode()
    {
        var c = await api.CaseInMediationAsync();

        foreach (var kind in new[] { "agreement", "termination-notice", "judicial-confirmation-application" })
        {
            var response = await c.Mediator.Client.GetAsync($"/api/disputes/{c.Id}/documents/{kind}");
            await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
            (await response.Content.ReadFromJsonAsync<JsonElement>())
                .GetProperty("code")
                .GetString()
                .Should()
                .Be("document-unavailable");
        }
        (await c.Mediator.Client.GetAsync($"/api/disputes/{c.Id}/documents/no-such-kind"))
            .StatusCode.Should()
            .Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AFailedMediationsNoticeNamesTheReasonAndTheOtherRoutes()
    {
        var c = await api.CaseInMediationAsync();
        await c
            .Mediator.Client.PostAsync(
                $"/api/disputes/{c.Id}/failure",
                new { reasonCode = "respondent-refused", note = "被申请人明确表示不同意调解" }
            )
            .OkJsonAsync();

        var text = await Docx.TextAsync(
            await c.Respondent.GetAsync($"/api/disputes/{c.Id}/documents/termination-notice")
        );

        text.Should()
            .Contain("终止人民调解告知书")
            .And.Contain("第二十六条")
            .And.Contain("被申请人明确表示不同意调解")
            .And.Contain("仲裁")
            .And.Contain("诉讼")
            .And.Contain(ChineseDate(api.Today()));
        await c
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
        var followUp = await Docx.TextAsync(
            await c.Mediator.Client.GetAsync($"/api/disputes/{c.Id}/documents/follow-up-record")
        );
        followUp.Should().Contain("电话回访").And.Contain("调解终止，已告知其他途径").And.NotContain("Phone");
        (await Docx.TextAsync(await c.Mediator.Client.GetAsync($"/api/disputes/{c.Id}/documents/case-file-cover")))
            .Should()
            .Contain("终止人民调解告知书")
            .And.Contain("人民调解回访记录")
            .And.Contain("结案日期\n" + ChineseDate(api.Today()));
    }

    [Fact]
    public async Task ARefusalNoticeGivesTheCodedReasonToTheApplicant()
    {
        var filed = await api.FileCaseAsync();
        var intake = await api.NewStaffAsync("WD-ZJC-XC", [StaffRoles.Intake]);
        await intake
            .Client.PostAsync(
                $"/api/intake/{filed.Id}/reject",
                new { reasonCode = "already-before-court", note = "已在文登区法院立案" }
            )
            .OkJsonAsync();

        var list = await ListAsync(filed.Citizen, filed.Id);
        var text = await Docx.TextAsync(
            await filed.Citizen.GetAsync($"/api/disputes/{filed.Id}/documents/refusal-notice")
        );

        list.Keys.Should().NotContain("mediation-record", "a party is not offered the committee's internal records");
        list["acceptance-notice"].GetProperty("available").GetBoolean().Should().BeFalse();
        text.Should()
            .Contain("不予受理告知书")
            .And.Contain("already-before-court")
            .And.Contain("已在文登区法院立案")
            .And.Contain("张三：");
    }

    [Fact]
    public async Task OutsidersGetNothingAndAPartyGetsOnlyWhatIsMeantForThem()
    {
        var c = await api.CaseInMediationAsync();
        var elsewhere = await api.NewStaffAsync("WD-ZJC-DC", [StaffRoles.Intake]);
        var stranger = await api.CitizenAsync("s-" + Guid.NewGuid());
        foreach (var client in new[] { elsewhere.Client, stranger })
        {
            (await client.GetAsync($"/api/disputes/{c.Id}/documents")).StatusCode.Should().Be(HttpStatusCode.NotFound);
            (await client.GetAsync($"/api/disputes/{c.Id}/documents/application"))
                .StatusCode.Should()
                .Be(HttpStatusCode.NotFound);
        }
        (await api.CreateClient().GetAsync($"/api/disputes/{c.Id}/documents/application"))
            .StatusCode.Should()
            .Be(HttpStatusCode.Unauthorized);

        var record = await c.Applicant.GetAsync($"/api/disputes/{c.Id}/documents/case-file-cover");
        await record.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await record.Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("code")
            .GetString()
            .Should()
            .Be("document-not-for-parties");
        (await c.Respondent.GetAsync($"/api/disputes/{c.Id}/documents/acceptance-notice"))
            .StatusCode.Should()
            .Be(HttpStatusCode.Forbidden, "the acceptance notice is addressed to the applicant");
        (await Docx.TextAsync(await c.Applicant.GetAsync($"/api/disputes/{c.Id}/documents/acceptance-notice")))
            .Should()
            .Contain("予以受理");
    }

    private static async Task<Dictionary<string, JsonElement>> ListAsync(HttpClient client, Guid id) =>
        (await client.GetAsync($"/api/disputes/{id}/documents").OkJsonAsync())
            .EnumerateArray()
            .ToDictionary(k => k.GetProperty("kind").GetString()!);

    /// <summary>二〇二六年十二月二日, written here independently of the service's own formatting.</summary>
    private static string ChineseDate(DateOnly d)
    {
        const string digits = "〇一二三四五六七八九";
        static string Small(int n, string digits) =>
            n < 10 ? digits[n].ToString()
            : n < 20 ? "十" + (n == 10 ? "" : digits[n - 10].ToString())
            : digits[n / 10] + "十" + (n % 10 == 0 ? "" : digits[n % 10].ToString());
        return string.Concat(d.Year.ToString().Select(ch => digits[ch - '0']))
            + "年"
            + Small(d.Month, digits)
            + "月"
            + Small(d.Day, digits)
            + "日";
    }
}

public sealed class DocumentTestsOnSqlite(OutcomesHost<SqliteDatabase> api)
    : DocumentTests(api),
        IClassFixture<OutcomesHost<SqliteDatabase>>;

public sealed class DocumentTestsOnPostgres(OutcomesHost<PostgresDatabase> api)
    : DocumentTests(api),
        IClassFixture<OutcomesHost<PostgresDatabase>>;
