using System.Text.Json;

namespace Mediation.Api.Infrastructure.Audit;

/// <summary>
/// Adds audit entries to the current unit of work, so an entry is committed in the same
/// transaction as the change it records. Use <see cref="WriteNowAsync"/> for events that
/// change nothing else (a failed login, a refused access).
/// </summary>
public sealed class AuditLog(AppDbContext db, IHttpContextAccessor http, TimeProvider clock)
{
    public AuditEntry Record(
        string action,
        string targetType,
        object? targetId,
        object? details = null,
        string outcome = "Succeeded"
    )
    {
        var entry = Entry(action, targetType, targetId, details, outcome);
        db.AuditEntries.Add(entry);
        return entry;
    }

    /// <summary>An entry for the current caller that is not yet added anywhere (for a write that another context
    /// saves).</summary>
    public AuditEntry Entry(
        string action,
        string targetType,
        object? targetId,
        object? details = null,
        string outcome = "Succeeded"
    )
    {
        var context = http.HttpContext;
        var user = context?.User;
        return new AuditEntry
        {
            At = clock.GetUtcNow().UtcDateTime,
            ActorKind =
                user?.Identity?.IsAuthenticated == true ? user.GetKind() : (context is null ? "System" : "Anonymous"),
            ActorId = user?.Identity?.IsAuthenticated == true ? user.GetUserId() : null,
            Action = action,
            TargetType = targetType,
            TargetId = targetId?.ToString(),
            ClientAddress = context?.Connection.RemoteIpAddress?.ToString(),
            Outcome = outcome,
            Details = details is null ? null : DetailsJson(details),
        };
    }

    public static string DetailsJson(object details) => JsonSerializer.Serialize(details, JsonSerializerOptions.Web);

    public async Task WriteNowAsync(
        string action,
        string targetType,
        object? targetId,
        object? details,
        string outcome,
        CancellationToken ct
    )
    {
        Record(action, targetType, targetId, details, outcome);
        await db.SaveChangesAsync(ct);
    }
}
