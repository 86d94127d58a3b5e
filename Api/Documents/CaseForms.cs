using Mediation.Api.Disputes;
using Mediation.Api.ReferenceData;

namespace Mediation.Api.Documents;

/// <summary>The application (申请书, or 申请登记表 for a walk-in, oral or referred case) and the rights notice.</summary>
public static class CaseForms
{
    public static void Application(DocxBuilder doc, DocumentCase c, DocumentText text)
    {
        var d = c.Dispute;
        var filed = d.Source == DisputeSource.MiniProgram;
        var title = d.Source switch
        {
            DisputeSource.MiniProgram => "人民调解申请书",
            DisputeSource.Oral => "口头申请登记表", // art. 17: the committee records an oral application
            _ => "人民调解申请登记表",
        };
        doc.Title(title).Number($"{d.ReferenceLabel}：{d.Reference}");
        foreach (var line in text.PartyLines(d))
            doc.Text(line, ragged: true);
        doc.Fields([
            ("纠纷类型", c.TypeName),
            ("纠纷发生地", d.Place),
            ("来源", Name(d.Source)),
            ("涉及金额", d.AmountFen is { } fen ? ChineseText.Money(fen) : null),
            ("申请时间", ChinaTime.Format(d.SubmittedAt) + "（北京时间）"),
        ]);
        doc.Heading("申请事项").Text(d.Claims);
        doc.Heading("纠纷简要情况").Text(d.Facts);
        doc.Line("此致", keepWithNext: true).Line(c.BodyName, keepWithNext: true);
        doc.Block(
            filed ? "申请人（签名或盖章）：" + DocumentText.Names(d, PartyRole.Applicant) : "申请人（签名或按指印）：",
            filed ? "（通过小程序在线提交）" : "登记人（签名）：",
            ChineseText.Date(ChinaTime.Date(d.SubmittedAt))
        );
    }

    public static void RightsNotice(DocxBuilder doc, DocumentCase c, DocumentText text)
    {
        var d = c.Dispute;
        var signed = c
            .Acceptances.Where(a => a.Kind == LegalTextCatalog.RightsNotice)
            .OrderBy(a => a.AcceptedAt)
            .ToList();
        doc.Title("人民调解权利义务告知书").Number($"{d.ReferenceLabel}：{d.Reference}");
        var body = signed.Select(a => text.LegalText(a.Kind, a.TextVersion)).FirstOrDefault(t => t is not null);
        // The first line of the stored text is its title, already printed above.
        doc.Text(
            body is null
                ? $"（告知书文本第{signed[0].TextVersion}版，SHA-256 {signed[0].TextSha256}）"
                : string.Join('\n', body.TrimEnd().Split('\n').Skip(1).Where(l => l.Trim().Length > 0))
        );
        doc.Heading("当事人确认");
        doc.Grid(
            [1300, 1600, 2100],
            ["当事人", "确认时间（北京时间）", "文本版本及校验值"],
            signed.Select(a =>
                new[]
                {
                    d.Parties.FirstOrDefault(p => p.Id == a.PartyId)?.Name ?? "",
                    ChinaTime.Format(a.AcceptedAt)
                        + (a.Method == AcceptanceMethods.Paper ? "\n当场宣读，书面签署" : "\n小程序内确认"),
                    $"{a.TextVersion}\nSHA-256 {a.TextSha256[..16]}…",
                }
            )
        );
        doc.Block("以上内容本人已阅读并知悉。", "当事人（签名或按指印）：", "　　　　年　　月　　日");
    }

    // The archive is read by people: values appear under their Chinese names, not as code.
    public static string Name(DisputeSource v) => DisputeSources.Name(v);
}
