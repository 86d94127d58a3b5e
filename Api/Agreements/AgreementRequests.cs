using FluentValidation;

namespace Mediation.Api.Agreements;

public sealed record InstalmentInput(long? AmountFen, DateOnly? DueDate);

/// <param name="DueDate">The last due date (Asia/Shanghai); with instalments, the last instalment's date.</param>
public sealed record ObligationInput(
    Guid? ObligorPartyId,
    Guid? ObligeePartyId,
    string? Description,
    long? AmountFen,
    DateOnly? DueDate,
    List<InstalmentInput>? Instalments,
    string? Method,
    string? Place
);

/// <param name="PersonalStatus">The terms concern marriage, adoption or another personal-status relation (no judicial confirmation).</param>
public sealed record AgreementRequest(
    AgreementKind? Kind,
    string? Facts,
    string? Responsibilities,
    string? Terms,
    bool? PersonalStatus,
    List<ObligationInput>? Obligations
);

/// <param name="PartyId">Staff only: the party whose in-person (paper) confirmation the mediator records.</param>
/// <param name="EvidenceId">With <paramref name="PartyId"/> of a party who has an account: the case's evidence item holding the scanned signed page.</param>
public sealed record SignRequest(string? Sha256, Guid? PartyId = null, Guid? EvidenceId = null);

public sealed record FailureRequest(string? ReasonCode, string? Note);

/// <param name="Result">Omitted while the court has not decided.</param>
public sealed record JudicialConfirmationRequest(
    DateOnly? AppliedOn,
    string? Court,
    JudicialResult? Result,
    string? RulingNumber,
    DateOnly? DecidedOn
);

public sealed record EnforcementRequest(DateOnly? AppliedOn, string? Court, string? CaseNumber);

internal sealed class AgreementRequestValidator : AbstractValidator<AgreementRequest>
{
    public AgreementRequestValidator()
    {
        RuleFor(x => x.Kind)
            .NotNull()
            .WithMessage("请选择协议形式（书面或口头）")
            .IsInEnum()
            .WithMessage("协议形式只能是 Written 或 Oral");
        RuleFor(x => x.Facts)
            .NotEmpty()
            .WithMessage("请填写纠纷主要事实")
            .MaximumLength(5000)
            .WithMessage("纠纷主要事实不超过5000字");
        RuleFor(x => x.Responsibilities)
            .NotEmpty()
            .WithMessage("请填写争议事项及各方责任")
            .MaximumLength(5000)
            .WithMessage("争议事项及责任不超过5000字");
        RuleFor(x => x.Terms)
            .NotEmpty()
            .WithMessage("请填写协议内容")
            .MaximumLength(10000)
            .WithMessage("协议内容不超过10000字");
        RuleFor(x => x.Obligations).Must(o => o is null || o.Count <= 50).WithMessage("履行义务不超过50项");
        RuleForEach(x => x.Obligations)
            .NotNull()
            .WithMessage("履行义务不能为空")
            .SetValidator(new ObligationInputValidator());
    }
}

internal sealed class ObligationInputValidator : AbstractValidator<ObligationInput>
{
    public ObligationInputValidator()
    {
        RuleFor(x => x.ObligorPartyId).NotNull().WithMessage("请选择履行义务人");
        RuleFor(x => x.ObligeePartyId)
            .NotNull()
            .WithMessage("请选择权利人")
            .NotEqual(x => x.ObligorPartyId)
            .WithMessage("义务人和权利人不能是同一当事人");
        RuleFor(x => x.Description)
            .NotEmpty()
            .WithMessage("请填写履行内容")
            .MaximumLength(1000)
            .WithMessage("履行内容不超过1000字");
        RuleFor(x => x.AmountFen)
            .GreaterThan(0)
            .When(x => x.AmountFen is not null)
            .WithMessage("金额应大于0（单位：分）")
            .LessThanOrEqualTo(100_000_000_000)
            .WithMessage("金额超出范围");
        RuleFor(x => x.DueDate).NotNull().WithMessage("请填写履行期限");
        RuleFor(x => x.Method).MaximumLength(200).WithMessage("履行方式不超过200字");
        RuleFor(x => x.Place).MaximumLength(200).WithMessage("履行地点不超过200字");
        RuleFor(x => x.Instalments).Must(i => i is null || i.Count <= 120).WithMessage("分期不超过120期");
        RuleForEach(x => x.Instalments)
            .NotNull()
            .WithMessage("分期不能为空")
            .ChildRules(i =>
            {
                i.RuleFor(x => x.DueDate).NotNull().WithMessage("请填写每期的履行日期");
                i.RuleFor(x => x.AmountFen)
                    .GreaterThan(0)
                    .When(x => x.AmountFen is not null)
                    .WithMessage("每期金额应大于0（单位：分）");
            });
        // The sums and dates of the instalments only once each of them is there (a null one is reported above).
        When(
            x => x.Instalments is { Count: > 0 } instalments && instalments.All(i => i is not null),
            () =>
            {
                RuleFor(x => x.AmountFen).NotNull().WithMessage("分期履行须填写总金额");
                RuleFor(x => x.Instalments)
                    .Must(i => i!.All(x => x.AmountFen is not null))
                    .WithMessage("请填写每期金额")
                    .Must((o, i) => o.AmountFen is null || i!.Sum(x => x.AmountFen ?? 0) == o.AmountFen)
                    .WithMessage("各期金额之和应等于总金额")
                    .Must(i => i!.Zip(i!.Skip(1)).All(p => p.First.DueDate < p.Second.DueDate))
                    .WithMessage("各期履行日期应依次递增")
                    .Must((o, i) => i![^1].DueDate == o.DueDate)
                    .WithMessage("最后一期的日期应等于履行期限");
            }
        );
    }
}

internal sealed class SignRequestValidator : AbstractValidator<SignRequest>
{
    public SignRequestValidator() =>
        RuleFor(x => x.Sha256)
            .NotEmpty()
            .WithMessage("请提交所确认协议文本的 SHA-256")
            .Matches("^[0-9a-fA-F]{64}$")
            .WithMessage("SHA-256 应为64位十六进制");
}

internal sealed class FailureRequestValidator : AbstractValidator<FailureRequest>
{
    public FailureRequestValidator()
    {
        RuleFor(x => x.ReasonCode).NotEmpty().WithMessage("请选择调解不成的原因");
        RuleFor(x => x.Note)
            .MaximumLength(2000)
            .WithMessage("说明不超过2000字")
            .NotEmpty()
            .When(x => x.ReasonCode == "other", ApplyConditionTo.CurrentValidator)
            .WithMessage("选择“其他原因”时请填写说明");
    }
}

internal sealed class JudicialConfirmationRequestValidator : AbstractValidator<JudicialConfirmationRequest>
{
    public JudicialConfirmationRequestValidator()
    {
        RuleFor(x => x.AppliedOn).NotNull().WithMessage("请填写申请司法确认的日期");
        RuleFor(x => x.Court).NotEmpty().WithMessage("请填写受理法院").MaximumLength(100);
        RuleFor(x => x.Result).IsInEnum().WithMessage("结果只能是 Applied、Confirmed 或 Refused");
        RuleFor(x => x.RulingNumber)
            .NotEmpty()
            .When(x => x.Result is JudicialResult.Confirmed or JudicialResult.Refused)
            .WithMessage("请填写裁定书文号")
            .MaximumLength(64);
        RuleFor(x => x.DecidedOn)
            .NotNull()
            .When(x => x.Result is JudicialResult.Confirmed or JudicialResult.Refused)
            .WithMessage("请填写裁定日期")
            .GreaterThanOrEqualTo(x => x.AppliedOn)
            .When(x => x.DecidedOn is not null && x.AppliedOn is not null)
            .WithMessage("裁定日期不能早于申请日期");
    }
}

internal sealed class EnforcementRequestValidator : AbstractValidator<EnforcementRequest>
{
    public EnforcementRequestValidator()
    {
        RuleFor(x => x.AppliedOn).NotNull().WithMessage("请填写申请强制执行的日期");
        RuleFor(x => x.Court).NotEmpty().WithMessage("请填写执行法院").MaximumLength(100);
        RuleFor(x => x.CaseNumber).NotEmpty().WithMessage("请填写执行案号").MaximumLength(64);
    }
}
