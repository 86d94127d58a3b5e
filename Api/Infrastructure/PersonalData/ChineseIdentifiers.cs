using System.Globalization;
using System.Text.RegularExpressions;

namespace Mediation.Api.Infrastructure.PersonalData;

/// <summary>Why a resident ID number failed the GB 11643 check.</summary>
public enum IdNumberProblem
{
    None,

    /// <summary>Not 17 ASCII digits followed by a digit or X.</summary>
    Format,

    /// <summary>Chars 6..13 are not a real yyyyMMdd date between 1900-01-01 and today (Beijing time).</summary>
    BirthDate,

    /// <summary>The 18th character does not match the weighted checksum.</summary>
    CheckDigit,
}

/// <summary>
/// Checks for Chinese identifiers: resident ID number (GB 11643), unified social credit code
/// (GB 32100) and mainland mobile numbers. Every check trims and upper-cases its input first.
/// </summary>
public static partial class ChineseIdentifiers
{
    private static readonly int[] IdWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string IdCheckChars = "10X98765432";
    private const string CreditAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly DateOnly EarliestBirthDate = new(1900, 1, 1);
    private static readonly TimeSpan BeijingOffset = TimeSpan.FromHours(8); // China has no DST.

    /// <summary>Trims and upper-cases (so a trailing lower-case x is accepted); null stays null.</summary>
    public static string? NormalizeIdNumber(string? value) => value?.Trim().ToUpperInvariant();

    /// <summary>Trims and upper-cases; null stays null.</summary>
    public static string? NormalizeCreditCode(string? value) => value?.Trim().ToUpperInvariant();

    public static bool IsValidIdNumber(string? value, TimeProvider? clock = null) =>
        CheckIdNumber(value, clock) == IdNumberProblem.None;

    /// <summary>Format first, then birth date, then check digit; the first problem found is returned.</summary>
    public static IdNumberProblem CheckIdNumber(string? value, TimeProvider? clock = null)
    {
        var id = NormalizeIdNumber(value);
        if (
            id is null
            || id.Length != 18
            || id.AsSpan(0, 17).ContainsAnyExceptInRange('0', '9')
            || !(char.IsAsciiDigit(id[17]) || id[17] == 'X')
        )
            return IdNumberProblem.Format;

        var birth = ParseBirthDate(id);
        var today = DateOnly.FromDateTime((clock ?? TimeProvider.System).GetUtcNow().ToOffset(BeijingOffset).DateTime);
        if (birth is null || birth < EarliestBirthDate || birth > today)
            return IdNumberProblem.BirthDate;

        var sum = 0;
        for (var i = 0; i < 17; i++)
            sum += (id[i] - '0') * IdWeights[i];
        return id[17] == IdCheckChars[sum % 11] ? IdNumberProblem.None : IdNumberProblem.CheckDigit;
    }

    /// <summary>Birth date of a valid ID number; null when the number is invalid.</summary>
    public static DateOnly? BirthDateFromIdNumber(string? value, TimeProvider? clock = null) =>
        IsValidIdNumber(value, clock) ? ParseBirthDate(NormalizeIdNumber(value)!) : null;

    /// <summary>"Male" when the 17th digit is odd, "Female" when even; null when the number is invalid.</summary>
    public static string? GenderFromIdNumber(string? value, TimeProvider? clock = null) =>
        IsValidIdNumber(value, clock) ? ((NormalizeIdNumber(value)![16] - '0') % 2 == 1 ? "Male" : "Female") : null;

    public static bool IsValidCreditCode(string? value)
    {
        var code = NormalizeCreditCode(value);
        if (code is null || code.Length != 18)
            return false;

        int sum = 0,
            weight = 1;
        for (var i = 0; i < 17; i++, weight = weight * 3 % 31)
        {
            var v = CreditAlphabet.IndexOf(code[i]);
            if (v < 0)
                return false;
            sum += v * weight;
        }
        return code[17] == CreditAlphabet[(31 - sum % 31) % 31];
    }

    /// <summary>11 digits matching 1[3-9]xxxxxxxxx after trimming; no +86 prefix, spaces or dashes.</summary>
    public static bool IsValidMainlandMobile(string? value) =>
        value is not null && MobilePattern().IsMatch(value.Trim());

    /// <summary>
    /// A fixed-line number as written in China: area code (010, 020–029, or 0 and three digits), a dash, the 7- or
    /// 8-digit number, optionally a dash and an extension of up to 6 digits (0631-8451234, 010-12345678-123); or a
    /// company's 400/800 service number (400-123-4567).
    /// </summary>
    public static bool IsValidLandline(string? value) => value is not null && LandlinePattern().IsMatch(value.Trim());

    /// <summary>The parts of a fixed-line number (for masking); null if it is not one.</summary>
    internal static (string AreaCode, string Number, string? Extension)? SplitLandline(string? value)
    {
        if (value is null || LandlinePattern().Match(value.Trim()) is not { Success: true } m)
            return null;
        if (m.Groups["service"].Success)
            return (m.Groups["service"].Value, m.Groups["serviceNumber"].Value.Replace("-", ""), null);
        return (
            m.Groups["area"].Value,
            m.Groups["number"].Value,
            m.Groups["ext"].Success ? m.Groups["ext"].Value : null
        );
    }

    private static DateOnly? ParseBirthDate(string id) =>
        DateOnly.TryParseExact(
            id.AsSpan(6, 8),
            "yyyyMMdd",
            CultureInfo.InvariantCulture,
            DateTimeStyles.None,
            out var d
        )
            ? d
            : null;

    // [0-9] rather than \d, which would accept non-ASCII digits; \z rather than $, which allows a trailing newline.
    [GeneratedRegex(@"\A1[3-9][0-9]{9}\z")]
    private static partial Regex MobilePattern();

    // Area codes: 010 and 02x have three digits, the rest four (0631); local numbers never start with 0.
    [GeneratedRegex(
        @"\A(?:(?<area>010|02[0-9]|0[3-9][0-9]{2})-(?<number>[1-9][0-9]{6,7})(?:-(?<ext>[0-9]{1,6}))?|(?<service>[48]00)-?(?<serviceNumber>[0-9]{3}-?[0-9]{4}))\z"
    )]
    private static partial Regex LandlinePattern();
}
