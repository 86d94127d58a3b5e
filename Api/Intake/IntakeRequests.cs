using FluentValidation;
using Mediation.Api.Disputes;
using Mediation.Api.ReferenceData;

namespace Mediation.Api.Intake;

public sealed record RejectRequest(string? ReasonCode, string? Note);

public sealed record CorrectionRequestBody(List<string>? Items, DateTime? Deadline);

public sealed record AssignRequest(List<Guid>? MediatorIds, string? Note);

public sealed record TransferRequest(Guid? ToBodyId, string? Reason);

public sealed record EscalateRequest(string? Reason);

public sealed record NoteRequest(string? Text);

internal sealed class RejectRequestValidator : AbstractValidator<RejectRequest>
{
    public RejectRequestValidator()
    {
        RuleFor(x => x.ReasonCode)
            .NotEmpty()
            .WithMessage("请选择不予受理的理由")
            .MustAsync(
                (_, code, context, ct) =>
                    context.Get<AppDbContext>().RejectionReasons.AnyAsync(r => r.Code == code && r.Active, ct)
            )
            .When(x => !string.IsNullOrEmpty(x.ReasonCode), ApplyConditionTo.CurrentValidator)
            .WithMessage("不予受理理由不存在，请从列表中选择");
        RuleFor(x => x.Note).NotEmpty().When(x => x.ReasonCode == "other").WithMessage("选择「其他原因」时请写明理由");
        RuleFor(x => x.Note).MaximumLength(500).WithMessage("说明不能超过500个字");
    }
}

internal sealed class CorrectionRequestBodyValidator : AbstractValidator<CorrectionRequestBody>
{
    public CorrectionRequestBodyValidator(TimeProvider clock, IOptions<IntakeOptions> options)
    {
        RuleFor(x => x.Items)
            .NotEmpty()
            .WithMessage("请列出需要补正的事项")
            .Must(i => i is null || i.Count <= 20)
            .WithMessage("补正事项不能超过20项");
        RuleForEach(x => x.Items)
            .NotEmpty()
            .WithMessage("补正事项不能为空")
            .MaximumLength(200)
            .WithMessage("每项补正事项不能超过200个字");
        RuleFor(x => x.Deadline)
            .Must(d => d > clock.GetUtcNow().UtcDateTime)
            .When(x => x.Deadline is not null)
            .WithMessage("补正期限须晚于当前时间");
        RuleFor(x => x.Deadline)
            .Must(d => d <= clock.GetUtcNow().UtcDateTime + options.Value.MaxCorrectionPeriod)
            .When(x => x.Deadline is not null)
            .WithMessage($"补正期限不能超过{options.Value.MaxCorrectionPeriod.TotalDays:0}天");
    }
}

internal sealed class AssignRequestValidator : AbstractValidator<AssignRequest>
{
    public AssignRequestValidator()
    {
        RuleFor(x => x.MediatorIds)
            .Must(m => m is null || m.Count <= 5)
            .WithMessage("一次最多指派5名调解员")
            .Must(m => m is null || m.Distinct().Count() == m.Count)
            .WithMessage("调解员不能重复");
        RuleFor(x => x.Note).MaximumLength(500).WithMessage("说明不能超过500个字");
    }
}

internal sealed class TransferRequestValidator : AbstractValidator<TransferRequest>
{
    public TransferRequestValidator()
    {
        RuleFor(x => x.ToBodyId)
            .NotNull()
            .WithMessage("请选择接收案件的调解组织")
            .MustAsync(
                (_, id, context, ct) => context.Get<AppDbContext>().Bodies.AnyAsync(b => b.Id == id && b.Active, ct)
            )
            .When(x => x.ToBodyId is not null, ApplyConditionTo.CurrentValidator)
            .WithMessage("接收案件的调解组织不存在或已停用");
        RuleFor(x => x.Reason)
            .NotEmpty()
            .WithMessage("请填写移送理由")
            .MaximumLength(500)
            .WithMessage("移送理由不能超过500个字");
    }
}

internal sealed class EscalateRequestValidator : AbstractValidator<EscalateRequest>
{
    public EscalateRequestValidator() =>
        RuleFor(x => x.Reason)
            .NotEmpty()
            .WithMessage("请填写上报理由")
            .MaximumLength(500)
            .WithMessage("上报理由不能超过500个字");
}

internal sealed class NoteRequestValidator : AbstractValidator<NoteRequest>
{
    public NoteRequestValidator() =>
        RuleFor(x => x.Text)
            .NotEmpty()
            .WithMessage("请填写备注内容")
            .MaximumLength(2000)
            .WithMessage("备注不能超过2000个字");
}

/// <summary>Queue filters. Enum values that do not parse are refused by the binder (400).</summary>
public sealed record QueueQuery(
    DisputeStatus? Status,
    string? TypeCode,
    Guid? BodyId,
    DisputeSource? Source,
    DateTime? SubmittedFrom,
    DateTime? SubmittedTo,
    bool? Overdue,
    RiskLevel? Risk,
    string? Q,
    string? Sort,
    string? Cursor,
    int? Limit
);

internal sealed class QueueQueryValidator : AbstractValidator<QueueQuery>
{
    public QueueQueryValidator()
    {
        RuleFor(x => x.Limit).InclusiveBetween(1, 100).WithMessage("每页条数应在1至100之间");
        RuleFor(x => x.Sort)
            .Must(s => s is null or QueueCursor.Age or QueueCursor.Deadline or QueueCursor.Risk)
            .WithMessage("排序只能是 age（等待时间）、deadline（受理期限）或 risk（风险等级）");
        RuleFor(x => x.Cursor)
            .Must((q, c) => QueueCursor.TryParse(c, out var cursor) && cursor.Sort == (q.Sort ?? QueueCursor.Age))
            .When(x => x.Cursor is not null)
            .WithMessage("分页游标无效或与排序方式不符，请从第一页重新加载");
        RuleFor(x => x.Q).MaximumLength(100).WithMessage("搜索内容不能超过100个字");
        RuleFor(x => x.SubmittedTo)
            .GreaterThanOrEqualTo(x => x.SubmittedFrom)
            .When(x => x.SubmittedFrom is not null && x.SubmittedTo is not null)
            .WithMessage("结束日期不能早于开始日期");
    }
}
