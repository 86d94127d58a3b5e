using FluentValidation;
using Mediation.Api.Agreements;

namespace Mediation.Api.Statistics;

public sealed record SubsidyRuleRequest(
    long? SimpleCaseFen,
    long? OrdinaryCaseFen,
    long? ComplexCaseFen,
    int? OrdinaryFromSessions,
    int? ComplexFromSessions,
    long? WrittenAgreementFen,
    long? OralAgreementFen,
    long? ReferralBonusFen,
    long? MonthlyCapFen
);

public sealed record SubsidyRuleResponse(
    Guid BodyId,
    string BodyName,
    long SimpleCaseFen,
    long OrdinaryCaseFen,
    long ComplexCaseFen,
    int OrdinaryFromSessions,
    int ComplexFromSessions,
    long WrittenAgreementFen,
    long OralAgreementFen,
    long ReferralBonusFen,
    long MonthlyCapFen,
    Guid? UpdatedById,
    DateTime UpdatedAt,
    int Version
);

public sealed record SubsidySheetRequest(Guid? BodyId, string? Month);

public sealed record SubsidySheetQuery(Guid? BodyId, string? Month, string? Format);

public sealed record SubsidyAdjustmentRequest(Guid? MediatorId, long? AmountFen, string? Reason);

public sealed record SubsidyAdjustmentResponse(
    Guid Id,
    Guid MediatorId,
    string MediatorName,
    long AmountFen,
    string Reason,
    Guid ById,
    DateTime At
);

/// <summary>A mediator's line: the computed cases, the cap's deduction, the adjustments and what is paid.</summary>
public sealed record SubsidyMediatorLine(
    Guid MediatorId,
    string DisplayName,
    IReadOnlyList<SubsidyCaseLine> Cases,
    long CasesFen,
    long CapDeductionFen,
    long AdjustmentFen,
    long AmountFen
);

public sealed record SubsidySheetResponse(
    Guid Id,
    Guid BodyId,
    string BodyName,
    string Month,
    SubsidySheetStatus Status,
    Guid RuleBodyId,
    int RuleVersion,
    IReadOnlyList<SubsidyMediatorLine> Lines,
    IReadOnlyList<SubsidyAdjustmentResponse> Adjustments,
    long TotalFen,
    string TotalInCapitals,
    DateTime ComputedAt,
    Guid? ApprovedById,
    string? ApprovedByName,
    DateTime? ApprovedAt,
    int Version
);

internal sealed class SubsidyRuleRequestValidator : AbstractValidator<SubsidyRuleRequest>
{
    private const long Most = 10_000_000; // 十万元: far above any county's standard, below any typing slip

    public SubsidyRuleRequestValidator()
    {
        Amount(x => x.SimpleCaseFen, "简易案件补贴");
        Amount(x => x.OrdinaryCaseFen, "一般案件补贴");
        Amount(x => x.ComplexCaseFen, "复杂案件补贴");
        Amount(x => x.WrittenAgreementFen, "书面协议补贴");
        Amount(x => x.OralAgreementFen, "口头协议补贴");
        Amount(x => x.ReferralBonusFen, "移送委托案件加补");
        Amount(x => x.MonthlyCapFen, "每名调解员每月补贴上限");
        RuleFor(x => x.OrdinaryFromSessions)
            .NotNull()
            .WithMessage("请填写一般案件的调解次数起点")
            .InclusiveBetween(1, 50)
            .WithMessage("一般案件的调解次数起点应在1至50之间");
        RuleFor(x => x.ComplexFromSessions)
            .NotNull()
            .WithMessage("请填写复杂案件的调解次数起点")
            .GreaterThan(x => x.OrdinaryFromSessions ?? 0)
            .WithMessage("复杂案件的调解次数起点应大于一般案件的起点")
            .LessThanOrEqualTo(50)
            .WithMessage("复杂案件的调解次数起点不应超过50");
        RuleFor(x => x.OrdinaryCaseFen)
            .GreaterThanOrEqualTo(x => x.SimpleCaseFen ?? 0)
            .WithMessage("一般案件补贴不应低于简易案件");
        RuleFor(x => x.ComplexCaseFen)
            .GreaterThanOrEqualTo(x => x.OrdinaryCaseFen ?? 0)
            .WithMessage("复杂案件补贴不应低于一般案件");
        RuleFor(x => x.MonthlyCapFen).GreaterThan(0).WithMessage("每名调解员每月补贴上限应大于0");
    }

    private void Amount(System.Linq.Expressions.Expression<Func<SubsidyRuleRequest, long?>> field, string name) =>
        RuleFor(field)
            .NotNull()
            .WithMessage($"请填写{name}（分）")
            .InclusiveBetween(0, Most)
            .WithMessage($"{name}应在0至10万元之间（以分为单位）");
}

internal sealed class SubsidySheetRequestValidator : AbstractValidator<SubsidySheetRequest>
{
    public SubsidySheetRequestValidator()
    {
        RuleFor(x => x.BodyId).NotNull().WithMessage("请选择调解组织");
        RuleFor(x => x.Month)
            .Must(m => ReportMonth.TryParse(m, out _))
            .WithMessage("核算月份格式应为 yyyy-MM，如 2026-10");
    }
}

internal sealed class SubsidySheetQueryValidator : AbstractValidator<SubsidySheetQuery>
{
    public SubsidySheetQueryValidator()
    {
        RuleFor(x => x.Month)
            .Must(m => ReportMonth.TryParse(m, out _))
            .WithMessage("核算月份格式应为 yyyy-MM，如 2026-10");
        RuleFor(x => x.Format).Must(f => f is null or "json" or "xlsx").WithMessage("导出格式只能是 json 或 xlsx");
    }
}

internal sealed class SubsidyAdjustmentRequestValidator : AbstractValidator<SubsidyAdjustmentRequest>
{
    public SubsidyAdjustmentRequestValidator()
    {
        RuleFor(x => x.MediatorId).NotNull().WithMessage("请选择调解员");
        RuleFor(x => x.AmountFen)
            .NotNull()
            .WithMessage("请填写调整金额（分，负数为扣减）")
            .NotEqual(0)
            .WithMessage("调整金额不能为0")
            .InclusiveBetween(-10_000_000, 10_000_000)
            .WithMessage("调整金额应在正负10万元之内（以分为单位）");
        RuleFor(x => x.Reason)
            .Must(r => !string.IsNullOrWhiteSpace(r))
            .WithMessage("请填写调整原因")
            .MaximumLength(500)
            .WithMessage("调整原因不超过500字");
    }
}
