using FluentValidation;
using Mediation.Api.Auth;
using Mediation.Api.Infrastructure.PersonalData;
using Mediation.Api.ReferenceData;

namespace Mediation.Api.Disputes;

// Inputs are nullable so that a missing field is reported by the validator in Chinese, not by the JSON binder.
public sealed record PartyInput(
    PartyKind? Kind,
    string? Name,
    Gender? Gender,
    string? Ethnicity,
    DateOnly? BirthDate,
    string? IdNumber,
    string? Phone,
    string? Address,
    string? Occupation,
    string? CreditCode,
    string? LegalRepresentative
);

public sealed record RightsNoticeInput(string? Version, string? Sha256, bool Acknowledged);

public sealed record CreditCommitmentInput(string? Version, string? Sha256, bool Signed);

/// <summary>What an application says, at filing and when it is corrected (补正).</summary>
public interface IApplicationContent
{
    PartyInput? Applicant { get; }
    List<PartyInput>? Respondents { get; }
    List<PartyInput>? ThirdParties { get; }
    string? TypeCode { get; }
    string? Facts { get; }
    string? Claims { get; }
    long? AmountFen { get; }
    string? Place { get; }
    MediationMode? PreferredMode { get; }
    Guid? PreferredMediatorId { get; }
}

public sealed record CreateDisputeRequest(
    PartyInput? Applicant,
    List<PartyInput>? Respondents,
    List<PartyInput>? ThirdParties,
    string? TypeCode,
    string? Facts,
    string? Claims,
    long? AmountFen,
    Guid? BodyId,
    string? Place,
    MediationMode? PreferredMode,
    Guid? PreferredMediatorId,
    RightsNoticeInput? RightsNotice,
    CreditCommitmentInput? CreditCommitment
) : IApplicationContent;

public sealed record WithdrawRequest(string? Reason);

internal sealed class PartyInputValidator : AbstractValidator<PartyInput>, Infrastructure.Validation.INestedValidator
{
    /// <summary>A value as the service shows it masked ("3710**********1235"): in a correction it means
    /// "unchanged".</summary>
    public static bool IsMasked(string? value) => value is not null && value.Contains('*');

    /// <param name="keepMasked">In a correction (补正) a masked ID number, phone or address stands for the one on file,
    /// which the handler checks against the stored value; the format rules apply to what is typed anew.</param>
    public PartyInputValidator(PartyRole role, TimeProvider clock, bool keepMasked = false)
    {
        var label = role switch
        {
            PartyRole.Applicant => "申请人",
            PartyRole.Respondent => "被申请人",
            _ => "第三人",
        };
        RuleFor(x => x.Name)
            .NotEmpty()
            .WithMessage($"请填写{label}姓名或名称")
            .MaximumLength(100)
            .WithMessage($"{label}姓名或名称不能超过100个字");
        // The applicant files from the mini-program and is reached on the mobile WeChat verified; a company or another
        // party may only have a fixed line (0631-8451234, 010-12345678-123).
        if (role == PartyRole.Applicant)
            RuleFor(x => x.Phone).MainlandMobile().When(x => !(keepMasked && IsMasked(x.Phone)));
        else
            RuleFor(x => x.Phone).MainlandPhone().When(x => !(keepMasked && IsMasked(x.Phone)));
        RuleFor(x => x.Address).MaximumLength(200).WithMessage($"{label}住址不能超过200个字");
        RuleFor(x => x.Ethnicity).MaximumLength(20).WithMessage("民族不能超过20个字");
        RuleFor(x => x.Occupation).MaximumLength(100).WithMessage("职业或工作单位不能超过100个字");
        RuleFor(x => x.LegalRepresentative).MaximumLength(50).WithMessage("法定代表人姓名不能超过50个字");

        When(
            x => x.Kind is null or PartyKind.Person,
            () =>
            {
                RuleFor(x => x.IdNumber).ChineseIdNumber(clock).When(x => !(keepMasked && IsMasked(x.IdNumber)));
                RuleFor(x => x.BirthDate)
                    .Must(
                        (p, birth) =>
                            ChineseIdentifiers.BirthDateFromIdNumber(p.IdNumber, clock) is not { } fromId
                            || birth == fromId
                    )
                    .When(x => x.BirthDate is not null)
                    .WithMessage("出生日期与身份证号码不一致");
                RuleFor(x => x.BirthDate)
                    .LessThanOrEqualTo(_ => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime))
                    .WithMessage("出生日期不能晚于今天");
                RuleFor(x => x.Gender)
                    .Must(
                        (p, gender) =>
                            ChineseIdentifiers.GenderFromIdNumber(p.IdNumber, clock) is not { } fromId
                            || gender.ToString() == fromId
                    )
                    .When(x => x.Gender is not null)
                    .WithMessage("性别与身份证号码不一致");
                RuleFor(x => x.CreditCode).Empty().WithMessage("自然人无需填写统一社会信用代码");
            }
        );
        When(
            x => x.Kind == PartyKind.Organization,
            () =>
            {
                RuleFor(x => x.CreditCode).UnifiedSocialCreditCode();
                RuleFor(x => x.IdNumber).Empty().WithMessage("单位当事人请填写统一社会信用代码，而不是身份证号码");
            }
        );

        if (role == PartyRole.Applicant)
        {
            // The applicant is the caller: the committee must be able to identify and reach them.
            RuleFor(x => x.Kind)
                .Must(k => k is null or PartyKind.Person)
                .WithMessage("通过小程序申请的申请人须为自然人本人");
            RuleFor(x => x.IdNumber).NotEmpty().WithMessage("请填写申请人身份证号码");
            RuleFor(x => x.Phone).NotEmpty().WithMessage("请填写申请人手机号码");
        }
        else
        {
            RuleFor(x => x.Kind).NotNull().WithMessage($"请选择{label}类型（自然人或单位）");
            RuleFor(x => x)
                .Must(p => !string.IsNullOrWhiteSpace(p.Phone) || !string.IsNullOrWhiteSpace(p.Address))
                .OverridePropertyName("phone")
                .WithMessage($"请至少填写{label}的联系电话或住址之一，以便调解组织联系");
        }
    }
}

/// <summary>The rules on an application's content, shared by filing and correction.</summary>
internal sealed class ApplicationContentValidator : AbstractValidator<IApplicationContent>, INestedValidator
{
    public ApplicationContentValidator(ReferenceCache reference, TimeProvider clock, bool keepMasked = false)
    {
        RuleFor(x => x.Applicant)
            .NotNull()
            .WithMessage("请填写申请人信息")
            .SetValidator(new PartyInputValidator(PartyRole.Applicant, clock, keepMasked)!);
        RuleFor(x => x.Respondents)
            .NotEmpty()
            .WithMessage("请至少填写一名被申请人")
            .Must(r => r is null || r.Count <= 20)
            .WithMessage("被申请人不能超过20名");
        RuleForEach(x => x.Respondents)
            .NotNull()
            .WithMessage("被申请人信息不能为空")
            .SetValidator(new PartyInputValidator(PartyRole.Respondent, clock, keepMasked));
        RuleFor(x => x.ThirdParties).Must(r => r is null || r.Count <= 20).WithMessage("第三人不能超过20名");
        RuleForEach(x => x.ThirdParties)
            .NotNull()
            .WithMessage("第三人信息不能为空")
            .SetValidator(new PartyInputValidator(PartyRole.ThirdParty, clock, keepMasked));

        RuleFor(x => x.TypeCode)
            .NotEmpty()
            .WithMessage("请选择纠纷类型")
            .MustAsync(async (code, ct) => await reference.ActiveTypeAsync(code, ct) is not null)
            .When(x => !string.IsNullOrEmpty(x.TypeCode), ApplyConditionTo.CurrentValidator)
            .WithMessage("纠纷类型不存在，请从列表中选择");
        RuleFor(x => x.Facts)
            .NotEmpty()
            .WithMessage("请填写纠纷简要情况")
            .Length(10, 5000)
            .WithMessage("纠纷简要情况应为10至5000个字");
        RuleFor(x => x.Claims)
            .NotEmpty()
            .WithMessage("请填写申请事项")
            .Length(2, 2000)
            .WithMessage("申请事项应为2至2000个字");
        RuleFor(x => x.AmountFen).InclusiveBetween(0, 1_000_000_000_000L).WithMessage("涉及金额应在0至100亿元之间");
        RuleFor(x => x.Place).MaximumLength(200).WithMessage("纠纷发生地不能超过200个字");
        RuleFor(x => x.PreferredMode).NotNull().WithMessage("请选择希望的调解方式（电话、线上或现场）");
        RuleFor(x => x.PreferredMediatorId)
            .MustAsync(
                (_, id, context, ct) =>
                    context
                        .Get<AppDbContext>()
                        .StaffUsers.AnyAsync(s => s.Id == id && s.Active && s.Roles.Contains(StaffRoles.Mediator), ct)
            )
            .When(x => x.PreferredMediatorId is not null)
            .WithMessage("所选调解员不存在");
    }
}

internal sealed class CreateDisputeRequestValidator : AbstractValidator<CreateDisputeRequest>
{
    public CreateDisputeRequestValidator(LegalTextCatalog texts, ReferenceCache reference, TimeProvider clock)
    {
        Include(new ApplicationContentValidator(reference, clock));
        RuleFor(x => x.BodyId)
            .NotNull()
            .When(x => string.IsNullOrWhiteSpace(x.Place))
            .WithMessage("请选择调解组织，或填写纠纷发生地");
        RuleFor(x => x.BodyId)
            .MustAsync(async (id, ct) => await reference.ActiveBodyAsync(id, ct) is not null)
            .When(x => x.BodyId is not null)
            .WithMessage("调解组织不存在，请从列表中选择");

        RuleFor(x => x.RightsNotice).NotNull().WithMessage("请阅读并确认权利义务告知书");
        RuleFor(x => x.RightsNotice!.Acknowledged)
            .Equal(true)
            .When(x => x.RightsNotice is not null)
            .WithMessage("请阅读并确认权利义务告知书");
        RuleFor(x => x.RightsNotice)
            .Must(n => texts.IsCurrent(LegalTextCatalog.RightsNotice, n!.Version, n.Sha256))
            .When(x => x.RightsNotice is not null)
            .WithMessage("权利义务告知书已更新，请重新阅读后确认");
        RuleFor(x => x.CreditCommitment).NotNull().WithMessage("请签署信用承诺书");
        RuleFor(x => x.CreditCommitment!.Signed)
            .Equal(true)
            .When(x => x.CreditCommitment is not null)
            .WithMessage("请签署信用承诺书");
        RuleFor(x => x.CreditCommitment)
            .Must(c => texts.IsCurrent(LegalTextCatalog.CreditCommitment, c!.Version, c.Sha256))
            .When(x => x.CreditCommitment is not null)
            .WithMessage("信用承诺书已更新，请重新阅读后签署");
    }
}

internal sealed class WithdrawRequestValidator : AbstractValidator<WithdrawRequest>
{
    public WithdrawRequestValidator() =>
        RuleFor(x => x.Reason)
            .NotEmpty()
            .WithMessage("请填写撤回理由")
            .MaximumLength(500)
            .WithMessage("撤回理由不能超过500个字");
}
