using Hangfire;
using Mediation.Api.Agreements;
using Mediation.Api.Auth;
using Mediation.Api.Disputes;
using Mediation.Api.Notifications;

namespace Mediation.Api.Credit;

public sealed record CreditServices(
    AppDbContext Db,
    CreditSteps Steps,
    Notifier Notifier,
    AuditLog Audit,
    IOptions<CreditOptions> Options
)
{
    public DateTime Now => Steps.Now;
}

/// <summary>Supervisors decide every proposed step; the party is notified and may object; nothing adverse happens
/// otherwise.</summary>
public static class CreditApi
{
    public const string SupervisorPolicy = "Supervisor";

    public static IEndpointRouteBuilder MapCreditApi(this IEndpointRouteBuilder app)
    {
        var credit = app.MapGroup("/api/credit").WithTags("Credit").WithValidation();
        credit
            .MapGet("/proposals", CreditQueries.ListProposals)
            .RequireAuthorization(SupervisorPolicy)
            .Named("ListCreditProposals", "信用措施审批（本调委会及下级）");
        credit
            .MapGet("/proposals/{id:guid}", CreditQueries.GetProposal)
            .RequireAuthorization(Policies.Staff)
            .Named("GetCreditProposal", "信用措施详情");
        credit
            .MapPost("/proposals", ProposeDishonesty)
            .RequireAuthorization(Policies.Staff)
            .Named("ProposeCreditWarning", "对调解中的失信行为提出警示建议");
        credit
            .MapPost("/proposals/{id:guid}/approve", Approve)
            .RequireAuthorization(SupervisorPolicy)
            .Named("ApproveCreditProposal", "批准（告知当事人，进入异议期）");
        credit
            .MapPost("/proposals/{id:guid}/reject", Reject)
            .RequireAuthorization(SupervisorPolicy)
            .Named("RejectCreditProposal", "不予批准（须写明理由）");
        credit
            .MapPost("/objections", CreditObjections.File)
            .RequireAuthorization(Policies.Citizen)
            .Named("FileCreditObjection", "当事人提出异议");
        credit
            .MapPost("/objections/{id:guid}/decide", CreditObjections.Decide)
            .RequireAuthorization(SupervisorPolicy)
            .Named("DecideCreditObjection", "审查异议");
        app.MapGet("/api/me/credit", CreditQueries.MyCredit)
            .WithTags("Credit")
            .RequireAuthorization(Policies.Citizen)
            .Named("MyCredit", "与我有关的信用措施（已告知的）");

        var admin = app.MapGroup("/api/admin/credit-records").WithTags("Credit").RequireAuthorization(Policies.Admin);
        admin
            .MapGet("/", CreditQueries.ListRecords)
            .Named("ListCreditRecords", "信用记录推送队列（status=Failed 看失败的）");
        admin.MapPost("/{id:guid}/retry", CreditQueries.Retry).Named("RetryCreditRecord", "重新推送失败的记录");
        app.MapPost("/api/admin/credit/escalation-runs", RunEscalationNow)
            .WithTags("Credit")
            .RequireAuthorization(Policies.Admin)
            .Named(nameof(RunEscalationNow), "立即运行一次信用流程（履行提醒与逾期、信用建议、异议期届满）");
        return app;
    }

    /// <summary>Runs the compliance sweep and then the escalation on the job server now, instead of at their next cron
    /// time.</summary>
    public static async Task<Accepted> RunEscalationNow(
        IBackgroundJobClient jobs,
        AuditLog audit,
        AppDbContext db,
        CancellationToken ct
    )
    {
        var compliance = jobs.Enqueue<ComplianceJob>(job => job.RunAsync(CancellationToken.None));
        jobs.ContinueJobWith<CreditEscalationJob>(compliance, job => job.RunAsync(CancellationToken.None));
        await audit.WriteNowAsync("CreditEscalationRequested", "Job", compliance, null, "Succeeded", ct);
        return TypedResults.Accepted((string?)null);
    }

    public static async Task<
        Results<Created<ProposalResponse>, ValidationProblem, NotFound, ProblemHttpResult>
    > ProposeDishonesty(ProposeRequest request, ClaimsPrincipal user, CreditServices s, CancellationToken ct)
    {
        var dispute = await (await s.Db.Disputes.VisibleToStaffAsync(user, s.Db, ct))
            .Include(d => d.Parties)
            .FirstOrDefaultAsync(d => d.Id == request.DisputeId, ct);
        if (dispute is null)
            return TypedResults.NotFound();
        if (dispute.Parties.All(p => p.Id != request.PartyId))
            return Problems.Invalid("partyId", "应为本案当事人");
        if (
            dispute.Status
            is DisputeStatus.Submitted
                or DisputeStatus.NeedsCorrection
                or DisputeStatus.Rejected
                or DisputeStatus.Lapsed
        )
            return Problems.Conflict("案件尚未受理", "受理后在调解中发现的失信行为才能提出警示。");
        var proposal = await s.Steps.ProposeAsync(
            dispute,
            request.PartyId!.Value,
            CreditStep.Warning,
            CreditTrigger.Dishonesty,
            request.Reason!.Trim(),
            null,
            user.GetUserId(),
            null,
            ct
        );
        await s.Db.SaveChangesAsync(ct);
        return TypedResults.Created(
            $"/api/credit/proposals/{proposal!.Id}",
            await CreditQueries.ToResponseAsync(s.Db, proposal, s.Now, ct)
        );
    }

    public static async Task<Results<Ok<ProposalResponse>, ValidationProblem, NotFound, ProblemHttpResult>> Approve(
        Guid id,
        DecisionRequest request,
        ClaimsPrincipal user,
        CreditServices s,
        CancellationToken ct
    )
    {
        var (proposal, problem) = await DecidableAsync(id, user, s, ct);
        if (problem is not null)
            return problem;
        if (proposal is null)
            return TypedResults.NotFound();
        var deadline = s.Now + s.Options.Value.ObjectionWindow;
        (
            proposal.Status,
            proposal.DecidedAt,
            proposal.DecidedById,
            proposal.DecisionReason,
            proposal.ObjectionDeadline
        ) = (ProposalStatus.Approved, s.Now, user.GetUserId(), request.Reason?.Trim(), deadline);
        proposal.Version++;
        var dispute = await s.Db.Disputes.Include(d => d.Parties).SingleAsync(d => d.Id == proposal.DisputeId, ct);
        var party = dispute.Parties.Single(p => p.Id == proposal.PartyId);
        var step = CreditSteps.StepName(proposal.Step);
        await s.Notifier.StageAsync(
            AgreementServices.PartyRecipient(party),
            AgreementServices.CaseNotice(
                "CreditNotice",
                $"{step}告知",
                $"案件{dispute.Reference}：经审核，拟对您采取{step}措施，事由：{proposal.Reason}。如有异议，请于{ChinaTime.Format(deadline)}前在小程序中提出并提交证据；期满无异议或异议不成立的，将报送信用中心。",
                dispute,
                "CreditNotice"
            ),
            $"credit-approved:{proposal.Id:N}",
            s.Now,
            ct
        );
        s.Audit.Record(
            "CreditProposalApproved",
            "CreditProposal",
            id,
            new
            {
                proposal.Step,
                proposal.PartyId,
                request.Reason,
                objectionDeadline = deadline,
            }
        );
        await s.Db.SaveChangesAsync(ct);
        return TypedResults.Ok(await CreditQueries.ToResponseAsync(s.Db, proposal, s.Now, ct));
    }

    public static async Task<Results<Ok<ProposalResponse>, ValidationProblem, NotFound, ProblemHttpResult>> Reject(
        Guid id,
        DecisionRequest request,
        ClaimsPrincipal user,
        CreditServices s,
        CancellationToken ct
    )
    {
        if (string.IsNullOrWhiteSpace(request.Reason))
            return Problems.Invalid("reason", "不予批准须写明理由");
        var (proposal, problem) = await DecidableAsync(id, user, s, ct);
        if (problem is not null)
            return problem;
        if (proposal is null)
            return TypedResults.NotFound();
        (proposal.Status, proposal.DecidedAt, proposal.DecidedById, proposal.DecisionReason) = (
            ProposalStatus.Rejected,
            s.Now,
            user.GetUserId(),
            request.Reason.Trim()
        );
        proposal.Version++;
        s.Audit.Record(
            "CreditProposalRejected",
            "CreditProposal",
            id,
            new
            {
                proposal.Step,
                proposal.PartyId,
                request.Reason,
            }
        );
        await s.Db.SaveChangesAsync(ct);
        return TypedResults.Ok(await CreditQueries.ToResponseAsync(s.Db, proposal, s.Now, ct));
    }

    /// <summary>A proposal in this supervisor's jurisdiction, still undecided, and not proposed by the same person
    /// (four eyes).</summary>
    private static async Task<(CreditProposal?, ProblemHttpResult?)> DecidableAsync(
        Guid id,
        ClaimsPrincipal user,
        CreditServices s,
        CancellationToken ct
    )
    {
        var proposal = await CreditQueries
            .VisibleProposals(s.Db, user, await DisputeAccess.JurisdictionAsync(user, s.Db, ct))
            .FirstOrDefaultAsync(p => p.Id == id, ct);
        if (proposal is null)
            return (null, null);
        if (proposal.Status != ProposalStatus.Proposed)
            return (
                proposal,
                Problems.Conflict("该建议已处理", $"当前状态：{CreditQueries.StatusName(proposal.Status)}。")
            );
        if (proposal.ProposedById == user.GetUserId())
            return (proposal, Problems.Conflict("不能审批自己提出的建议", "信用措施须由提出人以外的负责人审批。"));
        return (proposal, null);
    }
}
