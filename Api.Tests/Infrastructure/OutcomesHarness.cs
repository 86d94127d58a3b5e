using Mediation.Api.Agreements;
using Mediation.Api.Auth;
using Mediation.Api.Credit;
using Mediation.Api.Infrastructure;
using Mediation.Api.Infrastructure.Security;
using Mediation.Api.Tests.Fakes;
using Mediation.Api.Tests.Intake;
using Mediation.Api.Tests.Sessions;
using Microsoft.Extensions.DependencyInjection;

namespace Mediation.Api.Tests.Infrastructure;

/// <summary>The sessions test service plus a fake credit centre on loopback. Tokens outlive the months these tests move
/// the clock.</summary>
public abstract class OutcomesFactory(ITestDatabase database) : SessionsFactory(database)
{
    public const string CreditSecret = "credit-centre-secret-for-tests";
    public FakeCreditCentre CreditCentre { get; private set; } = null!;

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
        [
            new("Sessions:ProposeFirstSession", "false"),
            new("Auth:CitizenTokenLifetime", "400.00:00:00"),
            new("Auth:StaffTokenLifetime", "400.00:00:00"),
        ];

    protected override async Task<IEnumerable<KeyValuePair<string, string?>>> StartFakesAsync()
    {
        CreditCentre = await FakeCreditCentre.StartAsync(CreditSecret, () => Clock.GetUtcNow());
        return (await base.StartFakesAsync()).Concat([
            new("CreditCentre:Endpoint", CreditCentre.Url),
            new("CreditCentre:Secret", CreditSecret),
        ]);
    }

    protected override async Task StopFakesAsync()
    {
        await base.StopFakesAsync();
        await CreditCentre.DisposeAsync();
    }
}

public sealed class OutcomesHost<TDatabase>() : OutcomesFactory(new TDatabase())
    where TDatabase : ITestDatabase, new();

/// <summary>A case in mediation whose respondent has an account (bound by a verified phone unique to the
/// case).</summary>
public sealed record PartyCase(
    Guid Id,
    string CaseNumber,
    HttpClient Applicant,
    HttpClient Respondent,
    Staff Mediator,
    Staff Supervisor,
    Guid ApplicantPartyId,
    Guid RespondentPartyId,
    string RespondentPhone,
    IReadOnlyList<Guid> OtherPartyIds
);

public static class OutcomesHarness
{
    public static async Task<PartyCase> CaseInMediationAsync(this OutcomesFactory api)
    {
        var phone = "139" + Random.Shared.Next(10_000_000, 99_999_999);
        var applicant = await api.CitizenAsync("a-" + Guid.NewGuid());
        var created = await applicant.FileOkAsync(await Applications.ValidAsync(applicant, respondentPhone: phone));
        var id = created.GetProperty("id").GetGuid();
        var intake = await api.NewStaffAsync("WD-ZJC-XC", [StaffRoles.Intake]);
        var mediator = await api.NewStaffAsync("WD-ZJC-XC", [StaffRoles.Mediator], "调解员王");
        var supervisor = await api.NewStaffAsync("WD-ZJC-XC", [StaffRoles.Supervisor], "所长赵");
        var accepted = await intake.Client.PostAsync($"/api/intake/{id}/accept").OkJsonAsync();
        await intake
            .Client.PostAsync($"/api/intake/{id}/assign", new { mediatorIds = new[] { mediator.Id } })
            .OkJsonAsync();
        var respondent = await api.CitizenAsync("r-" + Guid.NewGuid());
        (
            await respondent.PostAsJsonAsync("/api/me/phone", new { code = api.WeChat.IssuePhoneCode(phone) })
        ).EnsureSuccessStatusCode();
        return new PartyCase(
            id,
            accepted.GetProperty("caseNumber").GetString()!,
            applicant,
            respondent,
            mediator,
            supervisor,
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
    }

    public static DateOnly Today(this ApiFactory api) => ChinaTime.Date(api.Now());

    /// <summary>The respondent pays the applicant 3,000 yuan by <paramref name="due"/>.</summary>
    public static object Draft(
        this PartyCase c,
        DateOnly due,
        bool personalStatus = false,
        string terms = "被申请人赔偿申请人修车费用。"
    ) =>
        new
        {
            kind = "Written",
            facts = "双方因车辆刮擦发生纠纷。",
            responsibilities = "被申请人负主要责任。",
            terms,
            personalStatus,
            obligations = new[]
            {
                new
                {
                    obligorPartyId = c.RespondentPartyId,
                    obligeePartyId = c.ApplicantPartyId,
                    description = "支付修车费",
                    amountFen = 300_000L,
                    dueDate = due,
                    method = "银行转账",
                },
            },
        };

    public static async Task<JsonElement> DraftOkAsync(this PartyCase c, object draft) =>
        await c.Mediator.Client.PostAsync($"/api/disputes/{c.Id}/agreement", draft).JsonCreatedAsync();

    public static async Task<JsonElement> JsonCreatedAsync(this Task<HttpResponseMessage> call)
    {
        var response = await call;
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<JsonElement> SubmitOkAsync(this PartyCase c, Guid agreementId) =>
        await c.Mediator.Client.PostAsync($"/api/agreements/{agreementId}/submit").OkJsonAsync();

    public static Task<HttpResponseMessage> SignAsync(this HttpClient client, Guid agreementId, string sha256) =>
        client.PostAsJsonAsync($"/api/agreements/{agreementId}/sign", new { sha256 });

    /// <summary>Drafts, submits and has everyone confirm the text they were shown: the agreement is
    /// effective.</summary>
    public static async Task<JsonElement> AgreedAsync(this PartyCase c, DateOnly due, bool personalStatus = false)
    {
        var id = (await c.DraftOkAsync(c.Draft(due, personalStatus))).GetProperty("id").GetGuid();
        var submitted = await c.SubmitOkAsync(id);
        var sha = submitted.GetProperty("sha256").GetString()!;
        await c.Applicant.SignAsync(id, sha).OkJsonAsync();
        await c.Respondent.SignAsync(id, sha).OkJsonAsync();
        foreach (var other in c.OtherPartyIds) // the company has no account: it signs on paper, the mediator records it
            await c
                .Mediator.Client.PostAsync($"/api/agreements/{id}/sign", new { sha256 = sha, partyId = other })
                .OkJsonAsync();
        await c.Mediator.Client.SignAsync(id, sha).OkJsonAsync();
        return await c.Supervisor.Client.PostAsync($"/api/agreements/{id}/approve", new { sha256 = sha }).OkJsonAsync();
    }

    public static async Task<JsonElement> OkJsonAsync(this Task<HttpResponseMessage> call, HttpStatusCode expected)
    {
        var response = await call;
        response.StatusCode.Should().Be(expected, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<int> RunAsync<TJob>(this ApiFactory api, Func<TJob, Task<int>> run)
        where TJob : notnull
    {
        await using var scope = api.Services.CreateAsyncScope();
        return await run(scope.ServiceProvider.GetRequiredService<TJob>());
    }

    public static Task<int> EscalateAsync(this ApiFactory api) =>
        api.RunAsync<CreditEscalationJob>(j => j.RunAsync(CancellationToken.None));

    public static Task<int> ComplianceAsync(this ApiFactory api) =>
        api.RunAsync<ComplianceJob>(j => j.RunAsync(CancellationToken.None));

    public static Task<int> PushAsync(this ApiFactory api) =>
        api.RunAsync<CreditPushJob>(j => j.DeliverDueAsync(CancellationToken.None));

    public static async Task<List<JsonElement>> ProposalsAsync(this PartyCase c, string? status = null) =>
        (
            await c
                .Supervisor.Client.GetAsync(
                    $"/api/credit/proposals?disputeId={c.Id}{(status is null ? "" : "&status=" + status)}"
                )
                .OkJsonAsync()
        )
            .GetProperty("items")
            .EnumerateArray()
            .ToList();

    /// <summary>Moves the fake clock to a local (Asia/Shanghai) date and time.</summary>
    public static void SetLocal(this ApiFactory api, DateOnly date, TimeSpan timeOfDay) =>
        api.Clock.SetUtcNow(new DateTimeOffset(ChinaTime.Utc(date, timeOfDay), TimeSpan.Zero));
}
