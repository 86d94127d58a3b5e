using MiniExcelLibs;

namespace Mediation.Api.Statistics;

/// <summary>The sheet as a finance office files it (以案定补发放表): one row per mediator with the case numbers and
/// amounts in 元, then the total in figures and in capital numerals, the approver and the date of approval.</summary>
public static class SubsidyExport
{
    public const string Sheet = "以案定补发放表";

    public static readonly string[] Headers =
    [
        "序号",
        "调解员",
        "办结案件数",
        "案号",
        "案件补贴（元）",
        "封顶扣减（元）",
        "调整（元）",
        "应发金额（元）",
        "领款人签字",
    ];

    public static byte[] ToXlsx(SubsidySheetResponse s)
    {
        var rows = s
            .Lines.Select(
                (l, i) =>
                    Row(
                        i + 1,
                        l.DisplayName,
                        l.Cases.Count,
                        string.Join("、", l.Cases.Select(c => c.CaseNumber)),
                        Yuan(l.CasesFen),
                        Yuan(-l.CapDeductionFen),
                        Yuan(l.AdjustmentFen),
                        Yuan(l.AmountFen)
                    )
            )
            .ToList();
        rows.Add(Row("", "合计", s.Lines.Sum(l => l.Cases.Count), "", "", "", "", Yuan(s.TotalFen)));
        rows.Add(Row("", "合计（大写）", "", s.TotalInCapitals, "", "", "", ""));
        rows.Add(Row("", "调解组织", "", s.BodyName, "", "", "", ""));
        rows.Add(Row("", "核算月份", "", s.Month, "", "", "", ""));
        rows.Add(Row("", "批准人", "", s.ApprovedByName ?? "（未批准）", "", "", "", ""));
        rows.Add(
            Row(
                "",
                "批准日期",
                "",
                s.ApprovedAt is { } at ? ChinaTime.Date(at).ToString("yyyy-MM-dd") : "",
                "",
                "",
                "",
                ""
            )
        );
        foreach (var a in s.Adjustments)
            rows.Add(
                Row("", "调整说明", "", $"{a.MediatorName}：{Yuan(a.AmountFen):0.00}元，{a.Reason}", "", "", "", "")
            );
        using var stream = new MemoryStream();
        stream.SaveAs(new Dictionary<string, object> { [Sheet] = rows }, excelType: ExcelType.XLSX);
        return stream.ToArray();
    }

    public static string FileName(SubsidySheetResponse s) => $"以案定补-{s.BodyName}-{s.Month}.xlsx";

    private static decimal Yuan(long fen) => fen / 100m;

    private static Dictionary<string, object> Row(params object[] values) =>
        Headers.Zip(values.Append("")).ToDictionary(p => p.First, p => StatisticsExport.Inert(p.Second));
}
