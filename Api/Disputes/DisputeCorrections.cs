using FluentValidation;
using Mediation.Api.Infrastructure.Data;
using Mediation.Api.ReferenceData;
using Microsoft.EntityFrameworkCore;

namespace Mediation.Api.Disputes;

/// <summary>The corrected application (补正): the same content as at filing, without the signed texts (they stay as signed).</summary>
public sealed record CorrectDisputeRequest(
    PartyInput? Applicant, List<PartyInput>? Respondents, List<PartyInput>? ThirdParties,
    string? TypeCode, string? Facts, string? Claims, long? AmountFen, string? Place,
    MediationMode? PreferredMode, Guid? PreferredMediatorId, string? Note);

public sealed record MediatorObjectionRequest(string? Reason, Guid? MediatorId);

internal sealed class CorrectDisputeRequestValidator : AbstractValidator<CorrectDisputeRequest>
{
    public CorrectDisputeRequestValidator(AppDbContext db, TimeProvider clock)
    {
        RuleFor(x => x.Applicant).NotNull().WithMessage("请填写申请人信息")
            .SetValidator(new PartyInputValidator(PartyRole.Applicant, clock)!);
        RuleFor(x => x.Respondents).NotEmpty().WithMessage("请至少填写一名被申请人")
            .Must(r => r is null || r.Count <= 20).WithMessage("被申请人不能超过20名");
        RuleForEach(x => x.Respondents).NotNull().WithMessage("被申请人信息不能为空")
            .SetValidator(new PartyInputValidator(PartyRole.Respondent, clock));
        RuleFor(x => x.ThirdParties).Must(r => r is null || r.Count <= 20).WithMessage("第三人不能超过20名");
        RuleForEach(x => x.ThirdParties).NotNull().WithMessage("第三人信息不能为空")
            .SetValidator(new PartyInputValidator(PartyRole.ThirdParty, clock));
        RuleFor(x => x.TypeCode).NotEmpty().WithMessage("请选择纠纷类型")
            .MustAsync((code, ct) => db.DisputeTypes.AnyAsync(t => t.Code == code && t.Active, ct))
            .When(x => !string.IsNullOrEmpty(x.TypeCode)).WithMessage("纠纷类型不存在，请从列表中选择");
        RuleFor(x => x.Facts).NotEmpty().WithMessage("请填写纠纷简要情况").Length(10, 5000).WithMessage("纠纷简要情况应为10至5000个字");
        RuleFor(x => x.Claims).NotEmpty().WithMessage("请填写申请事项").Length(2, 2000).WithMessage("申请事项应为2至2000个字");
        RuleFor(x => x.AmountFen).InclusiveBetween(0, 1_000_000_000_000L).WithMessage("涉及金额应在0至100亿元之间");
        RuleFor(x => x.Place).MaximumLength(200).WithMessage("纠纷发生地不能超过200个字");
        RuleFor(x => x.PreferredMode).NotNull().WithMessage("请选择希望的调解方式（电话、线上或现场）");
        RuleFor(x => x.PreferredMediatorId)
            .MustAsync((id, ct) => db.StaffUsers.AnyAsync(s => s.Id == id && s.Active && s.Roles.Contains(Auth.StaffRoles.Mediator), ct))
            .When(x => x.PreferredMediatorId is not null).WithMessage("所选调解员不存在");
        RuleFor(x => x.Note).MaximumLength(500).WithMessage("补正说明不能超过500个字");
    }
}

internal sealed class MediatorObjectionRequestValidator : AbstractValidator<MediatorObjectionRequest>
{
    public MediatorObjectionRequestValidator() =>
        RuleFor(x => x.Reason).NotEmpty().WithMessage("请填写申请回避的理由").MaximumLength(500).WithMessage("回避理由不能超过500个字");
}
