namespace Mediation.Api.CaseReviews;

/// <summary>Editing the checklist: every edit is a new version, so reviews already scored keep their meaning.</summary>
public static class CaseReviewChecklist
{
    /// <summary>The next version is the highest plus one, held unique by the database: of two saves that read the same
    /// highest at once, one is stored and the other answers 409, to reload and edit the version the first one made.</summary>
    public static async Task<Results<Ok<ChecklistResponse>, ProblemHttpResult>> PutChecklist(
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
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            if (!await VersionTakenAsync(db, checklist, ct))
                throw;
            return Problems.Conflict(
                Problems.ConcurrentChangeTitle,
                "您保存时，评查标准刚被其他管理员修改，请刷新后在最新版本上修改。",
                Problems.Codes.ConcurrentChange
            );
        }
        return TypedResults.Ok(CaseReviewViews.ToResponse(checklist));
    }

    private static async Task<bool> VersionTakenAsync(AppDbContext db, ReviewChecklist mine, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        return await db.ReviewChecklists.AnyAsync(c => c.Version == mine.Version && c.Id != mine.Id, ct);
    }
}
