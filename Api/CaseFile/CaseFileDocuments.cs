using System.Net;
using System.Text;
using Mediation.Api.Agreements;
using Mediation.Api.Disputes;
using Mediation.Api.Infrastructure.PersonalData;

namespace Mediation.Api.CaseFile;

/// <summary>Small printable HTML documents of the case file (调解卷宗). Personal numbers are masked: the file is read by
/// archivists.</summary>
public sealed class CaseFileDocuments(PersonalDataProtector protector)
{
    public string Page(string title, Dispute d, Action<StringBuilder> body)
    {
        var sb = new StringBuilder();
        sb.Append("<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>")
            .Append(E(title))
            .Append(' ')
            .Append(E(d.Reference))
            .Append(
                "</title><style>body{font-family:'SimSun','Songti SC',serif;max-width:46em;margin:2em auto;line-height:1.8}"
            )
            .Append(
                "h1{text-align:center}table{border-collapse:collapse;width:100%}td,th{border:1px solid #999;padding:.2em .5em;text-align:left}"
            )
            .Append("pre{white-space:pre-wrap;font:inherit}</style></head><body><h1>")
            .Append(E(title))
            .Append("</h1><p>案件编号：")
            .Append(E(d.Reference))
            .Append("</p>");
        body(sb);
        return sb.Append("</body></html>").ToString();
    }

    public void Parties(StringBuilder sb, Dispute d)
    {
        sb.Append(
            "<table><tr><th>身份</th><th>姓名/名称</th><th>证件号码/统一社会信用代码</th><th>联系电话</th><th>住址</th></tr>"
        );
        foreach (var p in d.Parties.OrderBy(p => p.Role).ThenBy(p => p.Position))
            sb.Append("<tr><td>")
                .Append(AgreementText.RoleName(p.Role))
                .Append("</td><td>")
                .Append(E(p.Name))
                .Append("</td><td>")
                .Append(
                    E(
                        p.Kind == PartyKind.Organization
                            ? p.CreditCode
                            : Masking.IdNumber(protector.UnprotectOrNull(p.IdNumberCipher))
                    )
                )
                .Append("</td><td>")
                .Append(E(Masking.Phone(protector.UnprotectOrNull(p.PhoneCipher))))
                .Append("</td><td>")
                .Append(E(Masking.Address(protector.UnprotectOrNull(p.AddressCipher))))
                .Append("</td></tr>");
        sb.Append("</table>");
    }

    public static void Rows(StringBuilder sb, IEnumerable<(string Label, string? Value)> rows)
    {
        sb.Append("<table>");
        foreach (var (label, value) in rows)
            sb.Append("<tr><th>").Append(E(label)).Append("</th><td>").Append(E(value ?? "—")).Append("</td></tr>");
        sb.Append("</table>");
    }

    public static void Text(StringBuilder sb, string? text) =>
        sb.Append("<pre>").Append(E(text ?? "")).Append("</pre>");

    public static string E(string? s) => WebUtility.HtmlEncode(s ?? "");

    // The archive is read by people: values appear under their Chinese names, not as code.
    public static string Name(Sessions.SessionStatus v) =>
        v switch
        {
            Sessions.SessionStatus.Proposed => "待确认",
            Sessions.SessionStatus.Scheduled => "已安排",
            Sessions.SessionStatus.Cancelled => "已取消",
            Sessions.SessionStatus.Held => "已进行",
            Sessions.SessionStatus.NoShow => "当事人未到场",
            Sessions.SessionStatus.Adjourned => "延期",
            _ => v.ToString(),
        };

    public static string Name(PaymentStatus v) =>
        v switch
        {
            PaymentStatus.Reported => "待权利人确认",
            PaymentStatus.Confirmed => "权利人已确认",
            PaymentStatus.Disputed => "权利人有异议",
            _ => v.ToString(),
        };

    public static string Name(JudicialResult v) =>
        v switch
        {
            JudicialResult.Applied => "已申请，待裁定",
            JudicialResult.Confirmed => "裁定确认有效",
            JudicialResult.Refused => "裁定驳回申请",
            _ => v.ToString(),
        };
}
