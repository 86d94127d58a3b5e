using System.IO.Compression;
using System.Text;
using Mediation.Api.Agreements;
using Mediation.Api.Auth;
using Mediation.Api.Disputes;
using Mediation.Api.Documents;
using Mediation.Api.Evidence;
using Mediation.Api.Infrastructure.Storage;
using Mediation.Api.Intake;
using Mediation.Api.ReferenceData;
using Mediation.Api.Sessions;

namespace Mediation.Api.CaseFile;

/// <param name="EvidenceId">Set for an evidence file; otherwise the entry is a document rendered from the case's records.</param>
public sealed record CaseFileItem(int Order, string Section, string Title, string Path, Guid? EvidenceId);

public sealed record CaseFileResponse(Guid DisputeId, string CaseNumber, IReadOnlyList<CaseFileItem> Items);

/// <summary>The case file (调解卷宗) in the standard order, listed or exported as a zip of printable documents plus the
/// evidence.</summary>
public static class CaseFileApi
{
    public static IEndpointRouteBuilder MapCaseFileApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/disputes/{id:guid}").WithTags("CaseFile").RequireAuthorization(Policies.Staff);
        group.MapGet("/case-file", List).Named("GetCaseFile", "调解卷宗目录（按归档顺序）");
        group.MapGet("/case-file.zip", Export).Named("ExportCaseFile", "导出调解卷宗（文书与证据，zip）");
        return app;
    }

    public static async Task<Results<Ok<CaseFileResponse>, NotFound>> List(
        Guid id,
        ClaimsPrincipal user,
        AppDbContext db,
        AgreementServices s,
        CaseFileDocuments docs,
        DocumentText text,
        CancellationToken ct
    )
    {
        var file = await BuildAsync(id, user, db, s, docs, text, ct);
        return file is null
            ? TypedResults.NotFound()
            : TypedResults.Ok(
                new CaseFileResponse(id, file.Value.CaseNumber, file.Value.Entries.Select(e => e.Item).ToList())
            );
    }

    /// <summary>Written to a temporary file first (evidence can be hundreds of MB), then streamed; nothing large is
    /// held in memory.</summary>
    public static async Task<Results<FileStreamHttpResult, NotFound>> Export(
        Guid id,
        ClaimsPrincipal user,
        AppDbContext db,
        AgreementServices s,
        CaseFileDocuments docs,
        DocumentText text,
        IObjectStorage storage,
        AuditLog audit,
        CancellationToken ct
    )
    {
        var file = await BuildAsync(id, user, db, s, docs, text, ct);
        if (file is null)
            return TypedResults.NotFound();
        var temp = new FileStream(
            Path.GetTempFileName(),
            FileMode.Open,
            FileAccess.ReadWrite,
            FileShare.None,
            81920,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous
        );
        await using (var zip = new ZipArchive(temp, ZipArchiveMode.Create, leaveOpen: true, Encoding.UTF8))
        {
            foreach (var (item, content, key) in file.Value.Entries)
            {
                var entry = zip.CreateEntry(
                    item.Path,
                    key is null ? CompressionLevel.Optimal : CompressionLevel.NoCompression
                );
                await using var target = await entry.OpenAsync(ct);
                if (content is not null)
                    await target.WriteAsync(content, ct);
                else
                {
                    await using var source = await storage.OpenReadAsync(key!, ct);
                    await source.CopyToAsync(target, ct);
                }
            }
        }
        temp.Position = 0;
        audit.Record("CaseFileExported", "Dispute", id, new { entries = file.Value.Entries.Count });
        await db.SaveChangesAsync(ct);
        return TypedResults.File(temp, "application/zip", $"{file.Value.CaseNumber}-调解卷宗.zip");
    }

    private static async Task<(
        string CaseNumber,
        List<(CaseFileItem Item, byte[]? Content, string? Key)> Entries
    )?> BuildAsync(
        Guid id,
        ClaimsPrincipal user,
        AppDbContext db,
        AgreementServices s,
        CaseFileDocuments docs,
        DocumentText text,
        CancellationToken ct
    )
    {
        var dispute = await (await db.Disputes.VisibleToStaffAsync(user, db, ct))
            .AsNoTracking()
            .Include(d => d.Parties)
            .Include(d => d.StatusHistory)
            .Include(d => d.Acceptances)
            .Include(d => d.Mediators)
            .AsSplitQuery()
            .FirstOrDefaultAsync(d => d.Id == id, ct);
        if (dispute is null)
            return null;
        var entries = new List<(CaseFileItem, byte[]?, string?)>();
        void Doc(string section, string title, string html) =>
            entries.Add(
                (
                    new CaseFileItem(entries.Count + 1, section, title, $"{entries.Count + 1:00}-{title}.html", null),
                    Encoding.UTF8.GetBytes(html),
                    null
                )
            );

        var body = await db.Bodies.AsNoTracking().SingleAsync(b => b.Id == dispute.BodyId, ct);
        var type = await db
            .DisputeTypes.AsNoTracking()
            .Where(t => t.Code == dispute.TypeCode)
            .Select(t => t.Name)
            .FirstOrDefaultAsync(ct);
        var mediatorIds = dispute.Mediators.Select(m => m.StaffUserId).ToList();
        var mediators = await db
            .StaffUsers.AsNoTracking()
            .Where(u => mediatorIds.Contains(u.Id))
            .Select(u => u.DisplayName)
            .ToListAsync(ct);
        var closed = dispute
            .StatusHistory.Where(h => h.To == DisputeStatus.Closed)
            .Select(h => (DateTime?)h.At)
            .FirstOrDefault();
        Doc(
            "封面",
            "封面",
            docs.Page("人民调解卷宗", dispute, sb =>
                CaseFileDocuments.Rows(
                    sb,
                    [
                        ("调解组织", body.Name),
                        ("纠纷类型", type),
                        ("调解员", string.Join("、", mediators)),
                        ("申请日期", ChinaTime.Format(dispute.SubmittedAt)),
                        ("结案日期", closed is { } c ? ChinaTime.Format(c) : "未结案"),
                        ("当前状态", DisputeStateMachine.DisplayName(dispute.Status)),
                        ("保管期限", Records.RetentionPeriod),
                    ]
                )
            )
        );

        Doc("申请书", "调解申请书及受理登记", docs.Page("人民调解申请书及受理登记", dispute, sb =>
            {
                docs.Parties(sb, dispute);
                CaseFileDocuments.Rows(
                    sb,
                    [
                        ("纠纷类型", type),
                        ("纠纷发生地", dispute.Place),
                        ("来源", CaseForms.Name(dispute.Source)),
                        ("涉及金额（元）", dispute.AmountFen is { } f ? AgreementText.Yuan(f) : null),
                    ]
                );
                sb.Append("<h2>纠纷简要情况</h2>");
                CaseFileDocuments.Text(sb, dispute.Facts);
                sb.Append("<h2>申请事项</h2>");
                CaseFileDocuments.Text(sb, dispute.Claims);
                sb.Append("<h2>办理经过</h2>");
                CaseFileDocuments.Rows(
                    sb,
                    dispute
                        .StatusHistory.OrderBy(h => h.At)
                        .Select(h =>
                            (
                                ChinaTime.Format(h.At),
                                (string?)
                                    $"{DisputeStateMachine.DisplayName(h.To)}{(h.Reason is null ? "" : "：" + h.Reason)}"
                            )
                        )
                );
            }));

        foreach (
            var (kind, title) in new[]
            {
                (LegalTextCatalog.RightsNotice, "权利义务告知书"),
                (LegalTextCatalog.CreditCommitment, "信用承诺书"),
            }
        )
            Doc(
                title,
                title,
                docs.Page(title, dispute, sb =>
                    CaseFileDocuments.Rows(
                        sb,
                        dispute
                            .Acceptances.Where(a => a.Kind == kind)
                            .Select(a =>
                                (
                                    dispute.Parties.FirstOrDefault(p => p.Id == a.PartyId)?.Name ?? "",
                                    (string?)
                                        $"{ChinaTime.Format(a.AcceptedAt)} 确认 {a.TextVersion}（SHA-256 {a.TextSha256}）"
                                )
                            )
                    )
                )
            );

        var evidence = await db
            .EvidenceItems.AsNoTracking()
            .Where(e => e.DisputeId == id && e.WithdrawnAt == null)
            .OrderBy(e => e.UploadedAt)
            .ToListAsync(ct);
        foreach (var e in evidence)
            entries.Add(
                (
                    new CaseFileItem(
                        entries.Count + 1,
                        "证据材料",
                        e.Description ?? e.FileName,
                        $"{entries.Count + 1:00}-证据材料-{e.FileName}",
                        e.Id
                    ),
                    null,
                    e.StorageKey
                )
            );

        var sessions = await db
            .MediationSessions.AsNoTracking()
            .Where(x => x.DisputeId == id)
            .OrderBy(x => x.StartsAt)
            .ToListAsync(ct);
        Doc("调解记录", "调解记录", docs.Page("调解记录", dispute, sb =>
            {
                foreach (var x in sessions)
                {
                    sb.Append("<h2>")
                        .Append(ChinaTime.Format(x.StartsAt))
                        .Append(' ')
                        .Append(Sessions.SessionScheduling.ModeName(x.Mode))
                        .Append("</h2>");
                    var status =
                        x.Status == Sessions.SessionStatus.Cancelled
                            ? $"{CaseFileDocuments.Name(x.Status)}（{(x.CancelledAt is { } at ? ChinaTime.Format(at) + "，" : "")}原因：{x.CancelReason ?? "未注明"}）"
                            : CaseFileDocuments.Name(x.Status);
                    CaseFileDocuments.Rows(sb, [("状态", status), ("地点", Sessions.SessionScheduling.Place(x))]);
                    CaseFileDocuments.Text(sb, x.Minutes);
                }
            }));

        // The confirmed records of the online sittings, in order, as the parties confirmed them; the caucus summaries stay
        // in the file.
        var forms = await DocumentCase.LoadAsync(id, user, s, ct);
        foreach (var r in forms?.ConfirmedRoomRecords ?? [])
            Doc(
                "调解记录",
                $"在线调解记录（第{r.Record.Number}次）",
                docs.Page($"在线调解记录（第{r.Record.Number}次）", dispute, sb =>
                {
                    CaseFileDocuments.Text(sb, r.Record.Text);
                    sb.Append("<h2>当事人确认</h2>");
                    CaseFileDocuments.Rows(
                        sb,
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
                        sb.Append("<h2>背靠背调解情况摘要（存卷，不向当事人公开）</h2>");
                        CaseFileDocuments.Rows(sb, r.Summaries.Select(x => (x.Room, (string?)x.Summary)));
                    }
                })
            );

        var opinions = (await Mediators.ExpertsApi.ConsultationsAsync(db, c => c.DisputeId == id, ct))
            .Where(c => c.Opinion is not null)
            .ToList();
        if (opinions.Count > 0)
            Doc("专家意见", "专家意见", docs.Page("专家咨询意见", dispute, sb =>
                {
                    foreach (var c in opinions)
                    {
                        sb.Append("<h2>")
                            .Append(System.Net.WebUtility.HtmlEncode($"{c.ExpertName}（{c.ExpertField}）"))
                            .Append("</h2>");
                        CaseFileDocuments.Rows(
                            sb,
                            [
                                ("邀请时间", ChinaTime.Format(c.InvitedAt)),
                                ("出具时间", ChinaTime.Format(c.OpinionAt!.Value)),
                            ]
                        );
                        sb.Append("<h3>咨询问题</h3>");
                        CaseFileDocuments.Text(sb, c.Question);
                        sb.Append("<h3>专家意见</h3>");
                        CaseFileDocuments.Text(sb, c.Opinion);
                    }
                }));

        var agreementId = await db
            .Agreements.Where(a => a.DisputeId == id)
            .Select(a => (Guid?)a.Id)
            .FirstOrDefaultAsync(ct);
        var agreement = agreementId is { } aid ? await s.AgreementAsync(aid, ct) : null;
        if (agreement is not null)
        {
            Doc("调解协议书", "调解协议书", await AgreementQueries.DocumentHtmlAsync(agreement, dispute, s, ct));
            var payments = await db
                .Payments.AsNoTracking()
                .Where(p => p.DisputeId == id)
                .OrderBy(p => p.PaidAt)
                .ToListAsync(ct);
            Doc(
                "履行凭证",
                "履行情况",
                docs.Page("履行情况", dispute, sb =>
                    CaseFileDocuments.Rows(
                        sb,
                        payments.Select(p =>
                            (
                                ChinaTime.Format(p.PaidAt),
                                (string?)
                                    $"{AgreementText.Yuan(p.AmountFen)}元，{CaseFileDocuments.Name(p.Status)}{(p.EvidenceIds.Count > 0 ? $"，凭证{p.EvidenceIds.Count}份（见证据材料）" : "")}{(p.Note is null ? "" : "，" + p.Note)}"
                            )
                        )
                    )
                )
            );
            if (agreement.JudicialAppliedOn is not null)
                Doc(
                    "司法确认",
                    "司法确认材料",
                    docs.Page("司法确认", dispute, sb =>
                        CaseFileDocuments.Rows(
                            sb,
                            [
                                ("申请日期", agreement.JudicialAppliedOn?.ToString("yyyy-MM-dd")),
                                ("受理法院", agreement.JudicialCourt),
                                (
                                    "结果",
                                    agreement.JudicialResult is { } result ? CaseFileDocuments.Name(result) : null
                                ),
                                ("裁定书文号", agreement.JudicialRulingNumber),
                                ("强制执行", agreement.EnforcementCaseNumber),
                            ]
                        )
                    )
                );
        }

        var followUps = await db
            .FollowUps.AsNoTracking()
            .Where(f => f.DisputeId == id && f.Status == FollowUpStatus.Done)
            .ToListAsync(ct);
        var ratings = await db.PartySatisfactions.AsNoTracking().Where(x => x.DisputeId == id).ToListAsync(ct);
        if (followUps.Count + ratings.Count > 0)
            Doc("回访记录", "回访记录", docs.Page("回访记录", dispute, sb =>
                {
                    foreach (var f in followUps)
                        CaseFileDocuments.Rows(
                            sb,
                            [
                                ("回访时间", ChinaTime.Format(f.DoneAt!.Value)),
                                ("方式", f.Method),
                                ("履行情况", f.PerformanceStatus),
                                ("满意度", f.Satisfaction?.ToString()),
                                ("遗留风险", f.RemainingRisk),
                                ("备注", f.Note),
                            ]
                        );
                    CaseFileDocuments.Rows(
                        sb,
                        ratings.Select(r =>
                            (
                                dispute.Parties.FirstOrDefault(p => p.Id == r.PartyId)?.Name ?? "",
                                (string?)$"评分 {r.Score}{(r.Comment is null ? "" : "：" + r.Comment)}"
                            )
                        )
                    );
                }));

        var notes = await db.CaseNotes.AsNoTracking().Where(n => n.DisputeId == id).OrderBy(n => n.At).ToListAsync(ct);
        if (notes.Count > 0)
            Doc(
                "备注",
                "备考表",
                docs.Page("备考表", dispute, sb =>
                    CaseFileDocuments.Rows(sb, notes.Select(n => (ChinaTime.Format(n.At), (string?)n.Text)))
                )
            );
        // The official documents as Word files, in archive order, for the clerk to print and bind.
        if (forms is not null)
        {
            foreach (var kind in DocumentKinds.All.Where(k => k.Unavailable(forms) is null))
                entries.Add(
                    (
                        new CaseFileItem(
                            entries.Count + 1,
                            "调解文书",
                            kind.Name,
                            $"{entries.Count + 1:00}-{kind.Name}.docx",
                            null
                        ),
                        DocumentsApi.Render(kind, forms, text),
                        null
                    )
                );
            // The same documents bound in one volume, pages numbered through, the contents giving each one's page.
            var volume = new DocxBuilder();
            Records.BoundVolume(volume, forms, text);
            entries.Add(
                (
                    new CaseFileItem(
                        entries.Count + 1,
                        "调解文书",
                        "人民调解卷宗（合订本）",
                        $"{entries.Count + 1:00}-人民调解卷宗（合订本）.docx",
                        null
                    ),
                    volume.ToBytes(),
                    null
                )
            );
        }
        Doc(
            "封底",
            "封底",
            docs.Page("卷宗封底", dispute, sb =>
                CaseFileDocuments.Rows(
                    sb,
                    [("本卷共计", $"{entries.Count + 1}件"), ("立卷时间", ChinaTime.Format(s.Now))]
                )
            )
        );
        return (dispute.Reference, entries);
    }
}
