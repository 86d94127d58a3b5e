using Mediation.Api.Infrastructure.Events;
using Mediation.Api.Infrastructure.Idempotency;
using Mediation.Api.Infrastructure.PersonalData;
using Mediation.Api.Infrastructure.RateLimiting;
using Mediation.Api.ReferenceData;
using Microsoft.AspNetCore.Mvc;

namespace Mediation.Api.Disputes;

public static class DisputesApi
{
    private const string CreateOperation = "CreateDispute";

    public static IEndpointRouteBuilder MapDisputesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/disputes")
            .WithTags("Disputes")
            .RequireAuthorization(Policies.Citizen)
            .WithValidation();
        group
            .MapPost("/", CreateDispute)
            .RateLimited(RateLimits.Filing)
            .Idempotent(CreateOperation, "/api/disputes/{0}")
            .Named(nameof(CreateDispute), "提交调解申请（须带 Idempotency-Key）");
        group.MapGet("/", ListMyDisputes).Named(nameof(ListMyDisputes), "我的案件");
        group.MapGet("/{id:guid}", GetDispute).Named(nameof(GetDispute), "案件详情");
        group.MapGet("/{id:guid}/timeline", GetTimeline).Named(nameof(GetTimeline), "案件进程");
        group.MapPost("/{id:guid}/withdraw", WithdrawDispute).Named(nameof(WithdrawDispute), "撤回申请（达成协议前）");
        return app;
    }

    public static async Task<Results<Created<DisputeResponse>, ValidationProblem, ProblemHttpResult>> CreateDispute(
        CreateDisputeRequest request,
        IdempotentRequest idempotency,
        HttpContext http,
        Filing filing,
        CancellationToken ct
    )
    {
        var applicant = http.User.GetUserId();
        if (await filing.QuotaRefusalAsync(http, applicant, ct) is { } refusal)
            return refusal;
        if (await filing.BodyForAsync(request, ct) is not { } body)
            return Problems.Invalid("place", "无法根据纠纷发生地确定调解组织，请直接选择调解组织");
        var address = http.Connection.RemoteIpAddress?.ToString();
        var draft = await filing.DraftAsync(request, body, applicant, address, idempotency, ct);
        var filed = await filing.SubmitAsync(draft, ct);
        return TypedResults.Created($"/api/disputes/{filed.Id}", filed);
    }

    public static async Task<Ok<DisputeList>> ListMyDisputes(
        ClaimsPrincipal user,
        AppDbContext db,
        CancellationToken ct
    )
    {
        var me = user.GetUserId();
        var rows = await db
            .Disputes.AsNoTracking()
            .VisibleToCitizen(me)
            .OrderByDescending(d => d.SubmittedAt)
            .Select(d => new
            {
                d.Id,
                d.ApplicationNumber,
                d.CaseNumber,
                d.Status,
                d.TypeCode,
                d.SubmittedAt,
                d.UpdatedAt,
                d.FiledByUserId,
                TypeName = db.Set<DisputeType>().Where(t => t.Code == d.TypeCode).Select(t => t.Name).FirstOrDefault(),
                BodyName = db.Set<MediationBody>().Where(b => b.Id == d.BodyId).Select(b => b.Name).FirstOrDefault(),
                MyPartyRole = d.Parties.Where(p => p.UserId == me).Select(p => (PartyRole?)p.Role).FirstOrDefault(),
            })
            .Take(200)
            .ToListAsync(ct);
        return TypedResults.Ok(
            new DisputeList(
                rows.Select(r => new DisputeSummary(
                        r.Id,
                        r.ApplicationNumber,
                        r.CaseNumber,
                        r.Status,
                        DisputeStateMachine.DisplayName(r.Status),
                        r.TypeCode,
                        r.TypeName ?? r.TypeCode,
                        r.BodyName ?? "",
                        r.SubmittedAt,
                        r.UpdatedAt,
                        r.FiledByUserId == me ? PartyRole.Applicant : r.MyPartyRole
                    ))
                    .ToList()
            )
        );
    }

    public static async Task<Results<Ok<DisputeResponse>, NotFound>> GetDispute(
        Guid id,
        ClaimsPrincipal user,
        AppDbContext db,
        PersonalDataProtector protector,
        CancellationToken ct
    )
    {
        var me = user.GetUserId();
        var dispute = await db
            .Disputes.AsNoTracking()
            .VisibleToCitizen(me)
            .Include(d => d.Parties)
            .Include(d => d.Acceptances)
            .AsSplitQuery()
            .FirstOrDefaultAsync(d => d.Id == id, ct);
        if (dispute is null)
            return TypedResults.NotFound();
        var (bodyName, typeName) = await NamesAsync(db, dispute, ct);
        return TypedResults.Ok(dispute.ToResponse(bodyName, typeName, me, protector));
    }

    public static async Task<Results<Ok<Timeline>, NotFound>> GetTimeline(
        Guid id,
        ClaimsPrincipal user,
        AppDbContext db,
        [FromServices] IEnumerable<ITimelineContributor> contributors,
        CancellationToken ct
    )
    {
        var me = user.GetUserId();
        if (!await db.Disputes.VisibleToCitizen(me).AnyAsync(d => d.Id == id, ct))
            return TypedResults.NotFound();
        var changes = await db.DisputeStatusChanges.AsNoTracking().Where(c => c.DisputeId == id).ToListAsync(ct);
        var acceptances = await db.LegalTextAcceptances.AsNoTracking().Where(a => a.DisputeId == id).ToListAsync(ct);
        var items = changes
            .Select(c => new TimelineItem(
                c.At,
                "StatusChanged",
                DisputeStateMachine.DisplayName(c.To),
                c.From,
                c.To,
                c.Reason
            ))
            .Concat(
                acceptances.Select(a => new TimelineItem(
                    a.AcceptedAt,
                    a.Kind == LegalTextCatalog.CreditCommitment ? "CreditCommitmentSigned" : "RightsNoticeAcknowledged",
                    a.Kind == LegalTextCatalog.CreditCommitment ? "签署信用承诺书" : "确认权利义务告知书",
                    null,
                    null,
                    $"文本版本 {a.TextVersion}"
                ))
            )
            .ToList();
        foreach (var contributor in contributors)
            items.AddRange(await contributor.ItemsAsync(db, id, user, ct));
        items = items
            .OrderBy(i => i.At)
            .ThenBy(i =>
                i.Kind switch
                {
                    "RightsNoticeAcknowledged" => 0,
                    "CreditCommitmentSigned" => 1,
                    _ => 2,
                }
            )
            .ToList();
        return TypedResults.Ok(new Timeline(items));
    }

    public static async Task<Results<Ok<DisputeResponse>, NotFound, ProblemHttpResult>> WithdrawDispute(
        Guid id,
        WithdrawRequest request,
        ClaimsPrincipal user,
        AppDbContext db,
        PersonalDataProtector protector,
        AuditLog audit,
        TimeProvider clock,
        CancellationToken ct
    )
    {
        var me = user.GetUserId();
        var dispute = await DisputeAccess.CitizenCaseAsync(db, id, me, ct);
        if (dispute is null)
            return TypedResults.NotFound();
        if (!DisputeAccess.IsApplicant(dispute, me))
            return Problems.Forbidden("只有申请人可以撤回申请");
        if (
            !DisputeStateMachine.TryMove(
                dispute,
                DisputeStatus.Withdrawn,
                Claims.CitizenKind,
                me,
                request.Reason!.Trim(),
                clock.GetUtcNow().UtcDateTime
            )
        )
            return Problems.WrongState(
                "当前状态不能撤回",
                $"案件当前状态为「{DisputeStateMachine.DisplayName(dispute.Status)}」，达成调解协议或案件终结后不能撤回申请。"
            );
        audit.Record("DisputeWithdrawn", "Dispute", dispute.Id, new { reason = request.Reason });
        await db.SaveChangesAsync(ct);
        var (bodyName, typeName) = await NamesAsync(db, dispute, ct);
        return TypedResults.Ok(dispute.ToResponse(bodyName, typeName, me, protector));
    }

    private static async Task<(string Body, string Type)> NamesAsync(
        AppDbContext db,
        Dispute d,
        CancellationToken ct
    ) =>
        (
            await db.Bodies.Where(b => b.Id == d.BodyId).Select(b => b.Name).SingleAsync(ct),
            await db.DisputeTypes.Where(t => t.Code == d.TypeCode).Select(t => t.Name).SingleAsync(ct)
        );
}
