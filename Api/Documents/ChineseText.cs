using System.Text;

namespace Mediation.Api.Documents;

/// <summary>How the forms write numbers and dates: capital numerals for amounts (人民币伍仟元整) and Chinese dates
/// (二〇二六年十二月二日).</summary>
public static class ChineseText
{
    private const string Digits = "零壹贰叁肆伍陆柒捌玖";
    private static readonly string[] SmallUnits = ["", "拾", "佰", "仟"];
    private static readonly string[] BigUnits = ["", "万", "亿", "万亿"];

    /// <summary>An amount in fen as the capital numerals of a financial document: 300000 → 人民币叁仟元整, 1050 →
    /// 人民币壹拾元零伍角.</summary>
    public static string Amount(long fen)
    {
        if (fen < 0)
            return "负" + Amount(-fen);
        var yuan = fen / 100;
        var jiao = (int)(fen / 10 % 10);
        var cents = (int)(fen % 10);
        var sb = new StringBuilder("人民币");
        if (yuan > 0)
            sb.Append(Integer(yuan)).Append('元');
        if (jiao == 0 && cents == 0)
            return sb.Append(yuan == 0 ? "零元整" : "整").ToString();
        if (yuan > 0 && jiao == 0)
            sb.Append('零');
        if (jiao > 0)
            sb.Append(Digits[jiao]).Append('角');
        if (cents > 0)
            sb.Append(Digits[cents]).Append('分');
        return sb.ToString();
    }

    /// <summary>A whole number in capital numerals, groups of four digits with 万/亿 and one 零 for each run of
    /// zeros.</summary>
    public static string Integer(long value)
    {
        if (value == 0)
            return "零";
        var groups = new List<int>();
        for (var v = value; v > 0; v /= 10_000)
            groups.Add((int)(v % 10_000));
        var sb = new StringBuilder();
        var gap = false;
        for (var g = groups.Count - 1; g >= 0; g--)
        {
            var group = groups[g];
            if (group == 0)
            {
                gap = sb.Length > 0;
                continue;
            }
            if (sb.Length > 0 && (gap || group < 1000))
                sb.Append('零');
            gap = false;
            var pending = false;
            var started = false;
            for (int i = 3, power = 1000; i >= 0; i--, power /= 10)
            {
                var digit = group / power % 10;
                if (digit == 0)
                {
                    pending = started;
                    continue;
                }
                if (pending)
                    sb.Append('零');
                sb.Append(Digits[digit]).Append(SmallUnits[i]);
                pending = false;
                started = true;
            }
            sb.Append(BigUnits[g]);
        }
        return sb.ToString();
    }

    /// <summary>The amount as the forms write it: figures first, capitals in brackets (3000.00元（人民币叁仟元整）).</summary>
    public static string Money(long fen) => $"{fen / 100m:0.00}元（{Amount(fen)}）";

    /// <summary>A calendar date in Chinese: 2026-12-02 → 二〇二六年十二月二日.</summary>
    public static string Date(DateOnly d) => $"{YearDigits(d.Year)}年{Small(d.Month)}月{Small(d.Day)}日";

    private static string YearDigits(int year) =>
        string.Concat(year.ToString().Select(c => "〇一二三四五六七八九"[c - '0']));

    /// <summary>A small count in ordinary numerals (一式三份, 第十二次), below one hundred.</summary>
    public static string Numeral(int n) => Small(n);

    private static string Small(int n) =>
        n switch
        {
            < 10 => "〇一二三四五六七八九"[n].ToString(),
            10 => "十",
            < 20 => "十" + "〇一二三四五六七八九"[n - 10],
            _ => "〇一二三四五六七八九"[n / 10] + "十" + (n % 10 == 0 ? "" : "〇一二三四五六七八九"[n % 10].ToString()),
        };
}
