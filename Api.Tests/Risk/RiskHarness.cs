using Mediation.Api.Infrastructure.Security;
using Mediation.Api.Risk;
using Microsoft.EntityFrameworkCore;

namespace Mediation.Api.Tests.Risk;

/// <summary>A town with two villages of its own, a clerk and a supervisor at village A, supervisors at the town and the
/// county.</summary>
public sealed record RiskTown(string Town, string VillageA, Staff Clerk, Staff Supervisor, Staff TownSupervisor);

public static class RiskHarness
{
    public static async Task<RiskTown> NewRiskTownAsync(this ApiFactory api)
    {
        var (town, a, _) = await api.NewTownAsync();
        return new RiskTown(
            town,
            a,
            await api.NewStaffAsync(a, [StaffRoles.Intake], "受理员"),
            await api.NewStaffAsync(a, [StaffRoles.Supervisor], "村调委会主任"),
            await api.NewStaffAsync(town, [StaffRoles.Supervisor], "镇司法所所长")
        );
    }

    /// <summary>A case filed by a new citizen with these facts, and parties of their own (no related cases).</summary>
    public static Task<IntakeHarness.Filed> FileWithFactsAsync(
        this ApiFactory api,
        string bodyCode,
        string facts,
        string claims = "请求依法调解。"
    ) => api.FileCaseAsync(bodyCode, app =>
        {
            app["facts"] = facts;
            app["claims"] = claims;
            // A respondent of its own: the shared test parties would make every case a repeat dispute.
            var respondent = app["respondents"]![0]!.DeepClone();
            respondent["idNumber"] = null;
            respondent["phone"] = TestPhones.Next();
            app["respondents"] = new System.Text.Json.Nodes.JsonArray(respondent);
        });

    public static async Task<JsonElement> RiskAsync(this HttpClient staff, Guid id) =>
        await staff.GetAsync($"/api/risk/cases/{id}").OkJsonAsync();

    public static Task<int> SweepAsync(this ApiFactory api) =>
        api.RunAsync<RiskAlertJob>(j => j.SweepAsync(CancellationToken.None));

    /// <summary>Delivers the alerts staged for the case now, as their job would after the commit.</summary>
    public static async Task DeliverAlertsAsync(this ApiFactory api, Guid disputeId)
    {
        var ids = api.WithDb(db =>
            db.Set<RiskAlert>().Where(a => a.DisputeId == disputeId && a.DeliveredAt == null).Select(a => a.Id).ToList()
        );
        foreach (var id in ids)
            await api.RunAsync<RiskAlertJob>(async j => await j.DeliverAsync(id, CancellationToken.None) ? 1 : 0);
    }

    public static async Task<List<JsonElement>> InboxAsync(this HttpClient client) =>
        [.. (await client.GetAsync("/api/me/notifications").OkJsonAsync()).GetProperty("items").EnumerateArray()];

    public static List<string> Codes(this JsonElement reasons) =>
        [.. reasons.EnumerateArray().Select(r => r.GetProperty("code").GetString()!)];

    public static List<string> AuditActions(this ApiFactory api, string targetId) =>
        api.WithDb(db =>
            db.AuditEntries.AsNoTracking()
                .Where(e => e.TargetId == targetId)
                .OrderBy(e => e.At)
                .Select(e => e.Action)
                .ToList()
        );
}

/// <summary>Distinct mobile numbers, so that cases filed by different tests share no party.</summary>
internal static class TestPhones
{
    private static int next = Random.Shared.Next(10_000_000, 40_000_000);

    public static string Next() => $"139{Interlocked.Increment(ref next):D8}";
}
