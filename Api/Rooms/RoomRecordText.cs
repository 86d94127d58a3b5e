using System.Text;
using Mediation.Api.Agreements;
using Mediation.Api.Disputes;

namespace Mediation.Api.Rooms;

/// <summary>What the first draft of a sitting's record is made of: the joint room's messages of the sitting, the
/// case's parties and mediators, and the names of the evidence shown.</summary>
public sealed record SittingFacts(
    string CaseNumber,
    string BodyName,
    int Number,
    DateTime StartedAt,
    DateTime EndedAt,
    DateTime? SessionStartsAt,
    IReadOnlyList<string> MediatorNames,
    IReadOnlyList<DisputeParty> Parties,
    IReadOnlyList<RoomMessage> Messages,
    IReadOnlyDictionary<Guid, string> EvidenceNames
);

/// <summary>
/// Renders the first draft of a sitting's record (调解记录, 人民调解法 art. 27) from the joint room only: what each side
/// stated, showed and offered, with each offer's outcome. The caucus rooms are not copied (背靠背: what is said alone
/// stays with the mediator); the mediator summarises them beside the record, for the file. The text is plain, as
/// parties read it in the mini-program and as their confirmation's SHA-256 binds it.
/// </summary>
public static class RoomRecordText
{
    public const string RemovedPlaceholder = "（一条消息已被调解员移除）";

    public static string Render(SittingFacts f)
    {
        var sb = new StringBuilder();
        sb.AppendLine("人民调解记录（在线调解）");
        sb.AppendLine($"案件编号：{f.CaseNumber}");
        sb.AppendLine($"第{f.Number}次在线调解");
        sb.AppendLine($"时间：{ChinaTime.Format(f.StartedAt)}至{ChinaTime.Format(f.EndedAt)}（北京时间）");
        if (f.SessionStartsAt is { } appointed)
            sb.AppendLine($"调解安排：{ChinaTime.Format(appointed)}（北京时间）的在线调解");
        sb.AppendLine("地点：线上（本系统共同调解室）");
        sb.AppendLine($"人民调解委员会：{f.BodyName}");
        sb.AppendLine($"人民调解员：{string.Join("、", f.MediatorNames)}");
        var spoke = f.Messages.Where(m => m.SenderPartyId is not null).Select(m => m.SenderPartyId).ToHashSet();
        sb.AppendLine("当事人：");
        foreach (var p in f.Parties.OrderBy(p => p.Role).ThenBy(p => p.Position))
            sb.AppendLine(
                $"  {AgreementText.RoleName(p.Role)}：{p.Name}{(spoke.Contains(p.Id) ? "" : "（未在共同调解室发言）")}"
            );
        sb.AppendLine("调解经过：");
        var offers = f.Messages.Where(m => m.Kind == RoomMessageKind.Offer).ToDictionary(m => m.Id);
        foreach (var m in f.Messages.OrderBy(m => m.Seq))
            sb.AppendLine($"  [{ChinaTime.Format(m.SentAt)[11..]}] {Line(m, f, offers)}");
        if (f.Messages.Count == 0)
            sb.AppendLine("  （共同调解室中无发言）");
        sb.AppendLine("以上记录经当事人阅读，确认与在线调解的情况一致。");
        return sb.ToString();
    }

    private static string Line(RoomMessage m, SittingFacts f, IReadOnlyDictionary<Guid, RoomMessage> offers)
    {
        var who = $"{Role(m.SenderRole)}{m.SenderName}";
        if (m.RemovedAt is not null)
            return RemovedPlaceholder;
        return m.Kind switch
        {
            RoomMessageKind.Offer =>
                $"{who}{(m.ReplyToId is null ? "提出方案" : "还价")}：{AgreementText.Yuan(m.OfferAmountFen ?? 0)}元；{m.OfferTerms}"
                    + (m.OfferDueDate is { } due ? $"；履行期限{AgreementText.Date(due)}" : "")
                    + $"。（{Outcome(m.OfferStatus)}）",
            RoomMessageKind.OfferAccepted => $"{who}接受了{Of(m, offers)}。",
            RoomMessageKind.OfferRejected => $"{who}拒绝了{Of(m, offers)}。",
            RoomMessageKind.Evidence => $"{who}出示证据：{Evidence(m, f)}",
            RoomMessageKind.Image => $"{who}发送图片：{Evidence(m, f)}",
            RoomMessageKind.Voice => $"{who}发送语音：{Evidence(m, f)}",
            _ => $"{who}：{m.Text}",
        };
    }

    private static string Of(RoomMessage reply, IReadOnlyDictionary<Guid, RoomMessage> offers) =>
        reply.ReplyToId is { } id && offers.TryGetValue(id, out var offer)
            ? $"{Role(offer.SenderRole)}{offer.SenderName}的方案（{AgreementText.Yuan(offer.OfferAmountFen ?? 0)}元）"
            : "此前的方案";

    private static string Evidence(RoomMessage m, SittingFacts f) =>
        m.EvidenceId is { } id && f.EvidenceNames.TryGetValue(id, out var name) ? $"「{name}」" : "（材料已撤回）";

    public static string Outcome(OfferStatus? status) =>
        status switch
        {
            OfferStatus.Accepted => "对方已接受",
            OfferStatus.Rejected => "对方已拒绝",
            OfferStatus.Countered => "对方已还价",
            _ => "对方尚未答复",
        };

    public static string Role(string senderRole) =>
        senderRole switch
        {
            "Applicant" => "申请人",
            "Respondent" => "被申请人",
            "ThirdParty" => "第三人",
            _ => "调解员",
        };
}
