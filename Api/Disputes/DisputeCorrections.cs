using FluentValidation;
using Mediation.Api.ReferenceData;

namespace Mediation.Api.Disputes;

/// <summary>The corrected application (补正): the same content as at filing, without the signed texts (they stay as
/// signed).</summary>
public sealed record CorrectDisputeRequest(
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
    string? Note
) : IApplicationContent;

public sealed record MediatorObjectionRequest(string? Reason, Guid? MediatorId);

internal sealed class CorrectDisputeRequestValidator : AbstractValidator<CorrectDisputeRequest>
{
    public CorrectDisputeRequestValidator(ReferenceCache reference, TimeProvider clock)
    {
        Include(new ApplicationContentValidator(reference, clock));
        RuleFor(x => x.Note).MaximumLength(500).WithMessage("补正说明不能超过500个字");
    }
}

internal sealed class MediatorObjectionRequestValidator : AbstractValidator<MediatorObjectionRequest>
{
    public MediatorObjectionRequestValidator() =>
        RuleFor(x => x.Reason)
            .NotEmpty()
            .WithMessage("请填写申请回避的理由")
            .MaximumLength(500)
            .WithMessage("回避理由不能超过500个字");
}
