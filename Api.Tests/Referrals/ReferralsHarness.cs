using System.Text.Json.Nodes;
using Mediation.Api.Auth;
using Mediation.Api.Infrastructure.Security;
using Mediation.Api.Referrals;
using Mediation.Api.Tests.Fakes;
using Mediation.Api.Tests.Intake;

namespace Mediation.Api.Tests.Referrals;

/// <summary>The outcomes test service with a court's result endpoint on loopback: it checks the signature and the
/// Idempotency-Key like the credit centre's receiver.</summary>
public abstract class ReferralsFactory(ITestDatabase database) : OutcomesFactory(database)
{
    public const string CourtSecret = "court-result-endpoint-secret";
    public const string Court = Registrations.Court;
    public FakeCreditCentre CourtEndpoint { get; private set; } = null!;

    protected override async Task<IEnumerable<KeyValuePair<string, string?>>> StartFakesAsync()
    {
        CourtEndpoint = await FakeCreditCentre.StartAsync(
            CourtSecret,
            () => Clock.GetUtcNow(),
            "/api/pre-litigation/mediation-results"
        );
        return (await base.StartFakesAsync()).Concat([
            new("ReferralFeedback:Endpoints:0:Source", "CourtReferral"),
            new("ReferralFeedback:Endpoints:0:Url", CourtEndpoint.Url),
            new("ReferralFeedback:Endpoints:0:Secret", CourtSecret),
        ]);
    }

    protected override async Task StopFakesAsync()
    {
        await base.StopFakesAsync();
        await CourtEndpoint.DisposeAsync();
    }
}

public sealed class ReferralsHost<TDatabase>() : ReferralsFactory(new TDatabase())
    where TDatabase : ITestDatabase, new();

public static class ReferralsHarness
{
    /// <summary>A court referral registered by the clerk of WD-ZJC-XC, accepted and assigned, whose applicant and
    /// respondent have bound the phones the case names.</summary>
    public static async Task<PartyCase> CourtCaseInMediationAsync(this ReferralsFactory api)
    {
        var applicantPhone = "136" + Random.Shared.Next(10_000_000, 99_999_999);
        var respondentPhone = "139" + Random.Shared.Next(10_000_000, 99_999_999);
        var intake = await api.NewStaffAsync("WD-ZJC-XC", [StaffRoles.Intake]);
        var mediator = await api.NewStaffAsync("WD-ZJC-XC", [StaffRoles.Mediator], "调解员王");
        var supervisor = await api.NewStaffAsync("WD-ZJC-XC", [StaffRoles.Supervisor], "所长赵");
        var body = await Registrations.RegistrationAsync(
            intake.Client,
            "WD-ZJC-XC",
            "CourtReferral",
            Registrations.CourtReferral(api.Today().ToString("yyyy-MM-dd")),
            respondentPhone
        );
        body["applicant"]!["phone"] = applicantPhone;
        var created = await intake.Client.RegisterOkAsync(body);
        var id = created.GetProperty("id").GetGuid();
        await intake.Client.PostAsync($"/api/intake/{id}/accept").OkJsonAsync();
        await intake
            .Client.PostAsync($"/api/intake/{id}/assign", new { mediatorIds = new[] { mediator.Id } })
            .OkJsonAsync();
        var applicant = await api.CitizenAsync("a-" + Guid.NewGuid());
        var respondent = await api.CitizenAsync("r-" + Guid.NewGuid());
        foreach (var (citizen, phone) in new[] { (applicant, applicantPhone), (respondent, respondentPhone) })
            (
                await citizen.PostAsJsonAsync("/api/me/phone", new { code = api.WeChat.IssuePhoneCode(phone) })
            ).EnsureSuccessStatusCode();
        return new PartyCase(
            id,
            created.GetProperty("caseNumber").GetString()!,
            applicant,
            respondent,
            mediator,
            supervisor,
            created.GetProperty("applicant").GetProperty("id").GetGuid(),
            created.GetProperty("respondents")[0].GetProperty("id").GetGuid(),
            respondentPhone,
            created
                .GetProperty("respondents")
                .EnumerateArray()
                .Skip(1)
                .Select(r => r.GetProperty("id").GetGuid())
                .ToList()
        );
    }

    public static Task<int> PushResultsAsync(this ApiFactory api) =>
        api.RunAsync<ResultPushJob>(j => j.DeliverDueAsync(CancellationToken.None));

    public static async Task<List<JsonElement>> ResultNoticesAsync(this HttpClient staff, Guid caseId) =>
        (await staff.GetAsync($"/api/disputes/{caseId}/result-notices").OkJsonAsync())
            .GetProperty("items")
            .EnumerateArray()
            .ToList();
}
