namespace Mediation.Api.CaseReviews;

/// <summary>Editing the checklist: every edit is a new version, so reviews already scored keep their meaning.</summary>
public static class CaseReviewChecklist
{
    public static async Task<Ok<ChecklistResponse>> PutChecklist(
        ChecklistRequest request,
        ClaimsPrincipal user,
        AppDbContext db,
        AuditLog audit,
        TimeProvider clock,
        CancellationToken ct
    )
    {
        var current = await db.ReviewChecklists.MaxAsync(c => c.Version, ct);
        var checklist = new ReviewChecklist
        {
            Version = current + 1,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            CreatedById = user.GetUserId(),
        };
        checklist.Items = request
            .Items!.Select(
                (i, n) =>
                    new ReviewChecklistItem
                    {
                        ChecklistId = checklist.Id,
                        Position = n + 1,
                        Code = i.Code!,
                        Title = i.Title!.Trim(),
                        MaxPoints = i.MaxPoints!.Value,
                    }
            )
            .ToList();
        db.ReviewChecklists.Add(checklist);
        audit.Record(
            "ReviewChecklistChanged",
            "ReviewChecklist",
            checklist.Id,
            new
            {
                checklist.Version,
                items = checklist.Items.Select(i => new
                {
                    i.Code,
                    i.Title,
                    i.MaxPoints,
                }),
            }
        );
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(CaseReviewViews.ToResponse(checklist));
    }
}
