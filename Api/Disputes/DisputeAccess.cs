using Mediation.Api.Auth;
using Mediation.Api.ReferenceData;

namespace Mediation.Api.Disputes;

/// <summary>Who may see which case. Anything outside these answers 404, never 403, so existence is not
/// revealed.</summary>
public static class DisputeAccess
{
    /// <summary>A citizen sees the cases they filed and those where they are a party (a respondent who claimed the case
    /// by phone).</summary>
    public static IQueryable<Dispute> VisibleToCitizen(this IQueryable<Dispute> disputes, Guid userId) =>
        disputes.Where(d => d.FiledByUserId == userId || d.Parties.Any(p => p.UserId == userId));

    /// <summary>A case the citizen may see, tracked, with its parties and signed texts; null when it is not theirs to
    /// see.</summary>
    public static Task<Dispute?> CitizenCaseAsync(AppDbContext db, Guid id, Guid userId, CancellationToken ct) =>
        db
            .Disputes.VisibleToCitizen(userId)
            .Include(d => d.Parties)
            .Include(d => d.Acceptances)
            .AsSplitQuery()
            .FirstOrDefaultAsync(d => d.Id == id, ct);

    /// <summary>Whether the citizen is the case's applicant: the one who filed it, or, for a case staff registered,
    /// the one who bound the applicant's phone.</summary>
    public static bool IsApplicant(Dispute dispute, Guid userId) =>
        dispute.FiledByUserId == userId
        || dispute.Parties.Any(p => p.Role == PartyRole.Applicant && p.UserId == userId);

    /// <summary>
    /// Staff: Admin sees every case; a Supervisor their body and every body below it; Intake their own body;
    /// a Mediator the cases currently assigned to them. Several roles add up.
    /// </summary>
    public static async Task<IQueryable<Dispute>> VisibleToStaffAsync(
        this IQueryable<Dispute> disputes,
        ClaimsPrincipal staff,
        AppDbContext db,
        CancellationToken ct
    )
    {
        if (staff.GetKind() != Claims.StaffKind)
            return disputes.Where(_ => false);
        if (staff.IsInRole(StaffRoles.Admin))
            return disputes;

        var me = staff.GetUserId();
        var bodyIds = await JurisdictionAsync(staff, db, ct);
        var mediator = staff.IsInRole(StaffRoles.Mediator);
        return disputes.Where(d =>
            bodyIds.Contains(d.BodyId) || (mediator && d.Mediators.Any(m => m.StaffUserId == me && m.RemovedAt == null))
        );
    }

    /// <summary>The bodies whose queues this staff member works: their own (Intake), plus all descendants
    /// (Supervisor).</summary>
    public static async Task<List<Guid>> JurisdictionAsync(ClaimsPrincipal staff, AppDbContext db, CancellationToken ct)
    {
        if (staff.GetBodyId() is not { } body)
            return [];
        var result = new List<Guid>();
        if (staff.IsInRole(StaffRoles.Intake) || staff.IsInRole(StaffRoles.Supervisor))
            result.Add(body);
        if (!staff.IsInRole(StaffRoles.Supervisor))
            return result;

        var tree = await db.Bodies.AsNoTracking().Select(b => new { b.Id, b.ParentId }).ToListAsync(ct);
        var children = tree.Where(b => b.ParentId != null).ToLookup(b => b.ParentId!.Value, b => b.Id);
        var queue = new Queue<Guid>([body]);
        while (queue.TryDequeue(out var next))
            foreach (var child in children[next].Where(c => !result.Contains(c)))
            {
                result.Add(child);
                queue.Enqueue(child);
            }
        return result;
    }
}
