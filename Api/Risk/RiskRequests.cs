using FluentValidation;
using Mediation.Api.Disputes;

namespace Mediation.Api.Risk;

public sealed record SetRiskLevelRequest(RiskLevel? RiskLevel, string? Reason);

public sealed record AcknowledgeReportRequest(string? Note);

/// <param name="BasedOn">The version this edit starts from; a newer one saved meanwhile answers 409.</param>
public sealed record SaveLexiconRequest(int? BasedOn, RiskLexicon? Lexicon, string? Note);

public sealed record RiskAssessmentResponse(
    DateTime At,
    string Trigger,
    RiskLevel ComputedLevel,
    RiskLevel RiskLevel,
    List<RiskReason> RiskReasons,
    int LexiconVersion
);

public sealed record RiskOverrideResponse(
    DateTime At,
    Guid StaffUserId,
    string StaffName,
    RiskLevel FromLevel,
    RiskLevel ToLevel,
    string Reason
);

public sealed record RiskReportResponse(
    Guid Id,
    Guid DisputeId,
    string CaseNumber,
    DateTime OpenedAt,
    Guid AtBodyId,
    string AtBodyName,
    int Escalations,
    DateTime DueAt,
    DateTime? AcknowledgedAt,
    Guid? AcknowledgedById,
    string? Note
);

public sealed record RiskCaseResponse(
    Guid DisputeId,
    RiskLevel RiskLevel,
    List<RiskReason> RiskReasons,
    List<RiskAssessmentResponse> Assessments,
    List<RiskOverrideResponse> Overrides,
    List<RiskReportResponse> Reports
);

public sealed record LexiconResponse(
    int Version,
    DateTime CreatedAt,
    Guid? CreatedById,
    string? Note,
    RiskLexicon Lexicon
);

public sealed record LexiconVersionSummary(int Version, DateTime CreatedAt, Guid? CreatedById, string? Note);

internal sealed class SetRiskLevelRequestValidator : AbstractValidator<SetRiskLevelRequest>
{
    public SetRiskLevelRequestValidator()
    {
        RuleFor(x => x.RiskLevel).NotNull().WithMessage("请选择风险等级（Low、Medium、High、Major）");
        RuleFor(x => x.Reason)
            .NotEmpty()
            .WithMessage("调整风险等级须写明理由")
            .MaximumLength(500)
            .WithMessage("理由不能超过500个字");
    }
}

internal sealed class AcknowledgeReportRequestValidator : AbstractValidator<AcknowledgeReportRequest>
{
    public AcknowledgeReportRequestValidator() =>
        RuleFor(x => x.Note)
            .NotEmpty()
            .WithMessage("请写明已采取或将采取的处置措施")
            .MaximumLength(500)
            .WithMessage("处置措施不能超过500个字");
}

internal sealed class SaveLexiconRequestValidator : AbstractValidator<SaveLexiconRequest>
{
    public SaveLexiconRequestValidator()
    {
        RuleFor(x => x.BasedOn).NotNull().WithMessage("请注明在哪个版本上修改");
        RuleFor(x => x.Note).MaximumLength(500).WithMessage("说明不能超过500个字");
        RuleFor(x => x.Lexicon).NotNull().WithMessage("请提交词库");
        When(
            x => x.Lexicon is not null,
            () =>
            {
                RuleFor(x => x.Lexicon!.Categories).NotEmpty().WithMessage("词库至少要有一个类别");
                RuleFor(x => x.Lexicon!.Window).InclusiveBetween(1, 8).WithMessage("否定词距离须在1到8个词之间");
                RuleFor(x => x.Lexicon!.Negations).NotNull().WithMessage("请提交否定词（可为空列表）");
                RuleFor(x => x.Lexicon!.Fears).NotNull().WithMessage("请提交担忧词（可为空列表）");
                RuleFor(x => x.Lexicon!.Bridges).NotNull().WithMessage("请提交连接词（可为空列表）");
                RuleFor(x => x.Lexicon!.Combinations).NotNull().WithMessage("请提交组合规则（可为空列表）");
                RuleFor(x => x.Lexicon!.Structure).NotNull().WithMessage("请提交结构性指标的阈值");
                RuleFor(x => x.Lexicon!.Categories)
                    .Must(c => c.Select(x => x.Code).Distinct().Count() == c.Count)
                    .When(x => x.Lexicon!.Categories is { Count: > 0 })
                    .WithMessage("类别代码不能重复");
                RuleForEach(x => x.Lexicon!.Categories)
                    .ChildRules(c =>
                    {
                        c.RuleFor(x => x.Code)
                            .NotEmpty()
                            .Matches("^[A-Za-z][A-Za-z0-9]{0,31}$")
                            .WithMessage("类别代码须为字母开头的英文字母或数字（至多32位）");
                        c.RuleFor(x => x.Text)
                            .NotEmpty()
                            .MaximumLength(100)
                            .WithMessage("请写明类别的说明（至多100字）");
                        c.RuleFor(x => x.Words)
                            .NotEmpty()
                            .WithMessage("每个类别至少要有一个词")
                            .Must(t => t.All(w => !string.IsNullOrWhiteSpace(w) && w.Length <= 20))
                            .WithMessage("词语不能为空，至多20个字");
                        c.RuleForEach(x => x.Patterns)
                            .Must(CompiledLexicon.IsValidPattern)
                            .WithMessage("正则表达式无效或不受支持（不能含回溯引用、环视，至多200个字符）");
                    })
                    .When(x => x.Lexicon!.Categories is not null);
                RuleForEach(x => x.Lexicon!.Combinations)
                    .Must(
                        (r, c) =>
                            c.Categories is { Count: > 1 }
                            && c.Categories.All(r.Lexicon!.Categories.Select(x => x.Code).Contains)
                    )
                    .When(x => x.Lexicon!.Combinations is not null && x.Lexicon!.Categories is not null)
                    .WithMessage("组合规则须引用至少两个已有类别");
            }
        );
    }
}
