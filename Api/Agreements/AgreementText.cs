using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Mediation.Api.Disputes;
using Mediation.Api.Infrastructure.PersonalData;

namespace Mediation.Api.Agreements;

/// <summary>The facts an agreement's text is made of, loaded once per request.</summary>
public sealed record AgreementContext(
    Dispute Dispute,
    string BodyName,
    IReadOnlyDictionary<Guid, DisputeParty> Parties
);

/// <summary>
/// Renders the agreement (人民调解协议书, art. 29 contents). The plain text is what parties read in the mini-program and what
/// their confirmation's SHA-256 is bound to; the HTML document is the same text laid out for printing.
/// </summary>
public static class AgreementText
{
    public static string Render(Agreement a, AgreementContext c, PersonalDataProtector protector)
    {
        var sb = new StringBuilder();
        sb.AppendLine("人民调解协议书");
        sb.AppendLine($"编号：{a.Number}（第{a.Revision}稿）");
        sb.AppendLine($"形式：{(a.Kind == AgreementKind.Written ? "书面协议" : "口头协议（记录）")}");
        sb.AppendLine($"案件编号：{c.Dispute.Reference}");
        sb.AppendLine("当事人：");
        foreach (var p in c.Parties.Values.OrderBy(p => p.Role).ThenBy(p => p.Position))
            sb.AppendLine($"  {RoleName(p.Role)}：{Describe(p, protector)}");
        sb.AppendLine("纠纷主要事实：").AppendLine(a.Facts.Trim());
        sb.AppendLine("争议事项及各方责任：").AppendLine(a.Responsibilities.Trim());
        sb.AppendLine("协议内容：").AppendLine(a.Terms.Trim());
        if (a.Obligations.Count > 0)
        {
            sb.AppendLine("履行方式、地点、期限：");
            foreach (var o in a.Obligations.OrderBy(o => o.Position))
                sb.AppendLine($"  {o.Position}. {Obligation(o, c)}");
        }
        sb.AppendLine("本协议经各方当事人签名（确认）、人民调解员签名并加盖人民调解委员会印章后生效，各方各执一份。");
        sb.AppendLine("当事人应当按照约定履行。经人民调解委员会调解达成的调解协议，具有法律约束力。");
        if (!a.PersonalStatus)
            sb.AppendLine("双方当事人可以自协议生效之日起三十日内共同向人民法院申请司法确认。");
        sb.AppendLine($"人民调解委员会：{c.BodyName}");
        return sb.ToString();
    }

    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>The printable document: the signed text, then who confirmed it and when.</summary>
    public static string Html(
        Agreement a,
        AgreementContext c,
        string text,
        IEnumerable<(string Who, DateTime At)> signatures
    )
    {
        var sb = new StringBuilder();
        sb.Append("<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>人民调解协议书 ")
            .Append(WebUtility.HtmlEncode(a.Number))
            .Append(
                "</title><style>body{font-family:'SimSun','Songti SC',serif;max-width:46em;margin:2em auto;line-height:1.8}"
            )
            .Append(
                "h1{text-align:center;letter-spacing:.3em}pre{white-space:pre-wrap;font:inherit}table{border-collapse:collapse}"
            )
            .Append("td,th{border:1px solid #999;padding:.2em .6em}@media print{body{margin:0}}</style></head><body>");
        var lines = text.Split('\n', StringSplitOptions.TrimEntries);
        sb.Append("<h1>")
            .Append(WebUtility.HtmlEncode(lines[0]))
            .Append("</h1><pre>")
            .Append(WebUtility.HtmlEncode(string.Join('\n', lines.Skip(1))))
            .Append("</pre>");
        sb.Append("<h2>签名（确认）</h2><table><tr><th>签署人</th><th>时间（北京时间）</th></tr>");
        foreach (var (who, at) in signatures)
            sb.Append("<tr><td>")
                .Append(WebUtility.HtmlEncode(who))
                .Append("</td><td>")
                .Append(ChinaTime.Format(at))
                .Append("</td></tr>");
        sb.Append("</table>");
        sb.Append("<p>文本校验值（SHA-256）：<code>").Append(Sha256(text)).Append("</code></p>");
        if (a.EffectiveAt is { } at2)
            sb.Append("<p>生效日期：")
                .Append(ChinaTime.Date(at2).ToString("yyyy年M月d日", CultureInfo.InvariantCulture))
                .Append("</p>");
        sb.Append("</body></html>");
        return sb.ToString();
    }

    public static string RoleName(PartyRole role) =>
        role switch
        {
            PartyRole.Applicant => "申请人",
            PartyRole.Respondent => "被申请人",
            _ => "第三人",
        };

    private static string Describe(DisputeParty p, PersonalDataProtector protector) =>
        p.Kind == PartyKind.Organization
            ? $"{p.Name}，统一社会信用代码 {p.CreditCode}，法定代表人 {p.LegalRepresentative}"
            : $"{p.Name}，公民身份号码 {Masking.IdNumber(protector.UnprotectOrNull(p.IdNumberCipher)) ?? "未提供"}";

    private static string Obligation(Obligation o, AgreementContext c)
    {
        var obligor = c.Parties.TryGetValue(o.ObligorPartyId, out var a) ? a.Name : "?";
        var obligee = c.Parties.TryGetValue(o.ObligeePartyId, out var b) ? b.Name : "?";
        var sb = new StringBuilder($"{obligor}向{obligee}{o.Description.Trim()}");
        if (o.AmountFen is { } fen)
            sb.Append($"，金额人民币{Yuan(fen)}元");
        if (o.Instalments.Count > 1)
            sb.Append("，分期履行：")
                .Append(
                    string.Join(
                        "；",
                        o.Instalments.OrderBy(i => i.Seq)
                            .Select(i => $"第{i.Seq}期 {Date(i.DueDate)}前 {Yuan(i.AmountFen ?? 0)}元")
                    )
                );
        else
            sb.Append($"，于{Date(o.DueDate)}前履行完毕");
        if (!string.IsNullOrWhiteSpace(o.Method))
            sb.Append($"，履行方式：{o.Method.Trim()}");
        if (!string.IsNullOrWhiteSpace(o.Place))
            sb.Append($"，履行地点：{o.Place.Trim()}");
        return sb.Append('。').ToString();
    }

    public static string Yuan(long fen) => (fen / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    public static string Date(DateOnly d) => d.ToString("yyyy年M月d日", CultureInfo.InvariantCulture);
}
