using Hangfire;
using Mediation.Api.Auth;
using Mediation.Api.Disputes;

namespace Mediation.Api.Credit;

public static class CreditQueries
{
    /// <summary>Admin: all; otherwise proposals of the bodies in the caller's jurisdiction.</summary>
    public static IQueryable<CreditProposal> VisibleProposals(
        AppDbContext db,
        ClaimsPrincipal user,
        List<Guid> jurisdiction
    ) =>
        user.IsInRole(StaffRoles.Admin)
            ? db.CreditProposals
            : db.CreditProposals.Where(p => jurisdiction.Contains(p.BodyId));

    /// <param name="status">Default: what waits for a decision (Proposed, and Objected with a pending objection).</param>
    public static async Task<Ok<ProposalList>> ListProposals(
        ClaimsPrincipal user,
        AppDbContext db,
        TimeProvider clock,
        ProposalStatus? status,
        Guid? disputeId,
        CancellationToken ct
    )
    {
        var query = VisibleProposals(db, user, await DisputeAccess.JurisdictionAsync(user, db, ct)).AsNoTracking();
        query = status is { } st
            ? query.Where(p => p.Status == st)
            : query.Where(p => p.Status == ProposalStatus.Proposed || p.Status == ProposalStatus.Objected);
        if (disputeId is { } d)
            query = query.Where(p => p.DisputeId == d);
        var items = await query.OrderBy(p => p.ProposedAt).Take(500).ToListAsync(ct);
        return TypedResults.Ok(new ProposalList(await ToResponsesAsync(db, items, clock.GetUtcNow().UtcDateTime, ct)));
    }

    public static async Task<Results<Ok<ProposalResponse>, NotFound>> GetProposal(
        Guid id,
        ClaimsPrincipal user,
        AppDbContext db,
        TimeProvider clock,
        CancellationToken ct
    )
    {
        var visibleCases = await db.Disputes.VisibleToStaffAsync(user, db, ct);
        var proposal = await db
            .CreditProposals.AsNoTracking()
            .FirstOrDefaultAsync(p => p.Id == id && visibleCases.Any(d => d.Id == p.DisputeId), ct);
        return proposal is null
            ? TypedResults.NotFound()
            : TypedResults.Ok(await ToResponseAsync(db, proposal, clock.GetUtcNow().UtcDateTime, ct));
    }

    /// <summary>A citizen sees the steps against them once they have been told (approved or later); proposals still
    /// under review are internal.</summary>
    public static async Task<Ok<ProposalList>> MyCredit(
        ClaimsPrincipal user,
        AppDbContext db,
        TimeProvider clock,
        CancellationToken ct
    )
    {
        var me = user.GetUserId();
        var items = await db
            .CreditProposals.AsNoTracking()
            .Where(p =>
                p.DecidedAt != null
                && p.Status != ProposalStatus.Rejected
                && db.Set<DisputeParty>().Any(x => x.Id == p.PartyId && x.UserId == me)
            )
            .OrderByDescending(p => p.DecidedAt)
            .Take(200)
            .ToListAsync(ct);
        return TypedResults.Ok(new ProposalList(await ToResponsesAsync(db, items, clock.GetUtcNow().UtcDateTime, ct)));
    }

    public static async Task<Ok<List<CreditRecordResponse>>> ListRecords(
        AppDbContext db,
        PushStatus? status,
        CancellationToken ct
    ) =>
        TypedResults.Ok(
            await db
                .CreditRecords.AsNoTracking()
                .Where(r => status == null || r.Status == status)
                .OrderByDescending(r => r.CreatedAt)
                .Take(500)
                .Select(r => new CreditRecordResponse(
                    r.Id,
                    r.Type,
                    r.DisputeId,
                    r.PartyId,
                    r.ProposalId,
                    r.RetractsRecordId,
                    r.Reason,
                    r.Points,
                    r.Status,
                    r.Attempts,
                    r.NextAttemptAt,
                    r.LastError,
                    r.CreatedAt,
                    r.SentAt
                ))
                .ToListAsync(ct)
        );

    public static async Task<Results<Accepted, NotFound, ProblemHttpResult>> Retry(
        Guid id,
        CreditServices s,
        IBackgroundJobClient jobs,
        CancellationToken ct
    )
    {
        var record = await s.Db.CreditRecords.FirstOrDefaultAsync(r => r.Id == id, ct);
        if (record is null)
            return TypedResults.NotFound();
        if (record.Status != PushStatus.Failed)
            return Problems.Conflict("记录未处于失败状态", "只有推送失败的记录可以重试。");
        PushRows.Reset(record, s.Now);
        s.Audit.Record("CreditRecordRetried", "CreditRecord", id);
        await s.Db.SaveChangesAsync(ct);
        jobs.Enqueue<CreditPushJob>(job => job.DeliverAsync(id, CancellationToken.None)); // this app's job storage, not Hangfire's static one
        return TypedResults.Accepted($"/api/admin/credit-records/{id}");
    }

    public static async Task<ProposalResponse> ToResponseAsync(
        AppDbContext db,
        CreditProposal p,
        DateTime now,
        CancellationToken ct
    ) => (await ToResponsesAsync(db, [p], now, ct))[0];

    private static async Task<List<ProposalResponse>> ToResponsesAsync(
        AppDbContext db,
        List<CreditProposal> items,
        DateTime now,
        CancellationToken ct
    )
    {
        var partyIds = items.Select(p => p.PartyId).Distinct().ToList();
        var parties = await db
            .DisputeParties.AsNoTracking()
            .Where(p => partyIds.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var caseIds = items.Select(p => p.DisputeId).Distinct().ToList();
        var cases = await db
            .Disputes.AsNoTracking()
            .Where(d => caseIds.Contains(d.Id))
            .ToDictionaryAsync(d => d.Id, d => d.CaseNumber ?? d.ApplicationNumber, ct);
        var ids = items.Select(p => p.Id).ToList();
        var objections = (
            await db
                .CreditObjections.AsNoTracking()
                .Where(o => ids.Contains(o.ProposalId))
                .OrderBy(o => o.FiledAt)
                .ToListAsync(ct)
        ).ToLookup(o => o.ProposalId);
        return items
            .Select(p => new ProposalResponse(
                p.Id,
                p.DisputeId,
                cases.GetValueOrDefault(p.DisputeId, ""),
                p.PartyId,
                parties.GetValueOrDefault(p.PartyId, ""),
                p.Step,
                CreditSteps.StepName(p.Step),
                p.Trigger,
                p.Reason,
                p.Points,
                p.Status,
                p.ProposedAt,
                p.DecidedAt,
                p.DecisionReason,
                p.ObjectionDeadline,
                p.EffectiveAt,
                p.EndedAt,
                p.EndReason,
                p.Status == ProposalStatus.Approved && p.ObjectionDeadline > now,
                objections[p.Id]
                    .Select(o => new ObjectionResponse(
                        o.Id,
                        o.Reason,
                        o.EvidenceIds,
                        o.FiledAt,
                        o.Status,
                        o.DecidedAt,
                        o.DecisionReason
                    ))
                    .ToList()
            ))
            .ToList();
    }

    public static string StatusName(ProposalStatus status) =>
        status switch
        {
            ProposalStatus.Proposed => "待审批",
            ProposalStatus.Rejected => "不予批准",
            ProposalStatus.Approved => "已批准，异议期中",
            ProposalStatus.Objected => "异议审查中",
            ProposalStatus.Withdrawn => "已撤销",
            ProposalStatus.Effective => "已生效",
            _ => "已修复",
        };
}
