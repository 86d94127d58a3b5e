using System.Text.Json;

namespace Mediation.Api.Disputes;

/// <summary>One reason for a case's risk level, in words the clerk can read, with the words of the case that gave it.</summary>
public sealed record RiskReason(string Code, string Text, string? Evidence)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static List<RiskReason> Parse(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<List<RiskReason>>(json, Json) ?? [];

    public static string? ToJson(IReadOnlyCollection<RiskReason> reasons) =>
        reasons.Count == 0 ? null : JsonSerializer.Serialize(reasons, Json);
}
