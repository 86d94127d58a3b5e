using System.Globalization;

namespace Mediation.Api.Infrastructure.PersonalData;

/// <summary>
/// Display masks for sensitive personal information (PIPL art. 28). Null in, null out; input is trimmed.
/// When a value is too short to keep both ends and still hide something, all but the last character is masked.
/// </summary>
public static class Masking
{
    /// <summary>"371002198001011232" → "3710**********1232": first 4 and last 4 kept.</summary>
    public static string? IdNumber(string? value) => KeepEnds(value, head: 4, tail: 4);

    /// <summary>"13800138000" → "138****8000": first 3 and last 4 kept. A fixed line keeps its area code, the last 4
    /// digits and the extension: "0631-8451234" → "0631-***1234", "010-12345678-123" → "010-****5678-123".</summary>
    public static string? Phone(string? value) =>
        ChineseIdentifiers.SplitLandline(value) is var (area, number, extension)
            ? $"{area}-{new string('*', number.Length - 4)}{number[^4..]}{(extension is null ? "" : "-" + extension)}"
            : KeepEnds(value, head: 3, tail: 4);

    /// <summary>
    /// Keeps the first 6 characters then "****" (fixed length, hiding how long the rest is).
    /// An address of 6 characters or fewer keeps only its first half, so it is never shown whole.
    /// Counts user-perceived characters, so rare CJK characters outside the BMP are never split.
    /// </summary>
    public static string? Address(string? value)
    {
        if (value is null)
            return null;
        var elements = TextElements(value.Trim());
        if (elements.Count == 0)
            return "";
        return string.Concat(elements.Take(elements.Count > 6 ? 6 : elements.Count / 2)) + "****";
    }

    private static string? KeepEnds(string? value, int head, int tail)
    {
        if (value is null)
            return null;
        var e = TextElements(value.Trim());
        if (e.Count == 0)
            return "";
        if (e.Count <= head + tail)
            return new string('*', e.Count - 1) + e[^1];
        return string.Concat(e.Take(head)) + new string('*', e.Count - head - tail) + string.Concat(e.TakeLast(tail));
    }

    private static List<string> TextElements(string s)
    {
        var list = new List<string>(s.Length);
        var it = StringInfo.GetTextElementEnumerator(s);
        while (it.MoveNext())
            list.Add(it.GetTextElement());
        return list;
    }
}
