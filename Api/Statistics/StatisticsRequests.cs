using System.Globalization;
using FluentValidation;

namespace Mediation.Api.Statistics;

/// <summary>Calendar months in China time: "2026-10" is [2026-10-01 00:00, 2026-11-01 00:00) Asia/Shanghai.</summary>
public static class ReportMonth
{
    public static readonly TimeZoneInfo China = ChinaTime.Zone;

    public static bool TryParse(string? text, out DateOnly month)
    {
        month = default;
        if (
            text is null
            || !DateOnly.TryParseExact(
                text + "-01",
                "yyyy-MM-dd",
                CultureInfo.InvariantCulture,
                DateTimeStyles.None,
                out var d
            )
        )
            return false;
        if (d.Year is < 2000 or > 2100)
            return false;
        month = d;
        return true;
    }

    public static (DateTime From, DateTime To) UtcRange(DateOnly month)
    {
        var start = month.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return (TimeZoneInfo.ConvertTimeToUtc(start, China), TimeZoneInfo.ConvertTimeToUtc(start.AddMonths(1), China));
    }

    public static string Format(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>The month before the one containing this instant, in China time.</summary>
    public static DateOnly Previous(DateTime utcNow)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(utcNow, China);
        return new DateOnly(local.Year, local.Month, 1).AddMonths(-1);
    }
}

internal sealed class MonthlyQueryValidator : AbstractValidator<MonthlyQuery>
{
    public MonthlyQueryValidator()
    {
        // CurrentValidator: a bare When() would also switch off NotEmpty, and a missing month became 0001-01.
        RuleFor(x => x.Month)
            .NotEmpty()
            .WithMessage("请指定统计月份，如 2026-10")
            .Must(m => ReportMonth.TryParse(m, out _))
            .When(x => !string.IsNullOrEmpty(x.Month), ApplyConditionTo.CurrentValidator)
            .WithMessage("统计月份格式应为 yyyy-MM，如 2026-10");
        RuleFor(x => x.Format)
            .Must(f => f is null or "json" or "xlsx" or "csv")
            .WithMessage("导出格式只能是 json、xlsx 或 csv");
    }
}

internal sealed class PreventionRequestValidator : AbstractValidator<PreventionRequest>
{
    public PreventionRequestValidator()
    {
        RuleFor(x => x.BodyId).NotNull().WithMessage("请选择调解组织");
        // CurrentValidator: a bare When() would also switch off NotEmpty, and a missing month became 0001-01.
        RuleFor(x => x.Month)
            .NotEmpty()
            .WithMessage("请指定统计月份，如 2026-10")
            .Must(m => ReportMonth.TryParse(m, out _))
            .When(x => !string.IsNullOrEmpty(x.Month), ApplyConditionTo.CurrentValidator)
            .WithMessage("统计月份格式应为 yyyy-MM，如 2026-10");
        RuleFor(x => x.PreventedCriminalCases)
            .NotNull()
            .WithMessage("请填写防止民转刑件数")
            .InclusiveBetween(0, 100000)
            .WithMessage("防止民转刑件数应在0至100000之间");
        RuleFor(x => x.PreventedMassPetitions)
            .NotNull()
            .WithMessage("请填写防止群体性上访件数")
            .InclusiveBetween(0, 100000)
            .WithMessage("防止群体性上访件数应在0至100000之间");
    }
}

/// <summary>Query of GET /api/stats/mediators. Format: json (default) or xlsx; an xlsx Accept header also selects
/// xlsx.</summary>
public sealed record MediatorStatsQuery(Guid? BodyId, string? Month, string? Format);

internal sealed class MediatorStatsQueryValidator : AbstractValidator<MediatorStatsQuery>
{
    public MediatorStatsQueryValidator()
    {
        RuleFor(x => x.Month)
            .NotEmpty()
            .WithMessage("请指定统计月份，如 2026-10")
            .Must(m => ReportMonth.TryParse(m, out _))
            .When(x => !string.IsNullOrEmpty(x.Month), ApplyConditionTo.CurrentValidator)
            .WithMessage("统计月份格式应为 yyyy-MM，如 2026-10");
        RuleFor(x => x.Format).Must(f => f is null or "json" or "xlsx").WithMessage("导出格式只能是 json 或 xlsx");
    }
}
