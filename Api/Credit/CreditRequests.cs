using FluentValidation;

namespace Mediation.Api.Credit;

/// <summary>Staff propose a warning for clear dishonesty found during mediation (false evidence, hidden
/// facts).</summary>
public sealed record ProposeRequest(Guid? DisputeId, Guid? PartyId, string? Reason);

public sealed record DecisionRequest(string? Reason);

public sealed record ObjectionRequest(Guid? ProposalId, string? Reason, List<Guid>? EvidenceIds);

public sealed record ObjectionDecisionRequest(bool? Upheld, string? Reason);

public sealed record ObjectionResponse(
    Guid Id,
    string Reason,
    IReadOnlyList<Guid> EvidenceIds,
    DateTime FiledAt,
    ObjectionStatus Status,
    DateTime? DecidedAt,
    string? DecisionReason
);

public sealed record ProposalResponse(
    Guid Id,
    Guid DisputeId,
    string CaseNumber,
    Guid PartyId,
    string PartyName,
    CreditStep Step,
    string StepName,
    CreditTrigger Trigger,
    string Reason,
    int Points,
    ProposalStatus Status,
    DateTime ProposedAt,
    DateTime? DecidedAt,
    string? DecisionReason,
    DateTime? ObjectionDeadline,
    DateTime? EffectiveAt,
    DateTime? EndedAt,
    string? EndReason,
    bool CanObject,
    IReadOnlyList<ObjectionResponse> Objections
);

public sealed record ProposalList(IReadOnlyList<ProposalResponse> Items);

public sealed record CreditRecordResponse(
    Guid Id,
    CreditStep Type,
    Guid DisputeId,
    Guid PartyId,
    Guid? ProposalId,
    Guid? RetractsRecordId,
    string Reason,
    int Points,
    PushStatus Status,
    int Attempts,
    DateTime NextAttemptAt,
    string? LastError,
    DateTime CreatedAt,
    DateTime? SentAt
);

internal sealed class ProposeRequestValidator : AbstractValidator<ProposeRequest>
{
    public ProposeRequestValidator()
    {
        RuleFor(x => x.DisputeId).NotNull().WithMessage("请指明案件");
        RuleFor(x => x.PartyId).NotNull().WithMessage("请指明当事人");
        RuleFor(x => x.Reason)
            .NotEmpty()
            .WithMessage("请写明事实和依据（如提供虚假证据、隐瞒事实）")
            .MaximumLength(1000)
            .WithMessage("理由不超过1000字");
    }
}

internal sealed class DecisionRequestValidator : AbstractValidator<DecisionRequest>
{
    public DecisionRequestValidator() => RuleFor(x => x.Reason).MaximumLength(1000).WithMessage("意见不超过1000字");
}

internal sealed class ObjectionRequestValidator : AbstractValidator<ObjectionRequest>
{
    public ObjectionRequestValidator()
    {
        RuleFor(x => x.ProposalId).NotNull().WithMessage("请指明要提出异议的信用措施");
        RuleFor(x => x.Reason)
            .NotEmpty()
            .WithMessage("请写明异议理由")
            .MaximumLength(2000)
            .WithMessage("异议理由不超过2000字");
        RuleFor(x => x.EvidenceIds).Must(e => e is null || e.Count <= 20).WithMessage("证据不超过20份");
    }
}

internal sealed class ObjectionDecisionRequestValidator : AbstractValidator<ObjectionDecisionRequest>
{
    public ObjectionDecisionRequestValidator()
    {
        RuleFor(x => x.Upheld).NotNull().WithMessage("请选择异议是否成立");
        RuleFor(x => x.Reason)
            .NotEmpty()
            .WithMessage("请写明审查意见")
            .MaximumLength(1000)
            .WithMessage("审查意见不超过1000字");
    }
}
