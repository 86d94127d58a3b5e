using FluentValidation;
using Mediation.Api.ReferenceData;

namespace Mediation.Api.Disputes;

/// <summary>The corrected application (补正): the same content as at filing. The texts signed at filing stay; only a text
/// whose version has changed since must be acknowledged (signed) again, in its current version.</summary>
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
    string? Note,
    RightsNoticeInput? RightsNotice = null,
    CreditCommitmentInput? CreditCommitment = null
) : IApplicationContent;

/// <summary>An open request for corrections as the applicant sees it: what to fix and by when (UTC and Beijing
/// time).</summary>
public sealed record CorrectionView(
    Guid Id,
    IReadOnlyList<string> Items,
    DateTime Deadline,
    string DeadlineLocal,
    DateTime RequestedAt
);

public sealed record MediatorObjectionRequest(string? Reason, Guid? MediatorId);

internal sealed class CorrectDisputeRequestValidator : AbstractValidator<CorrectDisputeRequest>
{
    public CorrectDisputeRequestValidator(ReferenceCache reference, TimeProvider clock)
    {
        Include(new ApplicationContentValidator(reference, clock, keepMasked: true));
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
