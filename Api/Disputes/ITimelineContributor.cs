namespace Mediation.Api.Disputes;

/// <summary>A feature's entries on a case's timeline (GET /api/disputes/{id}/timeline): Evidence and Sessions add
/// theirs, so the case does not need to know them. The caller has already been allowed to see the case.</summary>
public interface ITimelineContributor
{
    Task<IEnumerable<TimelineItem>> ItemsAsync(
        AppDbContext db,
        Guid disputeId,
        ClaimsPrincipal user,
        CancellationToken ct
    );
}
