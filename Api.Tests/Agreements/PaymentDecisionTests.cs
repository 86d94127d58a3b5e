using Mediation.Api.Agreements;
using Mediation.Api.Disputes;
using Mediation.Api.Notifications;
using Mediation.Api.Tests.Intake;
using Mediation.Api.Tests.Sessions;

namespace Mediation.Api.Tests.Agreements;

/// <summary>A payment report is decided once: concurrent decisions leave one winner, the others a Chinese 409, and the
/// notices match the state the report ended in.</summary>
public abstract class PaymentDecisionTests(OutcomesFactory api)
{
    [Fact]
    public async Task TwentyConcurrentConfirmationsOfOnePaymentGiveOneSuccessNineteenConflictsAndOneAuditRow()
    {
        var c = await api.CaseInMediationAsync();
        await c.AgreedAsync(api.Today().AddDays(10));
        var payment = await ReportAsync(c, 100_000); // a first instalment: the obligation stays open

        await ConfirmTwentyTimesAtOnceAsync(c, payment);

        api.WithDb(db => db.AuditEntries.Count(a => a.Action == "PaymentConfirmed" && a.TargetId == payment.ToString()))
            .Should()
            .Be(1);
        (await c.Respondent.GetAsync($"/api/disputes/{c.Id}/obligations").OkJsonAsync())
            .GetProperty("items")[0]
            .GetProperty("confirmedFen")
            .GetInt64()
            .Should()
            .Be(100_000);
    }

    [Fact]
    public async Task TwentyConcurrentConfirmationsOfTheLastPaymentFulfilTheAgreementOnceWithoutAServerError()
    {
        var c = await api.CaseInMediationAsync();
        await c.AgreedAsync(api.Today().AddDays(10));
        var payment = await ReportAsync(c, 300_000); // the whole obligation: the winner also fulfils it and the agreement

        await ConfirmTwentyTimesAtOnceAsync(c, payment);

        api.WithDb(db => db.AuditEntries.Count(a => a.Action == "PaymentConfirmed" && a.TargetId == payment.ToString()))
            .Should()
            .Be(1);
        var obligation = api.WithDb(db => db.Payments.Single(p => p.Id == payment).ObligationId.ToString());
        api.WithDb(db => db.AuditEntries.Count(a => a.Action == "ObligationFulfilled" && a.TargetId == obligation))
            .Should()
            .Be(1);
        api.WithDb(db => db.Notifications.Count(n => n.CaseId == c.Id && n.Kind == "AgreementFulfilled"))
            .Should()
            .Be(2, "one notice to each party with an account");
        (await c.Applicant.GetAsync($"/api/disputes/{c.Id}").OkJsonAsync())
            .GetProperty("status")
            .GetString()
            .Should()
            .Be("Fulfilled");
    }

    [Fact]
    public async Task ConfirmingAndDisputingAtOnceGiveOneSuccessAndOneConflictAndTheObligorIsToldOnlyWhatStands()
    {
        var c = await api.CaseInMediationAsync();
        await c.AgreedAsync(api.Today().AddDays(10));
        var respondentUser = api.WithDb(db => db.DisputeParties.Single(p => p.Id == c.RespondentPartyId).UserId!.Value);

        var disputedSoFar = 0;
        for (var round = 1; round <= 3; round++)
        {
            var payment = await ReportAsync(c, 1_000 * round);
            var reason = $"第{round}笔没有收到";
            var confirm = Task.Run(() => c.Applicant.PostAsync($"/api/payments/{payment}/confirm"));
            var dispute = Task.Run(() => c.Applicant.PostAsync($"/api/payments/{payment}/dispute", new { reason }));
            var responses = await Task.WhenAll(confirm, dispute);

            responses
                .Select(r => r.StatusCode)
                .Should()
                .BeEquivalentTo([HttpStatusCode.OK, HttpStatusCode.Conflict], await BodiesAsync(responses));
            var final = api.WithDb(db => db.Payments.Single(p => p.Id == payment).Status);
            final
                .Should()
                .Be(confirm.Result.StatusCode == HttpStatusCode.OK ? PaymentStatus.Confirmed : PaymentStatus.Disputed);
            var toldDisputed = api.WithDb(db =>
                db.Notifications.Count(n =>
                    n.RecipientId == respondentUser && n.Kind == "PaymentDisputed" && n.Body.Contains(reason)
                )
            );
            toldDisputed
                .Should()
                .Be(
                    final == PaymentStatus.Disputed ? 1 : 0,
                    "the obligor is told of a dispute only when the payment ended disputed"
                );
            api.WithDb(db =>
                    db.Notifications.Count(n =>
                        n.RecipientId == c.Mediator.Id && n.Kind == "PaymentDisputed" && n.CaseId == c.Id
                    )
                )
                .Should()
                .Be(final == PaymentStatus.Disputed ? disputedSoFar + 1 : disputedSoFar);
            if (final == PaymentStatus.Confirmed)
                api.WithDb(db => db.OutboxMessages.Count(o => o.NoticeKey.StartsWith($"payment-disputed:{payment:N}")))
                    .Should()
                    .Be(0);
            else
                disputedSoFar++;
            api.WithDb(db =>
                    db.AuditEntries.Count(a =>
                        a.TargetId == payment.ToString()
                        && (a.Action == "PaymentConfirmed" || a.Action == "PaymentDisputed")
                    )
                )
                .Should()
                .Be(1);
        }
    }

    private static async Task ConfirmTwentyTimesAtOnceAsync(PartyCase c, Guid payment)
    {
        var responses = await Task.WhenAll(
            Enumerable
                .Range(0, 20)
                .Select(_ => Task.Run(() => c.Applicant.PostAsync($"/api/payments/{payment}/confirm")))
        );

        responses.Count(r => r.StatusCode == HttpStatusCode.OK).Should().Be(1, await BodiesAsync(responses));
        responses.Count(r => r.StatusCode == HttpStatusCode.Conflict).Should().Be(19, await BodiesAsync(responses));
        foreach (var conflict in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
        {
            conflict.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
            (await conflict.JsonAsync()).GetProperty("title").GetString().Should().Be("该履行报告已处理");
        }
    }

    private async Task<Guid> ReportAsync(PartyCase c, long amountFen)
    {
        var obligation = (await c.Respondent.GetAsync($"/api/disputes/{c.Id}/obligations").OkJsonAsync())
            .GetProperty("items")[0]
            .GetProperty("id")
            .GetGuid();
        var payment = await c
            .Respondent.PostAsync($"/api/obligations/{obligation}/payments", new { amountFen, paidAt = api.Now() })
            .JsonCreatedAsync();
        return payment.GetProperty("id").GetGuid();
    }

    private static async Task<string> BodiesAsync(IEnumerable<HttpResponseMessage> responses) =>
        string.Join(
            "\n",
            await Task.WhenAll(
                responses.Select(async r => $"{(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}")
            )
        );
}

public sealed class PaymentDecisionTestsOnSqlite(OutcomesHost<SqliteDatabase> api)
    : PaymentDecisionTests(api),
        IClassFixture<OutcomesHost<SqliteDatabase>>;

public sealed class PaymentDecisionTestsOnPostgres(OutcomesHost<PostgresDatabase> api)
    : PaymentDecisionTests(api),
        IClassFixture<OutcomesHost<PostgresDatabase>>;
