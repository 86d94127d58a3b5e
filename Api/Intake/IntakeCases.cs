using Hangfire;
using Mediation.Api.Auth;
using Mediation.Api.Disputes;
using Mediation.Api.Infrastructure.PersonalData;

namespace Mediation.Api.Intake;

/// <summary>What every intake handler needs, bound with [AsParameters].</summary>
public sealed record IntakeServices(
    AppDbContext Db,
    AuditLog Audit,
    TimeProvider Clock,
    IOptions<IntakeOptions> Options,
    PersonalDataProtector Protector,
    IBackgroundJobClient Jobs,
    Notifications.Notifier Notifier,
    Infrastructure.Data.SqliteWriteGate WriteGate
)
{
    public DateTime Now => Clock.GetUtcNow().UtcDateTime;
    public IntakeOptions Settings => Options.Value;
}

/// <summary>Finding a case within the caller's jurisdiction, and the refusals every decision shares.</summary>
internal static class IntakeCases
{
    /// <summary>The case, tracked, if it belongs to a body whose queue the caller works; otherwise null (answered as
    /// 404).</summary>
    public static async Task<Dispute?> FindAsync(AppDbContext db, ClaimsPrincipal user, Guid id, CancellationToken ct)
    {
        var bodies = await DisputeAccess.JurisdictionAsync(user, db, ct);
        return await db.Disputes.FirstOrDefaultAsync(d => d.Id == id && bodies.Contains(d.BodyId), ct);
    }

    /// <summary>Someone else's live claim on the case, if any.</summary>
    public static async Task<ProblemHttpResult?> HeldByOtherAsync(
        AppDbContext db,
        Guid disputeId,
        Guid me,
        DateTime now,
        TimeSpan timeout,
        CancellationToken ct
    )
    {
        var claim = await db.IntakeClaims.AsNoTracking().FirstOrDefaultAsync(c => c.DisputeId == disputeId, ct);
        if (claim is null || claim.StaffUserId == me || !claim.IsActive(now, timeout))
            return null;
        var holder = await db
            .StaffUsers.Where(s => s.Id == claim.StaffUserId)
            .Select(s => s.DisplayName)
            .FirstOrDefaultAsync(ct);
        return Problems.Conflict("案件正由他人处理", $"该案件已由「{holder}」认领处理，请稍后再试或联系对方释放。");
    }

    /// <summary>The case leaves the claimer's hands once decided.</summary>
    public static async Task ReleaseClaimAsync(AppDbContext db, Guid disputeId, CancellationToken ct)
    {
        var claim = await db.IntakeClaims.FirstOrDefaultAsync(c => c.DisputeId == disputeId, ct);
        if (claim is not null)
            db.IntakeClaims.Remove(claim);
    }

    public static ProblemHttpResult WrongState(Dispute d, string action) =>
        Problems.WrongState(
            "当前状态不能执行此操作",
            $"案件当前状态为「{DisputeStateMachine.DisplayName(d.Status)}」，不能{action}。"
        );

    public static ProblemHttpResult Concurrent() =>
        Problems.ConcurrentChange("该案件刚被其他工作人员处理，请刷新后查看最新状态。");

    /// <summary>Saves the decision; a concurrent decision on the same case (Dispute.Version) makes this one lose with
    /// 409.</summary>
    public static async Task<ProblemHttpResult?> SaveAsync(AppDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            return Concurrent();
        }
        catch (DbUpdateException) when (db.ChangeTracker.Entries<IntakeClaim>().Any(e => e.State == EntityState.Added))
        {
            return Concurrent();
        }
    }

    public static string StatusReason(string label, string? detail) =>
        string.IsNullOrWhiteSpace(detail) ? label : $"{label}：{detail.Trim()}";

    public static Guid Me(this ClaimsPrincipal user) => user.GetUserId();
}
