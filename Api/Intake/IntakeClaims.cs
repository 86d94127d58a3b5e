using Mediation.Api.Auth;

namespace Mediation.Api.Intake;

/// <summary>One staff member works a case at a time. A claim lapses after Intake:ClaimTimeout without activity and can
/// then be taken over.</summary>
public static class IntakeClaims
{
    public static async Task<Results<Ok<ClaimInfo>, NotFound, ProblemHttpResult>> Claim(
        Guid id,
        ClaimsPrincipal user,
        [AsParameters] IntakeServices s,
        CancellationToken ct
    )
    {
        var dispute = await IntakeCases.FindAsync(s.Db, user, id, ct);
        if (dispute is null)
            return TypedResults.NotFound();
        if (!IntakeQueue.Waiting.Contains(dispute.Status))
            return Problems.Conflict(
                "案件不在受理队列中",
                $"案件当前状态为「{Disputes.DisputeStateMachine.DisplayName(dispute.Status)}」，无需认领。"
            );
        var (me, now, timeout) = (user.GetUserId(), s.Now, s.Settings.ClaimTimeout);
        if (await IntakeCases.HeldByOtherAsync(s.Db, id, me, now, timeout, ct) is { } held)
            return held;

        var claim = await s.Db.IntakeClaims.FirstOrDefaultAsync(c => c.DisputeId == id, ct);
        if (claim is null)
        {
            claim = new IntakeClaim
            {
                DisputeId = id,
                StaffUserId = me,
                ClaimedAt = now,
                LastActivityAt = now,
            };
            s.Db.IntakeClaims.Add(claim);
        }
        else
        {
            if (claim.StaffUserId != me)
                claim.ClaimedAt = now; // taking over a lapsed claim
            claim.StaffUserId = me;
            claim.LastActivityAt = now;
            claim.Version++;
        }
        s.Audit.Record("CaseClaimed", "Dispute", id);
        if (await IntakeCases.SaveAsync(s.Db, ct) is { } lost)
            return Problems.Conflict("案件正由他人处理", "该案件刚被其他工作人员认领，请刷新后查看。");
        var name = await s.Db.StaffUsers.Where(x => x.Id == me).Select(x => x.DisplayName).SingleAsync(ct);
        return TypedResults.Ok(new ClaimInfo(me, name, claim.ClaimedAt, claim.LastActivityAt + timeout));
    }

    /// <summary>Releases the caller's own claim. A supervisor may also release a colleague's claim in their
    /// jurisdiction.</summary>
    public static async Task<Results<NoContent, NotFound, ProblemHttpResult>> Release(
        Guid id,
        ClaimsPrincipal user,
        [AsParameters] IntakeServices s,
        CancellationToken ct
    )
    {
        var dispute = await IntakeCases.FindAsync(s.Db, user, id, ct);
        if (dispute is null)
            return TypedResults.NotFound();
        var me = user.GetUserId();
        var claim = await s.Db.IntakeClaims.FirstOrDefaultAsync(c => c.DisputeId == id, ct);
        if (claim is null || !claim.IsActive(s.Now, s.Settings.ClaimTimeout) && claim.StaffUserId != me)
            return Problems.Conflict("案件未被认领", "该案件目前没有人认领，无需释放。");
        if (claim.StaffUserId != me && !user.IsInRole(StaffRoles.Supervisor))
            return Problems.Conflict("只能释放自己认领的案件", "该案件由其他工作人员认领，只有认领人或站长可以释放。");
        s.Db.IntakeClaims.Remove(claim);
        s.Audit.Record("CaseReleased", "Dispute", id, new { heldBy = claim.StaffUserId });
        if (await IntakeCases.SaveAsync(s.Db, ct) is { } lost)
            return lost;
        return TypedResults.NoContent();
    }

    /// <summary>Work on a claimed case keeps the claim alive.</summary>
    internal static async Task TouchAsync(
        Mediation.Api.Infrastructure.Data.AppDbContext db,
        Guid disputeId,
        Guid me,
        DateTime now,
        CancellationToken ct
    )
    {
        var claim = await db.IntakeClaims.FirstOrDefaultAsync(c => c.DisputeId == disputeId && c.StaffUserId == me, ct);
        if (claim is not null)
            claim.LastActivityAt = now;
    }
}
