using Mediation.Api.Auth;
using Mediation.Api.Disputes;
using Mediation.Api.ReferenceData;
using Microsoft.AspNetCore.Mvc;

namespace Mediation.Api.Intake;

public static class IntakeApi
{
    /// <summary>Intake staff and supervisors work the queue; administrators manage, they do not decide cases.</summary>
    public const string Policy = "Intake";

    public static IEndpointRouteBuilder MapIntakeApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/intake").WithTags("Intake").RequireAuthorization(Policy).WithValidation();
        group.MapGet("/", GetQueue).Named(nameof(GetQueue), "受理队列（游标分页）");
        group.MapGet("/reject-reasons", ListRejectReasons).Named(nameof(ListRejectReasons), "不予受理理由");
        group
            .MapGet("/mediators", IntakeMediators.ListMediators)
            .Named("ListAssignableMediators", "可指派的调解员（本人可处理队列的组织）");
        group.MapGet("/{id:guid}", GetIntakeCase).Named(nameof(GetIntakeCase), "案件详情（个人信息脱敏）");
        group.MapPost("/{id:guid}/claim", IntakeClaims.Claim).Named("ClaimCase", "认领案件");
        group.MapPost("/{id:guid}/release", IntakeClaims.Release).Named("ReleaseCase", "释放案件");
        group
            .MapPost("/{id:guid}/parties/{partyId:guid}/reveal", IntakeReveal.RevealParty)
            .Named("RevealParty", "查看当事人完整身份证号、电话和住址（每次记录日志）");
        group.MapIntakeDecisions();

        // Notes are for every staff member who can see the case, assigned mediators included.
        var notes = app.MapGroup("/api/intake/{id:guid}/notes")
            .WithTags("Intake")
            .RequireAuthorization(Policies.Staff)
            .WithValidation();
        notes.MapGet("/", IntakeNotes.ListNotes).Named("ListCaseNotes", "内部备注");
        notes.MapPost("/", IntakeNotes.AddNote).Named("AddCaseNote", "添加内部备注（当事人不可见）");
        return app;
    }

    public static async Task<Ok<QueuePage>> GetQueue(
        [AsParameters] QueueQuery query,
        ClaimsPrincipal user,
        [AsParameters] IntakeServices s,
        CancellationToken ct
    ) => TypedResults.Ok(await IntakeQueue.ReadAsync(query, user, s, ct));

    public static async Task<Ok<List<RejectionReasonResponse>>> ListRejectReasons(
        [AsParameters] IntakeServices s,
        CancellationToken ct
    ) =>
        TypedResults.Ok(
            await s
                .Db.RejectionReasons.AsNoTracking()
                .Where(r => r.Active)
                .OrderBy(r => r.SortOrder)
                .Select(r => new RejectionReasonResponse(r.Code, r.Name, r.NoticeText))
                .ToListAsync(ct)
        );

    public static async Task<Results<Ok<IntakeCaseResponse>, NotFound>> GetIntakeCase(
        Guid id,
        ClaimsPrincipal user,
        [AsParameters] IntakeServices s,
        CancellationToken ct
    )
    {
        var db = s.Db;
        var jurisdiction = await DisputeAccess.JurisdictionAsync(user, db, ct);
        var d = await db
            .Disputes.AsNoTracking()
            .Where(x => x.Id == id && jurisdiction.Contains(x.BodyId))
            .Include(x => x.Parties)
            .Include(x => x.Acceptances)
            .Include(x => x.StatusHistory)
            .Include(x => x.Mediators)
            .AsSplitQuery()
            .FirstOrDefaultAsync(ct);
        if (d is null)
            return TypedResults.NotFound();
        var now = s.Now;
        var o = s.Settings;

        var bodyNames = await db.Bodies.AsNoTracking().ToDictionaryAsync(b => b.Id, b => b.Name, ct);
        var typeName = await db.DisputeTypes.Where(t => t.Code == d.TypeCode).Select(t => t.Name).SingleAsync(ct);
        var staffIds = d.Mediators.Select(m => m.StaffUserId).ToList();
        var notes = await db.CaseNotes.AsNoTracking().Where(n => n.DisputeId == id).OrderBy(n => n.At).ToListAsync(ct);
        staffIds.AddRange(notes.Select(n => n.AuthorId));
        var staffNames = await db
            .StaffUsers.AsNoTracking()
            .Where(x => staffIds.Contains(x.Id))
            .ToDictionaryAsync(x => x.Id, x => x.DisplayName, ct);
        var lineage = await db
            .DisputeHandlings.AsNoTracking()
            .Where(h => h.DisputeId == id)
            .OrderBy(h => h.At)
            .ToListAsync(ct);
        var corrections = await db
            .CorrectionRequests.AsNoTracking()
            .Where(c => c.DisputeId == id)
            .OrderBy(c => c.RequestedAt)
            .ToListAsync(ct);
        var claims = await IntakeQueue.ClaimsAsync(db, [id], o.ClaimTimeout, now, ct);
        var related = await RelatedCases.FindAsync(db, [id], jurisdiction, now - o.RelatedCasesWithin, ct);
        var answers = await db
            .ParticipationAnswers.AsNoTracking()
            .Where(a => a.DisputeId == id)
            .OrderBy(a => a.At)
            .ToListAsync(ct);

        return TypedResults.Ok(
            new IntakeCaseResponse(
                d.ToResponse(bodyNames.GetValueOrDefault(d.BodyId, ""), typeName, user.GetUserId(), s.Protector),
                d.QueuedAt,
                IntakeQueue.HoursBetween(d.QueuedAt, now),
                d.QueuedAt + o.AcceptWithin,
                IntakeQueue.IsOverdue(d.Status, d.QueuedAt, now, o),
                claims.GetValueOrDefault(id),
                lineage
                    .Select(h => new HandlingResponse(
                        h.Kind,
                        h.FromBodyId,
                        bodyNames.GetValueOrDefault(h.FromBodyId, ""),
                        h.ToBodyId,
                        bodyNames.GetValueOrDefault(h.ToBodyId, ""),
                        h.FromStatus,
                        h.Reason,
                        h.ByStaffId,
                        h.At
                    ))
                    .ToList(),
                d.Mediators.OrderBy(m => m.AssignedAt)
                    .Select(m => new MediatorAssignment(
                        m.StaffUserId,
                        staffNames.GetValueOrDefault(m.StaffUserId, ""),
                        m.AssignedAt,
                        m.RemovedAt,
                        m.RemovedReason
                    ))
                    .ToList(),
                corrections
                    .Select(c => new CorrectionResponse(
                        c.Id,
                        c.Items,
                        c.Deadline,
                        c.RequestedAt,
                        c.ClosedAt,
                        c.Outcome
                    ))
                    .ToList(),
                d.StatusHistory.OrderBy(h => h.At)
                    .Select(h => new StatusChangeResponse(h.From, h.To, h.At, h.ActorKind, h.ActorId, h.Reason))
                    .ToList(),
                related[id],
                notes
                    .Select(n => new NoteResponse(
                        n.Id,
                        n.AuthorId,
                        staffNames.GetValueOrDefault(n.AuthorId, ""),
                        n.Text,
                        n.At
                    ))
                    .ToList(),
                answers
                    .Select(a =>
                        Participation.ToResponse(a, d.Parties.FirstOrDefault(p => p.Id == a.PartyId)?.Name ?? "")
                    )
                    .ToList(),
                d.RegisteredById,
                d.Referral is { } r
                    ? new ReferralResponse(
                        r.UnitName,
                        r.Contact,
                        r.DocumentNumber,
                        r.ReceivedOn,
                        r.DueOn,
                        r.DueOn < ChinaTime.Date(now) && DisputeStateMachine.AwaitsResult(d.Status)
                    )
                    : null,
                d.RiskLevel,
                RiskReason.Parse(d.RiskReasonsJson)
            )
        );
    }
}
