using Mediation.Api.Auth;
using Mediation.Api.Disputes;
using Mediation.Api.Infrastructure.Idempotency;

namespace Mediation.Api.Agreements;

public static class AgreementsApi
{
    public static IEndpointRouteBuilder MapAgreementsApi(this IEndpointRouteBuilder app)
    {
        var ofCase = app.MapGroup("/api/disputes/{id:guid}")
            .WithTags("Agreements")
            .RequireAuthorization()
            .WithValidation();
        ofCase
            .MapPost("/agreement", CreateAgreement)
            .RequireAuthorization(Policies.Staff)
            .Named(nameof(CreateAgreement), "起草调解协议（调解员）");
        ofCase.MapGet("/agreement", AgreementQueries.GetCaseAgreement).Named("GetCaseAgreement", "本案的调解协议");
        ofCase
            .MapPost("/failure", Outcomes.RecordFailure)
            .RequireAuthorization(Policies.Staff)
            .Named("RecordFailure", "调解不成，终止调解");
        ofCase.MapGet("/obligations", Performance.ListObligations).Named("ListObligations", "履行义务与履行情况");
        ofCase
            .MapPost("/follow-up", FollowUps.RecordFollowUp)
            .RequireAuthorization(Policies.Staff)
            .Named("RecordFollowUp", "回访记录，之后结案");
        ofCase
            .MapGet("/satisfaction", FollowUps.MySatisfaction)
            .RequireAuthorization(Policies.Citizen)
            .Named("MySatisfaction", "我对本案的评价");
        ofCase
            .MapPost("/satisfaction", FollowUps.RateSatisfaction)
            .RequireAuthorization(Policies.Citizen)
            .Named("RateSatisfaction", "当事人评价");

        var agreements = app.MapGroup("/api/agreements/{id:guid}")
            .WithTags("Agreements")
            .RequireAuthorization()
            .WithValidation();
        agreements
            .MapGet("/", AgreementQueries.GetAgreement)
            .Named("GetAgreement", "调解协议（含待确认文本及其 SHA-256）");
        agreements
            .MapGet("/document", AgreementQueries.Document)
            .Named("AgreementDocument", "可打印的调解协议书（HTML）");
        agreements
            .MapPut("/", UpdateAgreement)
            .RequireAuthorization(Policies.Staff)
            .Named(nameof(UpdateAgreement), "修改协议（已有签名作废）");
        agreements
            .MapPost("/submit", Submit)
            .RequireAuthorization(Policies.Staff)
            .Named("SubmitAgreement", "提交各方确认");
        agreements.MapPost("/sign", AgreementSigning.Sign).Named("SignAgreement", "确认（签署）协议：当事人或调解员");
        agreements
            .MapPost("/approve", AgreementSigning.Approve)
            .RequireAuthorization(Policies.Staff)
            .Named("ApproveAgreement", "调委会审核盖章（站长）");
        agreements
            .MapPost("/judicial-confirmation", Outcomes.RecordJudicialConfirmation)
            .RequireAuthorization(Policies.Staff)
            .Named("RecordJudicialConfirmation", "登记司法确认申请及结果");
        agreements
            .MapPost("/enforcement", Outcomes.RecordEnforcement)
            .RequireAuthorization(Policies.Staff)
            .Named("RecordEnforcement", "登记强制执行申请（仅限已司法确认的协议）");

        var performance = app.MapGroup("/api")
            .WithTags("Performance")
            .RequireAuthorization(Policies.Citizen)
            .WithValidation();
        performance
            .MapPost("/obligations/{id:guid}/payments", Performance.ReportPayment)
            .Idempotent(Performance.ReportOperation, "/api/payments/{0}", required: false)
            .Named("ReportPayment", "报告履行（付款）");
        performance
            .MapPost("/payments/{id:guid}/confirm", Performance.ConfirmPayment)
            .Named("ConfirmPayment", "权利人确认收到");
        performance
            .MapPost("/payments/{id:guid}/dispute", Performance.DisputePayment)
            .Named("DisputePayment", "权利人提出异议");

        app.MapGet("/api/reference/failure-reasons", Outcomes.ListFailureReasons)
            .WithTags("ReferenceData")
            .AllowAnonymous()
            .Named("ListFailureReasons", "调解不成的原因代码");
        return app;
    }

    public static async Task<
        Results<Created<AgreementResponse>, ValidationProblem, NotFound, ProblemHttpResult>
    > CreateAgreement(
        Guid id,
        AgreementRequest request,
        ClaimsPrincipal user,
        AgreementServices s,
        CancellationToken ct
    )
    {
        var dispute = await s.VisibleCaseAsync(id, user, ct);
        if (dispute is null)
            return TypedResults.NotFound();
        if (!AgreementServices.IsAssignedMediator(dispute, user))
            return Problems.Forbidden("无权进行此操作", "只有本案的调解员可以起草调解协议。");
        if (dispute.Status is not (DisputeStatus.MediatorAssigned or DisputeStatus.InMediation))
            return Problems.WrongState(
                "当前状态不能起草协议",
                $"案件当前状态为「{DisputeStateMachine.DisplayName(dispute.Status)}」。"
            );
        if (await s.Db.Agreements.AnyAsync(a => a.DisputeId == id, ct))
            return Problems.Conflict("本案已有调解协议", "请修改已有的协议草稿。");
        if (ObligationErrors(request, dispute, s.Today) is { Count: > 0 } errors)
            return Problems.Invalid(errors);

        var agreement = new Agreement
        {
            DisputeId = id,
            Number = $"{dispute.Reference}-协",
            Kind = request.Kind!.Value,
            Facts = request.Facts!.Trim(),
            Responsibilities = request.Responsibilities!.Trim(),
            Terms = request.Terms!.Trim(),
            PersonalStatus = request.PersonalStatus ?? false,
            CreatedById = user.GetUserId(),
            CreatedAt = s.Now,
            UpdatedAt = s.Now,
        };
        agreement.Obligations = BuildObligations(request, agreement);
        s.Db.Agreements.Add(agreement);
        s.Audit.Record(
            "AgreementDrafted",
            "Agreement",
            agreement.Id,
            new
            {
                disputeId = id,
                agreement.Kind,
                obligations = agreement.Obligations.Count,
            }
        );
        await s.Db.SaveChangesAsync(ct);
        return TypedResults.Created(
            $"/api/agreements/{agreement.Id}",
            await AgreementQueries.ToResponseAsync(agreement, dispute, s, ct)
        );
    }

    /// <summary>Edits the text. Every edit makes a new revision and voids the signatures given so far: people confirm a
    /// text, not a record.</summary>
    public static async Task<
        Results<Ok<AgreementResponse>, ValidationProblem, NotFound, ProblemHttpResult>
    > UpdateAgreement(
        Guid id,
        AgreementRequest request,
        ClaimsPrincipal user,
        AgreementServices s,
        CancellationToken ct
    )
    {
        var agreement = await s.AgreementAsync(id, ct);
        var dispute = agreement is null ? null : await s.VisibleCaseAsync(agreement.DisputeId, user, ct);
        if (agreement is null || dispute is null)
            return TypedResults.NotFound();
        if (!AgreementServices.IsAssignedMediator(dispute, user))
            return Problems.Forbidden("无权进行此操作", "只有本案的调解员可以修改调解协议。");
        if (agreement.Status == AgreementStatus.Effective)
            return Problems.Conflict(
                "协议已生效，不能修改",
                "已生效的调解协议不能修改；如需变更，请各方重新达成协议。"
            );
        if (ObligationErrors(request, dispute, s.Today) is { Count: > 0 } errors)
            return Problems.Invalid(errors);

        var voided = agreement.Signatures.Where(x => x.VoidedAt == null).ToList();
        foreach (var signature in voided)
            signature.VoidedAt = s.Now;
        s.Db.Obligations.RemoveRange(agreement.Obligations);
        (agreement.Kind, agreement.Facts, agreement.Responsibilities, agreement.Terms, agreement.PersonalStatus) = (
            request.Kind!.Value,
            request.Facts!.Trim(),
            request.Responsibilities!.Trim(),
            request.Terms!.Trim(),
            request.PersonalStatus ?? false
        );
        agreement.Obligations = BuildObligations(request, agreement);
        s.Db.Obligations.AddRange(agreement.Obligations);
        var wasAwaiting = agreement.Status == AgreementStatus.AwaitingSignatures;
        (agreement.Status, agreement.TextSha256, agreement.SubmittedAt) = (AgreementStatus.Draft, null, null);
        agreement.Revision++;
        agreement.UpdatedAt = s.Now;
        agreement.Version++;
        if (wasAwaiting)
            await s.NotifyPartiesAsync(
                dispute,
                AgreementServices.CaseNotice(
                    "AgreementChanged",
                    "调解协议已修改",
                    $"案件{dispute.Reference}的调解协议已修改，您此前的确认已作废，请在协议重新提交后再次确认。",
                    dispute
                ),
                $"agreement-changed:{agreement.Id:N}:{agreement.Revision}",
                ct
            );
        s.Audit.Record(
            "AgreementEdited",
            "Agreement",
            agreement.Id,
            new { agreement.Revision, voidedSignatures = voided.Count }
        );
        await s.Db.SaveChangesAsync(ct);
        return TypedResults.Ok(await AgreementQueries.ToResponseAsync(agreement, dispute, s, ct));
    }

    public static async Task<Results<Ok<AgreementResponse>, NotFound, ProblemHttpResult>> Submit(
        Guid id,
        ClaimsPrincipal user,
        AgreementServices s,
        CancellationToken ct
    )
    {
        var agreement = await s.AgreementAsync(id, ct);
        var dispute = agreement is null ? null : await s.VisibleCaseAsync(agreement.DisputeId, user, ct);
        if (agreement is null || dispute is null)
            return TypedResults.NotFound();
        if (!AgreementServices.IsAssignedMediator(dispute, user))
            return Problems.Forbidden("无权进行此操作", "只有本案的调解员可以提交调解协议。");
        if (agreement.Status != AgreementStatus.Draft)
            return Problems.Conflict("协议不是草稿", "协议已提交确认或已生效。");
        var text = AgreementText.Render(agreement, await s.ContextAsync(dispute, ct), s.Protector);
        (agreement.Status, agreement.TextSha256, agreement.SubmittedAt, agreement.UpdatedAt) = (
            AgreementStatus.AwaitingSignatures,
            AgreementText.Sha256(text),
            s.Now,
            s.Now
        );
        agreement.Version++;
        await s.NotifyPartiesAsync(
            dispute,
            AgreementServices.CaseNotice(
                "AgreementToSign",
                "请确认调解协议",
                $"案件{dispute.Reference}的调解协议已拟定，请在小程序中阅读全文并确认。",
                dispute
            ),
            $"agreement-submitted:{agreement.Id:N}:{agreement.Revision}",
            ct
        );
        s.Audit.Record(
            "AgreementSubmitted",
            "Agreement",
            agreement.Id,
            new { agreement.Revision, agreement.TextSha256 }
        );
        await s.Db.SaveChangesAsync(ct);
        return TypedResults.Ok(await AgreementQueries.ToResponseAsync(agreement, dispute, s, ct));
    }

    /// <summary>Checks that need the case: parties belong to it; due dates are not in the past.</summary>
    private static Dictionary<string, string[]> ObligationErrors(
        AgreementRequest request,
        Dispute dispute,
        DateOnly today
    )
    {
        var errors = new Dictionary<string, string[]>();
        var parties = dispute.Parties.Select(p => p.Id).ToHashSet();
        for (var i = 0; i < (request.Obligations?.Count ?? 0); i++)
        {
            var o = request.Obligations![i];
            if (!parties.Contains(o.ObligorPartyId!.Value))
                errors[$"obligations[{i}].obligorPartyId"] = ["义务人应为本案当事人"];
            if (!parties.Contains(o.ObligeePartyId!.Value))
                errors[$"obligations[{i}].obligeePartyId"] = ["权利人应为本案当事人"];
            var first = o.Instalments is { Count: > 0 } list ? list[0].DueDate!.Value : o.DueDate!.Value;
            if (first < today)
                errors[$"obligations[{i}].dueDate"] = ["履行期限不能早于今天"];
        }
        return errors;
    }

    private static List<Obligation> BuildObligations(AgreementRequest request, Agreement agreement) =>
        (request.Obligations ?? [])
            .Select(
                (o, i) =>
                {
                    var obligation = new Obligation
                    {
                        AgreementId = agreement.Id,
                        DisputeId = agreement.DisputeId,
                        Position = i + 1,
                        ObligorPartyId = o.ObligorPartyId!.Value,
                        ObligeePartyId = o.ObligeePartyId!.Value,
                        Description = o.Description!.Trim(),
                        AmountFen = o.AmountFen,
                        DueDate = o.DueDate!.Value,
                        Method = o.Method?.Trim(),
                        Place = o.Place?.Trim(),
                    };
                    obligation.Instalments = o.Instalments is { Count: > 0 } list
                        ? list.Select(
                                (x, n) =>
                                    new Instalment
                                    {
                                        ObligationId = obligation.Id,
                                        Seq = n + 1,
                                        AmountFen = x.AmountFen,
                                        DueDate = x.DueDate!.Value,
                                    }
                            )
                            .ToList()
                        :
                        [
                            new Instalment
                            {
                                ObligationId = obligation.Id,
                                Seq = 1,
                                AmountFen = o.AmountFen,
                                DueDate = o.DueDate!.Value,
                            },
                        ];
                    return obligation;
                }
            )
            .ToList();
}
