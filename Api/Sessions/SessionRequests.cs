using FluentValidation;
using Mediation.Api.Disputes;

namespace Mediation.Api.Sessions;

/// <param name="MediatorIds">Empty: every mediator currently assigned to the case.</param>
/// <param name="PartyIds">Empty: every party of the case.</param>
public sealed record CreateSessionRequest(
    MediationMode? Mode,
    DateTime? StartsAt,
    int? DurationMinutes,
    List<Guid>? MediatorIds,
    List<Guid>? PartyIds,
    string? Location,
    string? JoinUrl
);

public sealed record RescheduleRequest(
    DateTime? StartsAt,
    int? DurationMinutes,
    MediationMode? Mode,
    string? Location,
    string? JoinUrl,
    string? Reason
);

public sealed record CancelSessionRequest(string? Reason);

public sealed record OutcomeRequest(SessionResult? Result, List<Guid>? AbsentPartyIds, string? Minutes);

public sealed record SessionResponse(
    Guid Id,
    Guid DisputeId,
    string CaseNumber,
    MediationMode Mode,
    string ModeName,
    SessionStatus Status,
    DateTime StartsAt,
    DateTime EndsAt,
    int DurationMinutes,
    string StartsAtLocal,
    IReadOnlyList<Guid> MediatorIds,
    IReadOnlyList<Guid> PartyIds,
    string? Location,
    string? JoinUrl,
    IReadOnlyList<Guid> ConfirmedBy,
    string? CancelReason,
    DateTime? CancelledAt,
    string? Minutes,
    IReadOnlyList<Guid> AbsentPartyIds,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    CounterProposal? Counter = null
);

/// <summary>Another time someone proposed for a Proposed session.</summary>
public sealed record CounterProposal(
    DateTime StartsAt,
    string StartsAtLocal,
    string? Note,
    string ByKind,
    Guid ById,
    DateTime At
);

public sealed record SessionList(IReadOnlyList<SessionResponse> Items);

internal static class SessionRules
{
    public static void Timing<T>(
        AbstractValidator<T> v,
        System.Linq.Expressions.Expression<Func<T, DateTime?>> startsAt,
        System.Linq.Expressions.Expression<Func<T, int?>> duration,
        SessionsOptions o
    )
    {
        v.RuleFor(startsAt).NotNull().WithMessage("请填写开始时间（UTC）");
        v.RuleFor(duration)
            .NotNull()
            .WithMessage("请填写时长（分钟）")
            .InclusiveBetween(10, o.MaxDurationMinutes)
            .WithMessage($"时长应在 10 至 {o.MaxDurationMinutes} 分钟之间");
    }

    public static bool IsUrl(string? url) =>
        url is null || (Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme is "https" or "http");
}

internal sealed class CreateSessionRequestValidator : AbstractValidator<CreateSessionRequest>
{
    public CreateSessionRequestValidator(IOptions<SessionsOptions> options)
    {
        RuleFor(x => x.Mode)
            .NotNull()
            .WithMessage("请选择调解方式")
            .IsInEnum()
            .WithMessage("调解方式只能是 Phone、Online 或 OnSite");
        SessionRules.Timing(this, x => x.StartsAt, x => x.DurationMinutes, options.Value);
        RuleFor(x => x.Location)
            .NotEmpty()
            .When(x => x.Mode == MediationMode.OnSite)
            .WithMessage("现场调解请填写地点")
            .MaximumLength(200)
            .WithMessage("地点不超过200字");
        RuleFor(x => x.JoinUrl)
            .Must(SessionRules.IsUrl)
            .WithMessage("线上会议链接应为 http(s) 网址")
            .MaximumLength(500);
        RuleFor(x => x.MediatorIds).Must(m => m is null || m.Count <= 5).WithMessage("调解员不超过5名");
        RuleFor(x => x.PartyIds).Must(p => p is null || p.Count <= 50).WithMessage("当事人不超过50名");
    }
}

internal sealed class RescheduleRequestValidator : AbstractValidator<RescheduleRequest>
{
    public RescheduleRequestValidator(IOptions<SessionsOptions> options)
    {
        SessionRules.Timing(this, x => x.StartsAt, x => x.DurationMinutes, options.Value);
        RuleFor(x => x.Mode).IsInEnum().WithMessage("调解方式只能是 Phone、Online 或 OnSite");
        RuleFor(x => x.Location).MaximumLength(200).WithMessage("地点不超过200字");
        RuleFor(x => x.JoinUrl)
            .Must(SessionRules.IsUrl)
            .WithMessage("线上会议链接应为 http(s) 网址")
            .MaximumLength(500);
        RuleFor(x => x.Reason).MaximumLength(500).WithMessage("原因不超过500字");
    }
}

internal sealed class CancelSessionRequestValidator : AbstractValidator<CancelSessionRequest>
{
    public CancelSessionRequestValidator() =>
        RuleFor(x => x.Reason)
            .NotEmpty()
            .WithMessage("请填写取消原因")
            .MaximumLength(500)
            .WithMessage("原因不超过500字");
}

internal sealed class OutcomeRequestValidator : AbstractValidator<OutcomeRequest>
{
    public OutcomeRequestValidator()
    {
        RuleFor(x => x.Result)
            .NotNull()
            .WithMessage("请选择调解结果")
            .IsInEnum()
            .WithMessage("结果只能是 Held、NoShow 或 Adjourned");
        RuleFor(x => x.Minutes)
            .NotEmpty()
            .When(x => x.Result == SessionResult.Held)
            .WithMessage("请填写调解笔录")
            .MaximumLength(10000)
            .WithMessage("调解笔录不超过10000字");
        RuleFor(x => x.AbsentPartyIds)
            .NotEmpty()
            .When(x => x.Result == SessionResult.NoShow)
            .WithMessage("请选择缺席的当事人");
    }
}
