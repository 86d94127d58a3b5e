using System.Text.Json;
using Mediation.Api.Infrastructure.Events;

namespace Mediation.Api.Disputes;

/// <summary>One reason for a case's risk level, in words the clerk can read, with the words of the case that gave
/// it.</summary>
public sealed record RiskReason(string Code, string Text, string? Evidence)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static List<RiskReason> Parse(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<List<RiskReason>>(json, Json) ?? [];

    public static string? ToJson(IReadOnlyCollection<RiskReason> reasons) =>
        reasons.Count == 0 ? null : JsonSerializer.Serialize(reasons, Json);
}

/// <summary>
/// A case is being filed (or registered). Raised before the write, outside any lock: handlers may set fields of the
/// case (its risk level), add rows to <see cref="Rows"/> (inserted by the filing's own write, in its transaction, with
/// no round trip of their own) and actions to <see cref="Committed"/>, run once the filing is committed. On SQLite the
/// write runs on the group commit's context, so handlers must not add to the request's context.
/// </summary>
public sealed class DisputeFiling(Dispute dispute) : IDomainEvent
{
    public Dispute Dispute { get; } = dispute;
    public List<object> Rows { get; } = [];
    public List<Action> Committed { get; } = [];
}

/// <summary>
/// Someone wrote something new about a case (a correction, an intake note, session minutes, a failure note, a
/// follow-up). Raised in the writer's unit of work before its save; what handlers change is saved with it.
/// </summary>
/// <param name="Source">What the text is: Correction, Note, SessionMinutes, Failure, FollowUp, Participation.</param>
public sealed record CaseTextAdded(Guid DisputeId, string Source, string Text) : IDomainEvent;
