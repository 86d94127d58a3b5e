using System.Globalization;
using System.Text;

namespace Mediation.Api.WeChat;

/// <summary>
/// Fits a value to a subscribe-message keyword type (shared/wechat-api.md §4) so that WeChat does not refuse the
/// whole message with 47003. Lengths are counted in Unicode code points. Returns null when a value cannot be made
/// to fit (the caller then uses another channel rather than sending something wrong).
/// </summary>
public static class SubscribeMessageValues
{
    private static readonly TimeZoneInfo China = ChinaTime.Zone;

    /// <summary>The keyword type is the keyword without its index: <c>thing12</c> → <c>thing</c>.</summary>
    public static string TypeOf(string keyword) => keyword.TrimEnd("0123456789".ToCharArray());

    public static string? Fit(string keyword, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        value = value.Trim();
        return TypeOf(keyword) switch
        {
            "thing" => Cut(value, 20),
            "character_string" => Ascii(value) ? Cut(value, 32, ellipsis: false) : null,
            "number" => value.Length <= 32
            && decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _)
                ? value
                : null,
            "letter" => value.All(char.IsAsciiLetter) ? Cut(value, 32, ellipsis: false) : null,
            "phrase" => value.EnumerateRunes().All(IsChinese) ? Cut(value, 5, ellipsis: false) : null,
            "name" => value.EnumerateRunes().Any(IsChinese)
                ? Cut(value, 10, ellipsis: false)
                : Cut(value, 20, ellipsis: false),
            "phone_number" => value.Length <= 17 && value.All(c => char.IsAsciiDigit(c) || c is '+' or '-')
                ? value
                : null,
            "amount" => value,
            "time" or "date" => value,
            _ => Cut(value, 20),
        };
    }

    /// <summary>A UTC instant as WeChat's <c>time</c> keyword shows it to a user in China: <c>2026-11-26
    /// 09:30</c>.</summary>
    public static string Time(DateTime utc) =>
        TimeZoneInfo
            .ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), China)
            .ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static string Cut(string value, int max, bool ellipsis = true)
    {
        var runes = value.EnumerateRunes().ToList();
        if (runes.Count <= max)
            return value;
        var kept = runes.Take(ellipsis ? max - 1 : max);
        var builder = new StringBuilder();
        foreach (var rune in kept)
            builder.Append(rune.ToString());
        return ellipsis ? builder.Append('…').ToString() : builder.ToString();
    }

    private static bool IsChinese(Rune r) =>
        r.Value is >= 0x4e00 and <= 0x9fff or >= 0x3400 and <= 0x4dbf or >= 0x20000 and <= 0x2a6df;

    private static bool Ascii(string value) => value.All(c => c is > ' ' and < '\u007f');
}
