using Mediation.Api.Statistics;
using Mediation.Api.Tests.Intake;

namespace Mediation.Api.Tests.Statistics;

/// <summary>协议涉及金额 comes from the effective agreements, not from what the applicant claimed when filing.</summary>
public abstract class AgreementAmountTests(OutcomesFactory api)
{
    private string ThisMonth =>
        ReportMonth.Format(ReportMonth.Previous(api.Clock.GetUtcNow().UtcDateTime).AddMonths(1));

    /// <summary>Drafts an agreement with one obligation per amount (null: a non-monetary one), and has everyone confirm
    /// it.</summary>
    private async Task AgreeAsync(PartyCase c, params long?[] amounts)
    {
        var due = api.Today().AddDays(30);
        var draft = new
        {
            kind = "Written",
            facts = "双方因车辆刮擦发生纠纷。",
            responsibilities = "被申请人负主要责任。",
            terms = "被申请人赔偿申请人损失。",
            personalStatus = false,
            obligations = amounts
                .Select(a => new
                {
                    obligorPartyId = c.RespondentPartyId,
                    obligeePartyId = c.ApplicantPartyId,
                    description = a is null ? "当面赔礼道歉" : "支付赔偿款",
                    amountFen = a,
                    dueDate = due,
                    method = a is null ? null : "银行转账",
                })
                .ToArray(),
        };
        var id = (await c.DraftOkAsync(draft)).GetProperty("id").GetGuid();
        var sha = (await c.SubmitOkAsync(id)).GetProperty("sha256").GetString()!;
        await c.Applicant.SignAsync(id, sha).OkJsonAsync();
        await c.Respondent.SignAsync(id, sha).OkJsonAsync();
        foreach (var other in c.OtherPartyIds)
            await c
                .Mediator.Client.PostAsync($"/api/agreements/{id}/sign", new { sha256 = sha, partyId = other })
                .OkJsonAsync();
        await c.Mediator.Client.SignAsync(id, sha).OkJsonAsync();
        (await c.Supervisor.Client.PostAsync($"/api/agreements/{id}/approve", new { sha256 = sha }).OkJsonAsync())
            .GetProperty("status")
            .GetString()
            .Should()
            .Be("Effective");
    }

    private async Task<(long Agreement, long Application, int Successful)> AmountsAsync(Staff supervisor)
    {
        var r = await supervisor
            .Client.GetAsync($"/api/stats/monthly?bodyId={api.BodyId("WD-ZJC-XC")}&month={ThisMonth}")
            .OkJsonAsync();
        return (
            r.GetProperty("agreementAmountFen").GetInt64(),
            r.GetProperty("applicationAmountFen").GetInt64(),
            r.GetProperty("successful").GetInt32()
        );
    }

    [Fact]
    public async Task TheAgreementAmountSumsTheEffectiveAgreementsAndCountsTheApplicationOnlyWhereTheAgreementNamesNone()
    {
        // Every application here claims 5,000 yuan (500000 fen); the agreements settle for other sums.
        var first = await api.CaseInMediationAsync();
        var before = await AmountsAsync(first.Supervisor);

        await AgreeAsync(first, 50_000); // 500 yuan
        await AgreeAsync(await api.CaseInMediationAsync(), 30_000, 50_000); // 800 yuan in two obligations
        var afterMoney = await AmountsAsync(first.Supervisor);
        await AgreeAsync(await api.CaseInMediationAsync(), [null]); // an apology only: the application's amount stands in
        var after = await AmountsAsync(first.Supervisor);

        (afterMoney.Successful - before.Successful).Should().Be(2);
        (afterMoney.Agreement - before.Agreement)
            .Should()
            .Be(130_000, "500 + 800 yuan agreed, whatever the applications claimed");
        (afterMoney.Application - before.Application).Should().Be(0);
        (after.Agreement - afterMoney.Agreement).Should().Be(500_000);
        (after.Application - afterMoney.Application).Should().Be(500_000, "the estimate is reported as such");
    }

    [Fact]
    public async Task TheExportsLabelThePartTakenFromApplications()
    {
        var c = await api.CaseInMediationAsync();
        await AgreeAsync(c, [null]);

        var csv = await (
            await c.Supervisor.Client.GetAsync(
                $"/api/stats/monthly?bodyId={api.BodyId("WD-ZJC-XC")}&month={ThisMonth}&format=csv"
            )
        ).Content.ReadAsStringAsync();
        var report = await c
            .Supervisor.Client.GetAsync($"/api/stats/monthly?bodyId={api.BodyId("WD-ZJC-XC")}&month={ThisMonth}")
            .OkJsonAsync();

        var line = csv.Split("\r\n")
            .Single(l => l.StartsWith(StatisticsExport.ApplicationAmountLabel, StringComparison.Ordinal));
        decimal.Parse(line.Split(',')[1])
            .Should()
            .Be(report.GetProperty("applicationAmountFen").GetInt64() / 100m)
            .And.BeGreaterThan(0);
    }
}

public sealed class AgreementAmountTestsOnSqlite(OutcomesHost<SqliteDatabase> api)
    : AgreementAmountTests(api),
        IClassFixture<OutcomesHost<SqliteDatabase>>;

public sealed class AgreementAmountTestsOnPostgres(OutcomesHost<PostgresDatabase> api)
    : AgreementAmountTests(api),
        IClassFixture<OutcomesHost<PostgresDatabase>>;
