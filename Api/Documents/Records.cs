using Mediation.Api.Agreements;
using Mediation.Api.Disputes;
using Mediation.Api.Sessions;

namespace Mediation.Api.Documents;

/// <summary>The committee's own records: the mediation record (art. 27), the service receipt, the follow-up record and
/// the archive's cover, contents (卷内目录) and notes page (备考表).</summary>
public static class Records
{
    /// <summary>Printed on the cover; a county that keeps files for a fixed term changes it here.</summary>
    public const string RetentionPeriod = "长期";

    public static bool Happened(MediationSession s) =>
        s.Status is SessionStatus.Held or SessionStatus.NoShow or SessionStatus.Adjourned;

    public static void Mediation(DocxBuilder doc, DocumentCase c, DocumentText text)
    {
        var d = c.Dispute;
        doc.Title("人民调解记录").Number($"{d.ReferenceLabel}：{d.Reference}");
        var held = c.Sessions.Where(Happened).ToList();
        for (var i = 0; i < held.Count; i++)
        {
            var s = held[i];
            // In the order of the case (applicants, respondents, third parties), not the order the rows were loaded in.
            var parties = DocumentText.Ordered(d).ToList();
            var present = parties.Where(p => s.PartyIds.Contains(p.Id) && !s.AbsentPartyIds.Contains(p.Id));
            var absent = parties.Where(p => s.AbsentPartyIds.Contains(p.Id));
            doc.Heading($"第{ChineseText.Numeral(i + 1)}次调解");
            doc.Fields([
                ("时间", $"{ChinaTime.Format(s.StartsAt)}（北京时间）"),
                ("方式", SessionScheduling.ModeName(s.Mode)),
                ("地点", SessionScheduling.Place(s)),
                ("结果", Name(s.Status)),
                ("到场当事人", string.Join("、", present.Select(p => p.Name))),
                ("未到场当事人", string.Join("、", absent.Select(p => p.Name))),
            ]);
            doc.Text(string.IsNullOrWhiteSpace(s.Minutes) ? "（未记录调解情况）" : s.Minutes);
        }
        doc.Block(
            $"人民调解员（签名）：{string.Join("、", c.MediatorNames)}",
            "记录人（签名）：",
            "当事人（签名或按指印）："
        );
    }

    /// <summary>The confirmed records of the online sittings (art. 27), each as its parties confirmed it, then the
    /// mediator's summaries of the caucus rooms, which stay in the file (this document is for staff only).</summary>
    public static void OnlineMediation(DocxBuilder doc, DocumentCase c, DocumentText text)
    {
        var d = c.Dispute;
        doc.Title("在线调解记录").Number($"{d.ReferenceLabel}：{d.Reference}");
        foreach (var r in c.ConfirmedRoomRecords)
        {
            doc.Heading($"第{ChineseText.Numeral(r.Record.Number)}次在线调解");
            doc.Text(r.Record.Text, ragged: true);
            doc.Fields(
                r.Confirmations.Select(x =>
                        (
                            x.Who,
                            (string?)
                                $"{ChinaTime.Format(x.At)}{(x.OnPaper ? " 书面签字确认（调解员记录）" : " 在小程序中确认")}"
                        )
                    )
                    .Append(("文本校验值（SHA-256）", r.Record.TextSha256))
            );
            if (r.Summaries.Count > 0)
            {
                doc.Heading("背靠背调解情况摘要（存卷，不向当事人公开）");
                foreach (var (room, summary) in r.Summaries)
                    doc.Fields([(room, summary)]);
            }
        }
        doc.Block($"人民调解员（签名）：{string.Join("、", c.MediatorNames)}");
    }

    /// <summary>The documents the committee delivers to the parties, and to whom.</summary>
    public static List<(string Document, string Addressee, DateTime At)> Served(DocumentCase c)
    {
        var d = c.Dispute;
        var served = new List<(string, string, DateTime)>();
        if (c.Last(DisputeStatus.Accepted) is { } accepted)
            served.Add(("人民调解受理通知书", DocumentText.Names(d, PartyRole.Applicant), accepted.At));
        if (c.Refusal is not null && c.Last(DisputeStatus.Rejected) is { } refused)
            served.Add(("不予受理告知书", DocumentText.Names(d, PartyRole.Applicant), refused.At));
        if (c.Agreement?.Agreement is { EffectiveAt: { } effective } a)
            foreach (var p in DocumentText.Ordered(d))
                served.Add(
                    (a.Kind == AgreementKind.Written ? "人民调解协议书" : "口头调解协议登记表", p.Name, effective)
                );
        if (c.Failure is { } failure)
            foreach (var p in DocumentText.Ordered(d))
                served.Add(("终止人民调解告知书", p.Name, failure.Failure.At));
        return served;
    }

    public static void ServiceReceipt(DocxBuilder doc, DocumentCase c, DocumentText text)
    {
        doc.Title("送达回证").Number($"{c.Dispute.ReferenceLabel}：{c.Dispute.Reference}");
        doc.Fields([("送达单位", c.BodyName)]);
        doc.Grid(
            [1500, 900, 1000, 900, 700],
            ["送达文书", "受送达人", "送达时间", "送达方式", "签收"],
            Served(c).Select(s => new[] { s.Document, s.Addressee, ChinaTime.Format(s.At), "", "" })
        );
        doc.Block("送达人（签名）：", "　　　　年　　月　　日");
    }

    public static void FollowUp(DocxBuilder doc, DocumentCase c, DocumentText text)
    {
        doc.Title("人民调解回访记录").Number($"{c.Dispute.ReferenceLabel}：{c.Dispute.Reference}");
        foreach (var f in c.FollowUps)
            doc.Fields([
                ("回访时间", $"{ChinaTime.Format(f.DoneAt!.Value)}（北京时间）"),
                ("回访方式", MethodName(f.Method)),
                ("履行情况", f.PerformanceStatus),
                ("满意度", f.Satisfaction?.ToString()),
                ("遗留风险", f.RemainingRisk),
                ("备注", f.Note),
            ]);
        doc.Block("回访人（签名）：", "　　　　年　　月　　日");
    }

    /// <summary>The cover, the contents in archive order (one row per document this case has) and the notes
    /// page.</summary>
    public static void Cover(DocxBuilder doc, DocumentCase c, DocumentText text)
    {
        var contents = CoverPage(doc, c);
        doc.PageBreak().Title("卷内目录");
        doc.Grid(
            [600, 3400, 1000],
            ["序号", "文书名称", "备注"],
            contents.Select((k, i) => new[] { (i + 1).ToString(), k.Name, "" })
        );
        doc.PageBreak();
        NotesPage(doc, c, contents.Count);
    }

    /// <summary>
    /// The bound volume (合订本): the cover, the contents with the page each document starts on, every document this case
    /// has in archive order, and the notes page, in one Word file with its pages numbered through. The page numbers of
    /// the contents are fields to each document's first line, so they are those of the volume as printed.
    /// </summary>
    public static void BoundVolume(DocxBuilder doc, DocumentCase c, DocumentText text)
    {
        var contents = CoverPage(doc, c);
        doc.PageBreak().Title("卷内目录");
        var anchor = (DocumentKind k) => "doc_" + k.Kind.Replace('-', '_');
        doc.Contents(
            contents
                .Select((k, i) => ((i + 1).ToString(), k.Name, anchor(k)))
                .Append(((contents.Count + 1).ToString(), "备考表", "doc_notes"))
        );
        foreach (var kind in contents)
        {
            doc.PageBreak();
            var mark = doc.Mark();
            kind.Build(doc, c, text);
            doc.BookmarkFrom(mark, anchor(kind));
        }
        doc.PageBreak();
        var notes = doc.Mark();
        NotesPage(doc, c, contents.Count);
        doc.BookmarkFrom(notes, "doc_notes");
    }

    /// <summary>The documents a case file binds, in archive order: every kind the case has, but the cover.</summary>
    public static List<DocumentKind> Bound(DocumentCase c) =>
        DocumentKinds.All.Where(k => k.Kind != "case-file-cover" && k.Unavailable(c) is null).ToList();

    private static List<DocumentKind> CoverPage(DocxBuilder doc, DocumentCase c)
    {
        var d = c.Dispute;
        var closed = c.Last(DisputeStatus.Closed);
        doc.Title("人民调解卷宗");
        doc.Fields([
            ("调解组织", c.BodyName),
            ("案号", d.CaseNumber ?? $"未编（申请编号 {d.ApplicationNumber}）"),
            ("纠纷类型", c.TypeName),
            ("当事人", DocumentText.Names(d)),
            ("人民调解员", string.Join("、", c.MediatorNames)),
            ("受理日期", c.Last(DisputeStatus.Accepted) is { } a ? ChineseText.Date(ChinaTime.Date(a.At)) : "未受理"),
            ("结案日期", closed is null ? "未结案" : ChineseText.Date(ChinaTime.Date(closed.At))),
            ("调解结果", DisputeStateMachine.DisplayName(d.Status)),
            ("保管期限", RetentionPeriod),
        ]);
        doc.Block("立卷人：", "立卷日期：" + ChineseText.Date(c.Today));
        return Bound(c);
    }

    private static void NotesPage(DocxBuilder doc, DocumentCase c, int documents)
    {
        doc.Title("备考表");
        doc.Grid([1400, 3600], ["时间", "说明"], c.Notes.Select(n => new[] { ChinaTime.Format(n.At), n.Text }));
        doc.Block($"本卷共{ChineseText.Numeral(documents)}件。", "立卷人：　　　　检查人：", "　　　　年　　月　　日");
    }

    private static string? MethodName(string? method) =>
        method switch
        {
            "Phone" => "电话回访",
            "Visit" => "上门回访",
            "Online" => "线上回访",
            _ => method,
        };

    private static string Name(SessionStatus v) =>
        v switch
        {
            SessionStatus.Held => "已进行",
            SessionStatus.NoShow => "当事人未到场",
            SessionStatus.Adjourned => "延期",
            _ => v.ToString(),
        };
}
