using FluentValidation;
using Mediation.Api.Statistics;

namespace Mediation.Api.CaseReviews;

public sealed record ChecklistItemRequest(string? Code, string? Title, int? MaxPoints);

/// <summary>A new version of the checklist: the whole list, in order.</summary>
public sealed record ChecklistRequest(List<ChecklistItemRequest>? Items);

/// <summary>A sample: the body (and those below it), a month or a date range of closing, and either a random draw
/// with a seed or every case matching the filters.</summary>
public sealed record SampleRequest(
    Guid? BodyId,
    string? Month,
    DateOnly? From,
    DateOnly? To,
    string? DrawMethod,
    string? Seed,
    int? Size,
    string? TypeCode,
    Guid? MediatorId
);

public sealed record ScoreItemRequest(string? ItemCode, int? Points, string? Note);

public sealed record ScoreRequest(List<ScoreItemRequest>? Scores, string? Note, int? Version);

public sealed record ReturnRequest(DateOnly? Deadline, string? Reason, int? Version);

public sealed record RectifiedRequest(string? Reply);

public sealed record AcceptRequest(int? Version);

public sealed record ScoresQuery(Guid? BodyId, DateOnly? From, DateOnly? To);

public static class SampleMethods
{
    public const string Random = "Random";
    public const string Filter = "Filter";
}

internal sealed class ChecklistRequestValidator : AbstractValidator<ChecklistRequest>
{
    public ChecklistRequestValidator()
    {
        RuleFor(x => x.Items).NotEmpty().WithMessage("评查标准至少要有一项");
        RuleFor(x => x.Items)
            .Must(items =>
            {
                var codes = items!.Where(i => i is not null).Select(i => i.Code).ToList();
                return codes.Distinct().Count() == codes.Count;
            })
            .When(x => x.Items is { Count: > 0 })
            .WithMessage("评查项目代码不能重复");
        RuleForEach(x => x.Items).NotNull().WithMessage("评查项目不能为空");
        RuleFor(x => x.Items)
            .Must(items => items!.Count <= 30)
            .When(x => x.Items != null)
            .WithMessage("评查项目最多 30 项");
        RuleForEach(x => x.Items)
            .ChildRules(item =>
            {
                item.RuleFor(i => i.Code)
                    .NotEmpty()
                    .WithMessage("请填写项目代码")
                    .Matches("^[a-z0-9-]{1,40}$")
                    .WithMessage("项目代码只能由小写字母、数字和连字符组成，最长 40 个字符");
                item.RuleFor(i => i.Title)
                    .NotEmpty()
                    .WithMessage("请填写项目名称")
                    .MaximumLength(100)
                    .WithMessage("项目名称最长 100 个字");
                item.RuleFor(i => i.MaxPoints)
                    .NotNull()
                    .WithMessage("请填写该项满分")
                    .InclusiveBetween(1, 100)
                    .WithMessage("该项满分应在 1 到 100 分之间");
            });
    }
}

internal sealed class SampleRequestValidator : AbstractValidator<SampleRequest>
{
    public SampleRequestValidator()
    {
        RuleFor(x => x.DrawMethod)
            .Must(m => m is SampleMethods.Random or SampleMethods.Filter)
            .WithMessage("抽取方式只能是 Random（随机）或 Filter（按条件）");
        RuleFor(x => x.Month)
            .Must(m => ReportMonth.TryParse(m, out _))
            .When(x => x.Month != null)
            .WithMessage("月份格式应为 yyyy-MM，如 2026-10");
        RuleFor(x => x.Month)
            .NotEmpty()
            .When(x => x.From is null || x.To is null)
            .WithMessage("请指定月份，或同时指定起止日期");
        RuleFor(x => x.To)
            .Must((x, to) => to >= x.From)
            .When(x => x.From != null && x.To != null)
            .WithMessage("结束日期不能早于开始日期");
        RuleFor(x => x.Size)
            .NotNull()
            .When(x => x.DrawMethod == SampleMethods.Random)
            .WithMessage("随机抽取请指定抽取件数");
        RuleFor(x => x.Size).InclusiveBetween(1, 200).WithMessage("抽取件数应在 1 到 200 之间");
        RuleFor(x => x.Seed).MaximumLength(64).WithMessage("随机种子最长 64 个字符");
        RuleFor(x => x)
            .Must(x => x.TypeCode != null || x.MediatorId != null)
            .When(x => x.DrawMethod == SampleMethods.Filter)
            .WithName("typeCode")
            .OverridePropertyName("typeCode")
            .WithMessage("按条件抽取请至少指定纠纷类型或调解员");
    }
}

internal sealed class ScoreRequestValidator : AbstractValidator<ScoreRequest>
{
    public ScoreRequestValidator()
    {
        RuleFor(x => x.Scores).NotEmpty().WithMessage("请为评查标准的每一项打分");
        RuleForEach(x => x.Scores)
            .ChildRules(item =>
            {
                item.RuleFor(i => i.ItemCode).NotEmpty().WithMessage("请指明评查项目");
                item.RuleFor(i => i.Points)
                    .NotNull()
                    .WithMessage("请填写得分")
                    .GreaterThanOrEqualTo(0)
                    .WithMessage("得分不能为负数");
                item.RuleFor(i => i.Note).MaximumLength(500).WithMessage("说明最长 500 个字");
            });
        RuleFor(x => x.Note).MaximumLength(1000).WithMessage("评查意见最长 1000 个字");
    }
}

internal sealed class ReturnRequestValidator : AbstractValidator<ReturnRequest>
{
    public ReturnRequestValidator()
    {
        RuleFor(x => x.Deadline).NotNull().WithMessage("请指定整改期限");
        RuleFor(x => x.Reason)
            .NotEmpty()
            .WithMessage("请写明需要整改的问题")
            .MaximumLength(1000)
            .WithMessage("整改意见最长 1000 个字");
    }
}

internal sealed class RectifiedRequestValidator : AbstractValidator<RectifiedRequest>
{
    public RectifiedRequestValidator()
    {
        RuleFor(x => x.Reply).MaximumLength(1000).WithMessage("整改说明最长 1000 个字");
    }
}
