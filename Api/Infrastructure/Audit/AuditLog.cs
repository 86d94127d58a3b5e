using System.Text.Json;
using Mediation.Api.Infrastructure.Auth;
using Mediation.Api.Infrastructure.Data;

namespace Mediation.Api.Infrastructure.Audit;

/// <summary>
/// Adds audit entries to the current unit of work, so an entry is committed in the same
/// transaction as the change it records. Use <see cref="WriteNowAsync"/> for events that
/// change nothing else (a failed login, a refused access).
/// </summary>
public sealed class AuditLog(AppDbContext db, IHttpContextAccessor http, TimeProvider clock)
{
    public AuditEntry Record(string action, string targetType, object? targetId, object? details = null, string outcome = "Succeeded")
    {
        var context = http.HttpContext;
        var user = context?.User;
        var entry = new AuditEntry
        {
            At = clock.GetUtcNow().UtcDateTime,
            ActorKind = user?.Identity?.IsAuthenticated == true ? user.GetKind() : (context is null ? "System" : "Anonymous"),
            ActorId = user?.Identity?.IsAuthenticated == true ? user.GetUserId() : null,
            Action = action,
            TargetType = targetType,
            TargetId = targetId?.ToString(),
            ClientAddress = context?.Connection.RemoteIpAddress?.ToString(),
            Outcome = outcome,
            Details = details is null ? null : DetailsJson(details),
        };
        db.AuditEntries.Add(entry);
        return entry;
    }

    public static string DetailsJson(object details) => JsonSerializer.Serialize(details, JsonSerializerOptions.Web);

    public async Task WriteNowAsync(string action, string targetType, object? targetId, object? details, string outcome, CancellationToken ct)
    {
        Record(action, targetType, targetId, details, outcome);
        await db.SaveChangesAsync(ct);
    }
}
