using System.Globalization;
using System.Text;
using MiniExcelLibs;

namespace Mediation.Api.Statistics;

/// <summary>
/// The report as the paper form lays it out: a sheet with one row per dispute type and a total row, a summary sheet
/// (rates, amounts, prevention counts) and a sheet by source. Amounts are in yuan, rates in percent.
/// </summary>
public static class StatisticsExport
{
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string TypeSheet = "调解案件统计表";
    public const string SummarySheet = "汇总";
    public const string SourceSheet = "按案件来源";

    /// <summary>The part of 协议涉及金额 that is an estimate: successful cases whose agreement names no amount count the
    /// application's.</summary>
    public const string ApplicationAmountLabel = "其中：协议未载明金额、按申请金额计（元）";

    public static readonly string[] TypeHeaders =
    [
        "纠纷类型",
        "收到申请",
        "受理",
        "不予受理",
        "调解成功",
        "调解不成",
        "协议涉及金额（元）",
    ];

    public static byte[] ToXlsx(MonthlyReport r)
    {
        var sheets = new Dictionary<string, object>
        {
            [TypeSheet] = TypeTable(r)
                .Select(row => TypeHeaders.Zip(row).ToDictionary(p => p.First, p => Inert(p.Second)))
                .ToList(),
            [SummarySheet] = Summary(r)
                .Select(p => new Dictionary<string, object> { ["项目"] = p.Label, ["数值"] = Inert(p.Value) })
                .ToList(),
            [SourceSheet] = r
                .BySource.Select(s => new Dictionary<string, object>
                {
                    ["案件来源"] = Inert(s.Name),
                    ["收到申请"] = s.Received,
                    ["受理"] = s.Accepted,
                    ["调解成功"] = s.Successful,
                    ["调解不成"] = s.Failed,
                })
                .ToList(),
        };
        using var stream = new MemoryStream();
        stream.SaveAs(sheets, excelType: ExcelType.XLSX);
        return stream.ToArray();
    }

    /// <summary>UTF-8 with a byte-order mark, so that Excel opens the Chinese text correctly.</summary>
    public static byte[] ToCsv(MonthlyReport r)
    {
        var sb = new StringBuilder();
        void Line(IEnumerable<object> cells) => sb.Append(string.Join(',', cells.Select(Cell))).Append("\r\n");
        Line([$"{r.BodyName} {r.Month} 人民调解工作统计"]);
        Line(TypeHeaders);
        foreach (var row in TypeTable(r))
            Line(row);
        sb.Append("\r\n");
        Line(["项目", "数值"]);
        foreach (var (label, value) in Summary(r))
            Line([label, value]);
        sb.Append("\r\n");
        Line(["案件来源", "收到申请", "受理", "调解成功", "调解不成"]);
        foreach (var s in r.BySource)
            Line([s.Name, s.Received, s.Accepted, s.Successful, s.Failed]);
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(sb.ToString())];
    }

    public static string FileName(MonthlyReport r, string extension) => $"调解统计-{r.Month}.{extension}";

    private static IEnumerable<object[]> TypeTable(MonthlyReport r)
    {
        foreach (var t in r.ByType)
            yield return
            [
                t.Name,
                t.Received,
                t.Accepted,
                t.Refused,
                t.Successful,
                t.Failed,
                Yuan(t.AgreementAmountFen),
            ];
        yield return ["合计", r.Received, r.Accepted, r.Refused, r.Successful, r.Failed, Yuan(r.AgreementAmountFen)];
    }

    private static IEnumerable<(string Label, object Value)> Summary(MonthlyReport r) =>
        [
            ("调解组织", r.BodyName),
            ("统计月份", r.Month),
            ("统计范围（含下级组织数）", r.BodiesIncluded),
            ("收到申请", r.Received),
            ("受理", r.Accepted),
            ("不予受理", r.Refused),
            ("调解成功", r.Successful),
            ("调解不成", r.Failed),
            ("调解成功率（%）", Percent(r.SuccessRate)),
            ("协议涉及金额（元）", Yuan(r.AgreementAmountFen)),
            (ApplicationAmountLabel, Yuan(r.ApplicationAmountFen)),
            ("达成协议", r.Agreements),
            ("已履行", r.Fulfilled),
            ("履行率（%）", Percent(r.PerformanceRate)),
            ("防止民转刑", r.PreventedCriminalCases),
            ("其中：风险预警案件调解成功", r.PreventedCriminalCasesKnown),
            ("防止群体性上访", r.PreventedMassPetitions),
            ("重大纠纷报告", r.MajorDisputeReports),
            ("其中：已确认", r.MajorDisputeReportsAcknowledged),
            ("矛盾纠纷排查（次）", r.Screening.Rounds),
            ("排查走访户数（单位数）", r.Screening.Visited),
            ("排查发现纠纷", r.Screening.DisputesFound),
            ("零上报的调解组织", r.Screening.ZeroReports),
            ("邀请专家咨询（次）", r.ExpertConsultations.Invited),
            ("专家出具意见（份）", r.ExpertConsultations.Answered),
        ];

    private static decimal Yuan(long fen) => fen / 100m;

    private static decimal Percent(double rate) => Math.Round((decimal)rate * 100, 2);

    private static string Cell(object value)
    {
        var text = Convert.ToString(Inert(value), CultureInfo.InvariantCulture) ?? "";
        return text.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{text.Replace("\"", "\"\"")}\"" : text;
    }

    /// <summary>
    /// Text that a spreadsheet would read as a formula (= + - @, or a leading tab or carriage return that hides one)
    /// gets a leading single quote, so a body or type named "=HYPERLINK(...)" is shown, never evaluated (OWASP, CSV
    /// Injection). Numbers are left alone: they are ours, and a quote would turn them into text.
    /// </summary>
    public static object Inert(object value) =>
        value is string { Length: > 0 } text && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r'
            ? "'" + text
            : value;
}
