using Mediation.Api.Disputes;

namespace Mediation.Api.CaseReviews;

/// <summary>Who sees a review, and the responses built from the rows.</summary>
public static class CaseReviewViews
{
    /// <summary>Supervisors see the reviews of their body and the bodies below it, administrators all; a mediator
    /// the reviews of the cases they hold. Anything else answers 404, as for cases.</summary>
    public static async Task<IQueryable<CaseReview>> VisibleAsync(
        ClaimsPrincipal user,
        AppDbContext db,
        CancellationToken ct
    )
    {
        if (user.IsInRole(StaffRoles.Admin))
            return db.CaseReviews;
        var me = user.GetUserId();
        var bodies = user.IsInRole(StaffRoles.Supervisor) ? await DisputeAccess.JurisdictionAsync(user, db, ct) : [];
        var mediator = user.IsInRole(StaffRoles.Mediator);
        var held = db.DisputeMediators;
        return db.CaseReviews.Where(r =>
            bodies.Contains(r.BodyId)
            || mediator && held.Any(m => m.DisputeId == r.DisputeId && m.StaffUserId == me && m.RemovedAt == null)
        );
    }

    /// <summary>May this caller score, return and accept reviews of cases of this body?</summary>
    public static async Task<bool> SupervisesAsync(
        ClaimsPrincipal user,
        AppDbContext db,
        Guid bodyId,
        CancellationToken ct
    ) =>
        user.IsInRole(StaffRoles.Admin)
        || user.IsInRole(StaffRoles.Supervisor)
            && (await DisputeAccess.JurisdictionAsync(user, db, ct)).Contains(bodyId);

    public static async Task<List<CaseReviewResponse>> ToResponsesAsync(
        AppDbContext db,
        IReadOnlyCollection<CaseReview> reviews,
        CancellationToken ct
    )
    {
        var disputeIds = reviews.Select(r => r.DisputeId).ToList();
        var checklistIds = reviews.Select(r => r.ChecklistId).Distinct().ToList();
        var cases = await db
            .Disputes.AsNoTracking()
            .Where(d => disputeIds.Contains(d.Id))
            .Select(d => new
            {
                d.Id,
                Number = d.CaseNumber ?? d.ApplicationNumber,
                d.TypeCode,
            })
            .ToDictionaryAsync(d => d.Id, ct);
        var mediators = (
            await db
                .DisputeMediators.AsNoTracking()
                .Where(m => disputeIds.Contains(m.DisputeId) && m.RemovedAt == null)
                .Select(m => new { m.DisputeId, m.StaffUserId })
                .ToListAsync(ct)
        ).ToLookup(m => m.DisputeId, m => m.StaffUserId);
        var checklists = await db
            .ReviewChecklists.AsNoTracking()
            .Include(c => c.Items)
            .Where(c => checklistIds.Contains(c.Id))
            .ToDictionaryAsync(c => c.Id, ct);
        return reviews
            .Select(r =>
            {
                var checklist = checklists[r.ChecklistId];
                var scores = r.Scores.ToDictionary(s => s.ItemId);
                return new CaseReviewResponse(
                    r.Id,
                    r.SampleId,
                    r.DisputeId,
                    cases[r.DisputeId].Number,
                    cases[r.DisputeId].TypeCode,
                    r.BodyId,
                    r.Status.ToString(),
                    checklist.Version,
                    r.TotalPoints,
                    r.MaxPoints,
                    Score(r),
                    r.Note,
                    checklist
                        .Items.OrderBy(i => i.Position)
                        .Select(i => new ItemScoreResponse(
                            i.Code,
                            i.Title,
                            i.MaxPoints,
                            scores.GetValueOrDefault(i.Id)?.Points,
                            scores.GetValueOrDefault(i.Id)?.Note
                        ))
                        .ToList(),
                    r.ScoredAt,
                    r.RectificationDueOn,
                    r.RectificationReason,
                    r.TimesReturned,
                    r.RectifiedAt,
                    r.RectificationReply,
                    mediators[r.DisputeId].Distinct().ToList(),
                    r.Version
                );
            })
            .ToList();
    }

    /// <summary>百分制: the points over the checklist's maximum, so that scores under different versions compare.</summary>
    public static double? Score(CaseReview r) =>
        r.TotalPoints is { } total && r.MaxPoints > 0 ? Math.Round(total * 100.0 / r.MaxPoints, 1) : null;

    public static ChecklistResponse ToResponse(ReviewChecklist c) =>
        new(
            c.Id,
            c.Version,
            c.CreatedAt,
            c.Items.Sum(i => i.MaxPoints),
            c.Items.OrderBy(i => i.Position)
                .Select(i => new ChecklistItemResponse(i.Code, i.Title, i.MaxPoints))
                .ToList()
        );

    public static Task<ReviewChecklist> CurrentChecklistAsync(AppDbContext db, CancellationToken ct) =>
        db.ReviewChecklists.AsNoTracking().Include(c => c.Items).OrderByDescending(c => c.Version).FirstAsync(ct);
}
