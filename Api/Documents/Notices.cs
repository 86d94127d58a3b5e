using Mediation.Api.Agreements;
using Mediation.Api.Disputes;

namespace Mediation.Api.Documents;

/// <summary>The notices the committee sends: acceptance (受理), refusal (不予受理) and termination (终止调解, art. 26).</summary>
public static class Notices
{
    public static void Acceptance(DocxBuilder doc, DocumentCase c, DocumentText text)
    {
        var d = c.Dispute;
        var accepted = c.Last(DisputeStatus.Accepted)!;
        doc.Title("人民调解受理通知书").Number($"{d.ReferenceLabel}：{d.Reference}");
        doc.Line(DocumentText.Names(d, PartyRole.Applicant) + "：");
        doc.Text(
            $"你（单位）于{ChineseText.Date(ChinaTime.Date(d.SubmittedAt))}提出的与{DocumentText.Names(d, PartyRole.Respondent)}之间{c.TypeName ?? "纠纷"}的调解申请，"
                + "经审查，符合《中华人民共和国人民调解法》第十七条的规定，本委员会决定予以受理。\n"
                + "本委员会将依法指派人民调解员主持调解。调解期间，你（单位）享有《人民调解当事人权利义务告知书》所列权利，并应履行相应义务。"
        );
        doc.Signed(c.BodyName, ChineseText.Date(ChinaTime.Date(accepted.At)));
    }

    public static void Refusal(DocxBuilder doc, DocumentCase c, DocumentText text)
    {
        var d = c.Dispute;
        var (reason, note) = c.Refusal!.Value;
        var refused = c.Last(DisputeStatus.Rejected)!;
        doc.Title("不予受理告知书").Number($"{d.ReferenceLabel}：{d.Reference}");
        doc.Line(DocumentText.Names(d, PartyRole.Applicant) + "：");
        doc.Text(
            $"你（单位）于{ChineseText.Date(ChinaTime.Date(d.SubmittedAt))}提出的与{DocumentText.Names(d, PartyRole.Respondent)}之间纠纷的调解申请，经审查，"
                + $"本委员会决定不予受理。\n理由：{reason.Name}（{reason.Code}）。{reason.NoticeText}"
                + (string.IsNullOrWhiteSpace(note) ? "" : $"\n说明：{note.Trim()}")
                + $"\n{Outcomes.OtherRoutes}"
        );
        doc.Signed(c.BodyName, ChineseText.Date(ChinaTime.Date(refused.At)));
    }

    /// <summary>Art. 26: when mediation fails the committee ends it and tells the parties the other routes open to
    /// them.</summary>
    public static void Termination(DocxBuilder doc, DocumentCase c, DocumentText text)
    {
        var d = c.Dispute;
        var (reason, failure) = c.Failure!.Value;
        doc.Title("终止人民调解告知书").Number($"{d.ReferenceLabel}：{d.Reference}");
        doc.Line(DocumentText.Names(d) + "：");
        var accepted = c.Last(DisputeStatus.Accepted);
        doc.Text(
            $"关于你们之间的{c.TypeName ?? "纠纷"}，本委员会"
                + (accepted is null ? "" : $"于{ChineseText.Date(ChinaTime.Date(accepted.At))}受理后")
                + $"依法进行了调解。因{reason.Name}，调解未能达成协议，"
                + "根据《中华人民共和国人民调解法》第二十六条的规定，本委员会决定终止调解。"
                + (string.IsNullOrWhiteSpace(failure.Note) ? "" : $"\n说明：{failure.Note.Trim()}")
                + $"\n{Outcomes.OtherRoutes}"
        );
        doc.Signed(c.BodyName, ChineseText.Date(ChinaTime.Date(failure.At)));
    }
}
