using FluentValidation;
using Mediation.Api.Auth;
using Mediation.Api.Disputes;
using Mediation.Api.Infrastructure.Idempotency;
using Mediation.Api.Infrastructure.PersonalData;
using Mediation.Api.ReferenceData;

namespace Mediation.Api.Intake;

/// <summary>How the applicant of a registered case accepted the rights notice and the credit commitment.</summary>
public enum RegisteredAcceptance
{
    /// <summary>Read out at the body and signed on paper; the clerk keeps the scan with the case's
    /// evidence.</summary>
    SignedOnPaper,

    /// <summary>Not yet: the applicant accepts them in the mini-program after binding the phone the case
    /// names.</summary>
    InMiniProgramLater,
}

public sealed record ReferralInput(
    string? UnitName,
    string? Contact,
    string? DocumentNumber,
    DateOnly? ReceivedOn,
    int? TimeLimitDays
);

/// <summary>A case that did not arrive through the mini-program (人民调解法 art. 17: an application may be oral; the
/// committee records it). The same statutory content and checks as a citizen's application.</summary>
public sealed record RegisterCaseRequest(
    DisputeSource? Source,
    Guid? BodyId,
    PartyInput? Applicant,
    List<PartyInput>? Respondents,
    List<PartyInput>? ThirdParties,
    string? TypeCode,
    string? Facts,
    string? Claims,
    long? AmountFen,
    string? Place,
    MediationMode? PreferredMode,
    Guid? PreferredMediatorId,
    RegisteredAcceptance? LegalTexts,
    ReferralInput? Referral
) : IApplicationContent;

internal sealed class RegisterCaseRequestValidator : AbstractValidator<RegisterCaseRequest>
{
    public RegisterCaseRequestValidator(ReferenceCache reference, TimeProvider clock)
    {
        Include(new ApplicationContentValidator(reference, clock));
        RuleFor(x => x.Source)
            .NotNull()
            .WithMessage("请选择案件来源")
            .NotEqual(DisputeSource.MiniProgram)
            .WithMessage("小程序申请由当事人本人提交，工作人员请选择来访、口头申请、主动调解或移送来源");
        RuleFor(x => x.BodyId).NotNull().WithMessage("请选择受理的调解组织");
        RuleFor(x => x.LegalTexts).NotNull().WithMessage("请说明权利义务告知书和信用承诺书的签署方式");
        RuleFor(x => x.Referral)
            .NotNull()
            .When(x => x.Source is { } s && DisputeSources.IsReferral(s))
            .WithMessage("移送、委托的案件须填写移送单位");
        RuleFor(x => x.Referral)
            .Null()
            .When(x => x.Source is { } s && !DisputeSources.IsReferral(s))
            .WithMessage("只有移送、委托的案件填写移送单位");
        RuleFor(x => x.Referral!)
            .ChildRules(r =>
            {
                r.RuleFor(x => x.UnitName)
                    .NotEmpty()
                    .WithMessage("请填写移送单位名称")
                    .MaximumLength(100)
                    .WithMessage("移送单位名称不能超过100个字");
                r.RuleFor(x => x.Contact).MaximumLength(100).WithMessage("联系人及电话不能超过100个字");
                r.RuleFor(x => x.DocumentNumber).MaximumLength(64).WithMessage("文书编号不能超过64个字");
                r.RuleFor(x => x.ReceivedOn)
                    .NotNull()
                    .WithMessage("请填写收到移送的日期")
                    .Must(d => d <= ChinaTime.Date(clock.GetUtcNow().UtcDateTime))
                    .WithMessage("收到移送的日期不能晚于今天");
                r.RuleFor(x => x.TimeLimitDays).InclusiveBetween(1, 180).WithMessage("调解期限应在1至180天之间");
            })
            .When(x => x.Referral is not null);
    }
}

/// <summary>
/// Staff register the cases that arrive any other way: a walk-in (来访), an oral application recorded by the clerk
/// (口头申请), a dispute found by screening (主动调解), or a referral from the police, a court, the procuratorate, a
/// petition office or the government. The case enters the same queue and state machine as a filing.
/// </summary>
public static class CaseRegistration
{
    /// <summary>诉前调解: 30 days unless the court extends it (《人民法院在线调解规则》, 民诉法解释).</summary>
    public const int CourtDefaultDays = 30;

    public static IEndpointRouteBuilder MapCaseRegistration(this IEndpointRouteBuilder app)
    {
        // Mediators register too (the Intake policy of the queue is for intake staff and supervisors).
        app.MapGroup("/api/intake")
            .WithTags("Intake")
            .RequireAuthorization(Policies.Staff)
            .WithValidation()
            .MapPost("/cases", RegisterCase)
            .Idempotent("RegisterCase", "/api/intake/{0}")
            .Named(nameof(RegisterCase), "登记来访、口头申请、主动调解或移送的案件（须带 Idempotency-Key）");
        return app;
    }

    public static async Task<Results<Created<DisputeResponse>, ValidationProblem, ProblemHttpResult>> RegisterCase(
        RegisterCaseRequest request,
        IdempotentRequest idempotency,
        HttpContext http,
        AppDbContext db,
        ReferenceCache reference,
        PersonalDataProtector protector,
        LegalTextCatalog texts,
        Filing filing,
        TimeProvider clock,
        CancellationToken ct
    )
    {
        var user = http.User;
        if (!MayRegister(user))
            return Problems.Forbidden("无权登记案件", "登记案件须为受理人员、调解员或站长。");
        if (await reference.ActiveBodyAsync(request.BodyId, ct) is not { } body)
            return Problems.Invalid("bodyId", "调解组织不存在，请从列表中选择");
        if (!(await RegistrableBodiesAsync(user, db, ct)).Contains(body.Id))
            return Problems.Forbidden(
                "无权为该调解组织登记案件",
                "只能为本人所在的调解组织（站长：及其下级组织）登记案件。"
            );

        var now = clock.GetUtcNow().UtcDateTime;
        var source = request.Source!.Value;
        var origin = new FilingOrigin(
            source,
            Claims.StaffKind,
            user.GetUserId(),
            Reason(source),
            request.LegalTexts == RegisteredAcceptance.SignedOnPaper ? AcceptanceMethods.Paper : null,
            ReferralOf(request, source)
        );
        var dispute = NewDispute.Build(request, body.Id, origin, protector, texts, null, now);
        var draft = await filing.PrepareAsync(dispute, body, user.GetUserId(), idempotency, "CaseRegistered", ct);
        var registered = await filing.SubmitAsync(draft, ct);
        return TypedResults.Created($"/api/intake/{registered.Id}", registered);
    }

    private static bool MayRegister(ClaimsPrincipal user) =>
        user.IsInRole(StaffRoles.Intake) || user.IsInRole(StaffRoles.Mediator) || user.IsInRole(StaffRoles.Supervisor);

    /// <summary>The queues the clerk works (own body; a supervisor's subtree), and a mediator's own body.</summary>
    private static async Task<List<Guid>> RegistrableBodiesAsync(
        ClaimsPrincipal user,
        AppDbContext db,
        CancellationToken ct
    )
    {
        var bodies = await DisputeAccess.JurisdictionAsync(user, db, ct);
        if (user.IsInRole(StaffRoles.Mediator) && user.GetBodyId() is { } own && !bodies.Contains(own))
            bodies.Add(own);
        return bodies;
    }

    private static Referral? ReferralOf(RegisterCaseRequest request, DisputeSource source)
    {
        if (request.Referral is not { } r)
            return null;
        var days = r.TimeLimitDays ?? (source == DisputeSource.CourtReferral ? CourtDefaultDays : null);
        return new Referral
        {
            UnitName = r.UnitName!.Trim(),
            Contact = r.Contact?.Trim(),
            DocumentNumber = r.DocumentNumber?.Trim(),
            ReceivedOn = r.ReceivedOn!.Value,
            DueOn = days is { } d ? r.ReceivedOn.Value.AddDays(d) : null,
        };
    }

    private static string Reason(DisputeSource source) => $"工作人员登记：{DisputeSources.Name(source)}";
}
