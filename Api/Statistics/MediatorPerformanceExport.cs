using MiniExcelLibs;

namespace Mediation.Api.Statistics;

/// <summary>The performance table as a workbook: one row per mediator, the same figures as the JSON (rates in
/// percent), and a sheet naming the body, month and scope.</summary>
public static class MediatorPerformanceExport
{
    public const string Sheet = "调解员绩效";
    public const string AboutSheet = "说明";

    public static readonly string[] Headers =
    [
        "调解员",
        "所属调解组织",
        "接收案件",
        "开始调解",
        "调解终结",
        "达成协议",
        "调解成功率（%）",
        "结案",
        "受理至结案天数（中位数）",
        "主持调解次数",
        "协议履行完毕",
        "其中按期履行",
        "满意度平均分",
        "满意度评价数",
        "被申请回避",
    ];

    public static byte[] ToXlsx(MediatorPerformanceReport r)
    {
        var sheets = new Dictionary<string, object>
        {
            [Sheet] = r
                .Mediators.Select(m =>
                    Headers.Zip(Row(m)).ToDictionary(p => p.First, p => StatisticsExport.Inert(p.Second))
                )
                .ToList(),
            [AboutSheet] = new List<Dictionary<string, object>>
            {
                new() { ["项目"] = "调解组织", ["数值"] = StatisticsExport.Inert(r.BodyName) },
                new() { ["项目"] = "统计月份", ["数值"] = r.Month },
                new() { ["项目"] = "统计范围（含下级组织数）", ["数值"] = r.BodiesIncluded },
                new() { ["项目"] = "调解员人数", ["数值"] = r.Mediators.Count },
            },
        };
        using var stream = new MemoryStream();
        stream.SaveAs(sheets, excelType: ExcelType.XLSX);
        return stream.ToArray();
    }

    public static string FileName(MediatorPerformanceReport r) => $"调解员绩效-{r.Month}.xlsx";

    private static object[] Row(MediatorPerformanceRow m) =>
        [
            m.DisplayName,
            m.BodyName ?? "",
            m.CasesReceived,
            m.CasesStarted,
            m.MediationsEnded,
            m.AgreementsReached,
            Math.Round((decimal)m.SuccessRate * 100, 2),
            m.CasesClosed,
            m.MedianDaysToClose is { } d ? (decimal)d : "",
            m.SessionsHeld,
            m.AgreementsPerformed,
            m.PerformedOnTime,
            m.Rating.Average is { } a ? (decimal)a : "",
            m.Rating.Count,
            m.ObjectionsAgainst,
        ];
}
