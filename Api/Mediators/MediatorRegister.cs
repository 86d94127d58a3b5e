using FluentValidation;
using Mediation.Api.Auth;
using Mediation.Api.ReferenceData;

namespace Mediation.Api.Mediators;

/// <summary>The register (名册) fields of a mediator's profile, as administrators and supervisors write them. The
/// specialties are the profile's dispute types, written beside these.</summary>
public sealed record MediatorRegisterInput(
    bool? FullTime,
    MediatorLevel? Level,
    string? CertificateNumber,
    DateOnly? CertificateValidUntil,
    List<string>? Languages,
    List<Guid>? ServedBodyIds,
    DateOnly? TermEndsOn,
    string? Introduction,
    int? ServingSince
);

/// <summary>The register as staff read it (the certificate number included; citizens never see it).</summary>
public sealed record MediatorRegisterResponse(
    bool? FullTime,
    MediatorLevel? Level,
    string? CertificateNumber,
    DateOnly? CertificateValidUntil,
    IReadOnlyList<string> Languages,
    IReadOnlyList<Guid> ServedBodyIds,
    DateOnly? TermEndsOn,
    string? Introduction,
    int? ServingSince
)
{
    public static MediatorRegisterResponse Of(MediatorProfile p) =>
        new(
            p.FullTime,
            p.Level,
            p.CertificateNumber,
            p.CertificateValidUntil,
            p.Languages,
            p.ServedBodyIds,
            p.TermEndsOn,
            p.Introduction,
            p.ServingSince
        );
}

public static class MediatorRegister
{
    public const int MaxLanguages = 10;
    public const int MaxServedBodies = 10;

    /// <summary>Replaces every register field with the input's (a field left out is cleared).</summary>
    public static void Apply(MediatorProfile profile, MediatorRegisterInput input)
    {
        profile.FullTime = input.FullTime;
        profile.Level = input.Level;
        profile.CertificateNumber = Trimmed(input.CertificateNumber);
        profile.CertificateValidUntil = input.CertificateValidUntil;
        profile.Languages = input.Languages?.Select(l => l.Trim()).Distinct().ToList() ?? [];
        profile.ServedBodyIds = input.ServedBodyIds?.Distinct().ToList() ?? [];
        profile.TermEndsOn = input.TermEndsOn;
        profile.Introduction = Trimmed(input.Introduction);
        profile.ServingSince = input.ServingSince;
    }

    /// <summary>What an audit entry keeps of the register: everything but the free-text introduction.</summary>
    public static object AuditView(MediatorProfile p) =>
        new
        {
            p.FullTime,
            Level = p.Level?.ToString(),
            p.CertificateNumber,
            p.CertificateValidUntil,
            p.Languages,
            p.ServedBodyIds,
            p.TermEndsOn,
            p.ServingSince,
            p.TypeCodes,
        };

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>Nested in the administrators' staff requests and in the supervisors' register request.</summary>
public sealed class MediatorRegisterInputValidator
    : AbstractValidator<MediatorRegisterInput>,
        Infrastructure.Validation.INestedValidator
{
    public MediatorRegisterInputValidator(TimeProvider clock)
    {
        RuleFor(x => x.Level)
            .IsInEnum()
            .WithMessage("等级只能是 Chief（首席）、First、Second、Third 或 Fourth（一至四级）");
        RuleFor(x => x.CertificateNumber)
            .MaximumLength(64)
            .WithMessage("证书编号不能超过64个字符")
            .Matches("^[A-Za-z0-9\\-()（）〔〕\\[\\]\u4e00-\u9fa5 ]*$")
            .WithMessage("证书编号只能包含汉字、字母、数字、括号和连字符");
        RuleFor(x => x.CertificateValidUntil)
            .NotNull()
            .When(x => !string.IsNullOrWhiteSpace(x.CertificateNumber))
            .WithMessage("请填写证书有效期");
        RuleFor(x => x.CertificateNumber)
            .NotEmpty()
            .When(x => x.CertificateValidUntil is not null)
            .WithMessage("填写证书有效期时请一并填写证书编号");
        RuleFor(x => x.Languages)
            .Must(l => l is null || l.Count <= MediatorRegister.MaxLanguages)
            .WithMessage($"语言或方言不能超过{MediatorRegister.MaxLanguages}项");
        RuleForEach(x => x.Languages)
            .NotEmpty()
            .WithMessage("语言或方言不能为空")
            .MaximumLength(20)
            .WithMessage("每项语言或方言不能超过20个字");
        RuleFor(x => x.ServedBodyIds)
            .Must(b => b is null || b.Count <= MediatorRegister.MaxServedBodies)
            .WithMessage($"兼任的调解组织不能超过{MediatorRegister.MaxServedBodies}个");
        RuleForEach(x => x.ServedBodyIds)
            .MustAsync(
                (_, id, context, ct) => context.Get<AppDbContext>().Bodies.AnyAsync(b => b.Id == id && b.Active, ct)
            )
            .WithMessage("调解组织不存在或已停用：{PropertyValue}");
        RuleFor(x => x.Introduction)
            .MaximumLength(MediatorProfile.MaxIntroductionLength)
            .WithMessage($"简介不能超过{MediatorProfile.MaxIntroductionLength}个字");
        RuleFor(x => x.ServingSince)
            .Must(year => year is null || (year >= 1950 && year <= ChinaTime.Date(clock.GetUtcNow().UtcDateTime).Year))
            .WithMessage("开始从事调解工作的年份应在1950年至今年之间");
        RuleFor(x => x.TermEndsOn).Must(d => d is null || d.Value.Year >= 2000).WithMessage("任期届满日期无效");
    }
}
