using Mediation.Api.Agreements;

namespace Mediation.Api.Documents;

/// <summary>
/// The agreement (人民调解协议书, art. 29), the oral agreement's register (口头协议登记表, art. 30) and the joint application
/// for judicial confirmation (司法确认申请书, art. 33). The agreement prints the very text the parties confirmed (its hash is
/// printed beneath), then the places for signatures, fingerprints and the seal (art. 29: it takes effect when signed,
/// fingerprinted or sealed by the parties, signed by the mediator and sealed by the committee).
/// </summary>
public static class AgreementForms
{
    public static string? Missing(DocumentCase c, AgreementKind kind) =>
        c.Agreement?.Agreement switch
        {
            null => "本案尚未起草调解协议。",
            { Kind: var k } when k != kind => kind == AgreementKind.Written
                ? "本案的调解协议为口头协议，请使用口头调解协议登记表。"
                : "本案的调解协议为书面协议，请使用人民调解协议书。",
            { Status: AgreementStatus.Draft } => "调解协议尚在起草，提交当事人确认后方可制作文书。",
            _ => null,
        };

    public static string? JudicialUnavailable(DocumentCase c)
    {
        if (c.Agreement is not { } print || print.Agreement.Status != AgreementStatus.Effective)
            return "调解协议尚未生效。";
        if (print.Agreement.PersonalStatus)
            return AgreementQueries.PersonalStatusReason;
        if (print.Judicial.Deadline is { } deadline && c.Today > deadline)
            return $"已超过协议生效之日起三十日的申请期限（{ChineseText.Date(deadline)}）。";
        return null;
    }

    public static void Written(DocxBuilder doc, DocumentCase c, DocumentText text)
    {
        var print = c.Agreement!;
        var a = print.Agreement;
        var lines = print.Text.TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        doc.Title(lines[0]);
        foreach (var line in lines.Skip(1))
        {
            if (line.StartsWith("编号："))
                doc.Number(line);
            else if (line.EndsWith('：'))
                doc.Heading(line);
            else
                doc.Text(line.Trim());
        }
        if (Total(a) is { } total)
            doc.Text($"协议涉及金额合计：{ChineseText.Money(total)}。");
        var copies = c.Dispute.Parties.Count + 1;
        doc.Text($"本协议一式{ChineseText.Numeral(copies)}份，当事人各执一份，人民调解委员会留存一份。");
        Signatures(doc, c);
        IdentitySheet(doc, c, text);
        doc.Heading("当事人确认记录");
        doc.Grid(
            [3200, 1800],
            ["确认人", "确认时间（北京时间）"],
            print.Signatures.Select(s => new[] { s.Who, ChinaTime.Format(s.At) })
        );
        doc.Plain($"文本校验值（SHA-256）：{AgreementText.Sha256(print.Text)}");
        if (a.Status != AgreementStatus.Effective)
            doc.Text("（本协议尚待各方确认，尚未生效。）");
    }

    public static void Oral(DocxBuilder doc, DocumentCase c, DocumentText text)
    {
        var print = c.Agreement!;
        var a = print.Agreement;
        doc.Title("口头调解协议登记表").Number($"编号：{a.Number}");
        doc.Fields([
            ("案号", c.Dispute.CaseNumber),
            ("当事人", string.Join('\n', text.PartyLines(c.Dispute))),
            ("纠纷主要事实", a.Facts.Trim()),
            ("争议事项及责任", a.Responsibilities.Trim()),
            ("协议内容", a.Terms.Trim()),
            ("涉及金额", Total(a) is { } t ? ChineseText.Money(t) : "不涉及金额"),
            ("当事人确认", string.Join('\n', print.Signatures.Select(s => $"{s.Who} {ChinaTime.Format(s.At)}"))),
            ("人民调解员", string.Join("、", c.MediatorNames)),
            ("登记日期", a.SubmittedAt is { } at ? ChineseText.Date(ChinaTime.Date(at)) : null),
        ]);
        doc.Text("《中华人民共和国人民调解法》第三十条：口头调解协议自各方当事人达成协议之日起生效。");
        doc.Block("登记人（签名）：", $"{c.BodyName}（印章）", "　　　　年　　月　　日");
    }

    /// <summary>A joint application of every party to the basic court, within 30 days of the agreement taking effect
    /// (art. 33).</summary>
    public static void JudicialApplication(DocxBuilder doc, DocumentCase c, DocumentText text)
    {
        var print = c.Agreement!;
        var a = print.Agreement;
        var effective = ChineseText.Date(ChinaTime.Date(a.EffectiveAt!.Value));
        doc.Title("司法确认申请书");
        foreach (var p in DocumentText.Ordered(c.Dispute))
            doc.Text($"申请人：{text.Party(p, c.MayReadFullIdNumber(p))}", ragged: true);
        doc.Heading("请求事项");
        doc.Text(
            $"请求人民法院依法确认申请人于{effective}经{c.BodyName}主持调解达成的人民调解协议（编号 {a.Number}）有效。"
        );
        doc.Heading("事实和理由");
        doc.Text(
            $"申请人之间因{c.TypeName ?? "纠纷"}，经{c.BodyName}主持调解，于{effective}达成调解协议（案号 {c.Dispute.Reference}，见附件）。"
                + "该协议是申请人的真实意思表示，不违反法律、行政法规的强制性规定，不损害国家利益、社会公共利益和他人合法权益。"
                + "根据《中华人民共和国人民调解法》第三十三条的规定，申请人在调解协议生效之日起三十日内"
                + (print.Judicial.Deadline is { } deadline ? $"（至{ChineseText.Date(deadline)}）" : "")
                + "共同提出申请。"
        );
        if (Total(a) is { } total)
            doc.Text($"协议涉及金额：{ChineseText.Money(total)}。");
        doc.Text("申请人保证提交的材料真实、合法，出于解决纠纷的目的申请司法确认；如有虚假，愿承担相应的法律责任。");
        doc.Line("此致", keepWithNext: true).Line((a.JudicialCourt ?? "＿＿＿＿＿＿") + "人民法院", keepWithNext: true);
        doc.Line("附：人民调解协议书一份", keepWithNext: true);
        foreach (var p in DocumentText.Ordered(c.Dispute))
            doc.Block($"申请人（签名或盖章）：{p.Name}", "　　　　年　　月　　日");
        doc.PageBreak();
        Written(doc, c, text);
    }

    /// <summary>The agreement's text names the parties with masked numbers (it is what they confirmed, hash and all);
    /// the identity sheet beside it gives the numbers a court checks for judicial confirmation, full where the reader
    /// may see them.</summary>
    private static void IdentitySheet(DocxBuilder doc, DocumentCase c, DocumentText text)
    {
        doc.Heading("当事人身份信息（供核对身份及申请司法确认使用）");
        doc.Grid(
            [1400, 1800, 3400],
            ["当事人", "姓名或名称", "公民身份号码或统一社会信用代码"],
            DocumentText
                .Ordered(c.Dispute)
                .Select(p =>
                    new[]
                    {
                        AgreementText.RoleName(p.Role),
                        p.Name,
                        p.Kind == Disputes.PartyKind.Organization
                            ? p.CreditCode ?? "未提供"
                            : text.IdNumber(p, c.MayReadFullIdNumber(p)),
                    }
                )
        );
    }

    private static void Signatures(DocxBuilder doc, DocumentCase c)
    {
        foreach (var p in DocumentText.Ordered(c.Dispute))
            doc.Block(
                $"{AgreementText.RoleName(p.Role)}（签名或盖章、按指印）：{p.Name}",
                "　　　　　　　　年　　月　　日"
            );
        var effective = c.Agreement!.Agreement.EffectiveAt is { } at
            ? ChineseText.Date(ChinaTime.Date(at))
            : "　　　　年　　月　　日";
        // The mediator's signature, the committee's seal and the date stay on one page.
        doc.Line("", keepWithNext: true)
            .Line($"人民调解员（签名）：{string.Join("、", c.MediatorNames)}", keepWithNext: true, indentChars: 2)
            .Signed(c.BodyName, effective);
    }

    private static long? Total(Agreement a)
    {
        var amounts = a.Obligations.Where(o => o.AmountFen is not null).Select(o => o.AmountFen!.Value).ToList();
        return amounts.Count == 0 ? null : amounts.Sum();
    }
}
