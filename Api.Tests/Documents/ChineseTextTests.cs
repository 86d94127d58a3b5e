using Mediation.Api.Documents;

namespace Mediation.Api.Tests.Documents;

public sealed class ChineseTextTests
{
    [Theory]
    [InlineData(500_000L, "人民币伍仟元整")]
    [InlineData(300_000L, "人民币叁仟元整")]
    [InlineData(0L, "人民币零元整")]
    [InlineData(5L, "人民币伍分")]
    [InlineData(50L, "人民币伍角")]
    [InlineData(1_050L, "人民币壹拾元伍角")]
    [InlineData(1_005L, "人民币壹拾元零伍分")]
    [InlineData(100_001L, "人民币壹仟元零壹分")]
    [InlineData(100_100L, "人民币壹仟零壹元整")]
    [InlineData(1_001_000L, "人民币壹万零壹拾元整")]
    [InlineData(10_000_000L, "人民币壹拾万元整")]
    [InlineData(10_000_100_000L, "人民币壹亿零壹仟元整")]
    [InlineData(12_345_678_900L, "人民币壹亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖元整")]
    public void AmountsAreWrittenInCapitalNumeralsAsOnAFinancialDocument(long fen, string expected) =>
        ChineseText.Amount(fen).Should().Be(expected);

    [Theory]
    [InlineData(2026, 12, 2, "二〇二六年十二月二日")]
    [InlineData(2027, 1, 20, "二〇二七年一月二十日")]
    [InlineData(2030, 10, 31, "二〇三〇年十月三十一日")]
    [InlineData(2026, 11, 15, "二〇二六年十一月十五日")]
    public void DatesAreWrittenInChinese(int year, int month, int day, string expected) =>
        ChineseText.Date(new DateOnly(year, month, day)).Should().Be(expected);
}
