using FluentValidation;

namespace Mediation.Api.Infrastructure.PersonalData;

/// <summary>
/// FluentValidation rules for Chinese identifiers. Like FluentValidation's own EmailAddress(), a null or blank
/// value passes: combine with NotEmpty() when the field is required. Each failure carries an error code that the
/// mini-program can switch on.
/// </summary>
public static class ValidationRules
{
    public const string IdNumberMessage = "身份证号码格式不正确或校验位错误";
    public const string IdNumberBirthDateMessage = "身份证号码中的出生日期无效";
    public const string CreditCodeMessage = "统一社会信用代码格式不正确或校验位错误";
    public const string MobileMessage = "手机号码格式不正确，应为11位中国大陆手机号";
    public const string PhoneMessage =
        "联系电话格式不正确，应为11位手机号码，或带区号的固定电话（如 0631-8451234、010-12345678-123）";

    public const string IdNumberCode = "ChineseIdNumber";
    public const string IdNumberBirthDateCode = "ChineseIdNumberBirthDate";
    public const string CreditCodeCode = "UnifiedSocialCreditCode";
    public const string MobileCode = "MainlandMobile";
    public const string PhoneCode = "MainlandPhone";

    /// <summary>
    /// GB 11643 resident ID number. A bad birth date gets its own message; any other problem (format, check
    /// character) gets the general one. Exactly one message is produced per bad value.
    /// </summary>
    public static IRuleBuilderOptions<T, string?> ChineseIdNumber<T>(
        this IRuleBuilder<T, string?> rule,
        TimeProvider? clock = null
    ) =>
        rule.Must(v => Problem(v, clock) != IdNumberProblem.BirthDate)
            .WithMessage(IdNumberBirthDateMessage)
            .WithErrorCode(IdNumberBirthDateCode)
            .Must(v => Problem(v, clock) is IdNumberProblem.None or IdNumberProblem.BirthDate)
            .WithMessage(IdNumberMessage)
            .WithErrorCode(IdNumberCode);

    /// <summary>GB 32100 unified social credit code (18 characters, check character).</summary>
    public static IRuleBuilderOptions<T, string?> UnifiedSocialCreditCode<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(v => IsBlank(v) || ChineseIdentifiers.IsValidCreditCode(v))
            .WithMessage(CreditCodeMessage)
            .WithErrorCode(CreditCodeCode);

    /// <summary>Mainland mobile number: 11 digits starting 13–19.</summary>
    public static IRuleBuilderOptions<T, string?> MainlandMobile<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(v => IsBlank(v) || ChineseIdentifiers.IsValidMainlandMobile(v))
            .WithMessage(MobileMessage)
            .WithErrorCode(MobileCode);

    /// <summary>A mobile number or a fixed line with its area code (and extension): how an organisation or another
    /// party is reached.</summary>
    public static IRuleBuilderOptions<T, string?> MainlandPhone<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(v =>
                IsBlank(v) || ChineseIdentifiers.IsValidMainlandMobile(v) || ChineseIdentifiers.IsValidLandline(v)
            )
            .WithMessage(PhoneMessage)
            .WithErrorCode(PhoneCode);

    private static IdNumberProblem Problem(string? v, TimeProvider? clock) =>
        IsBlank(v) ? IdNumberProblem.None : ChineseIdentifiers.CheckIdNumber(v, clock);

    private static bool IsBlank(string? v) => string.IsNullOrWhiteSpace(v);
}
