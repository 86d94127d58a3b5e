using System.Net;
using System.Text;
using Hangfire;
using Mediation.Api.Disputes;
using Mediation.Api.ReferenceData;

namespace Mediation.Api.Referrals;

public sealed record ResultPushResponse(
    Guid Id,
    Guid ResultNoticeId,
    Guid DisputeId,
    string Endpoint,
    PushStatus Status,
    int Attempts,
    DateTime NextAttemptAt,
    string? LastError,
    DateTime CreatedAt,
    DateTime? SentAt
);

public sealed record ResultNoticeResponse(
    Guid Id,
    Guid DisputeId,
    string CaseNumber,
    DisputeSource Source,
    string UnitName,
    string? DocumentNumber,
    DateOnly ReceivedOn,
    ReferralResult Result,
    string ResultName,
    DateTime EndedAt,
    string? Reason,
    string? AgreementNumber,
    string? AgreementSha256,
    string BodyName,
    DateTime CreatedAt,
    ResultPushResponse? Push
);

public sealed record ResultNoticeList(List<ResultNoticeResponse> Items);

/// <summary>The 调解结果告知函 of referred cases, as data and as a print view, and the admins' view of their
/// push.</summary>
public static class ReferralsApi
{
    public static IEndpointRouteBuilder MapReferralsApi(this IEndpointRouteBuilder app)
    {
        var notices = app.MapGroup("/api/disputes/{id:guid}/result-notices")
            .WithTags("Referrals")
            .RequireAuthorization(Policies.Staff);
        notices.MapGet("/", ListNotices).Named(nameof(ListNotices), "移送案件的调解结果告知函（每次结案一份）");
        notices
            .MapGet("/{noticeId:guid}/print", PrintNotice)
            .Named(nameof(PrintNotice), "调解结果告知函的打印页（HTML）");

        var admin = app.MapGroup("/api/admin/result-pushes").WithTags("Referrals").RequireAuthorization(Policies.Admin);
        admin.MapGet("/", ListPushes).Named(nameof(ListPushes), "调解结果推送队列（status=Failed 看失败的）");
        admin.MapPost("/{pushId:guid}/retry", RetryPush).Named(nameof(RetryPush), "重新推送失败的调解结果");
        return app;
    }

    public static async Task<Results<Ok<ResultNoticeList>, NotFound>> ListNotices(
        Guid id,
        ClaimsPrincipal user,
        AppDbContext db,
        CancellationToken ct
    )
    {
        if (!await (await db.Disputes.VisibleToStaffAsync(user, db, ct)).AnyAsync(d => d.Id == id, ct))
            return TypedResults.NotFound();
        return TypedResults.Ok(new ResultNoticeList(await NoticesAsync(db, id, null, ct)));
    }

    public static async Task<Results<ContentHttpResult, NotFound>> PrintNotice(
        Guid id,
        Guid noticeId,
        ClaimsPrincipal user,
        AppDbContext db,
        CancellationToken ct
    )
    {
        if (!await (await db.Disputes.VisibleToStaffAsync(user, db, ct)).AnyAsync(d => d.Id == id, ct))
            return TypedResults.NotFound();
        var notice = (await NoticesAsync(db, id, noticeId, ct)).FirstOrDefault();
        if (notice is null)
            return TypedResults.NotFound();
        return TypedResults.Text(Html(notice), "text/html; charset=utf-8");
    }

    private static async Task<List<ResultNoticeResponse>> NoticesAsync(
        AppDbContext db,
        Guid disputeId,
        Guid? noticeId,
        CancellationToken ct
    )
    {
        var notices = await db
            .ResultNotices.AsNoTracking()
            .Where(n => n.DisputeId == disputeId && (noticeId == null || n.Id == noticeId))
            .OrderBy(n => n.CreatedAt)
            .ToListAsync(ct);
        if (notices.Count == 0)
            return [];
        var ids = notices.Select(n => n.Id).ToList();
        var pushes = await db
            .ResultNoticePushes.AsNoTracking()
            .Where(p => ids.Contains(p.ResultNoticeId))
            .ToDictionaryAsync(p => p.ResultNoticeId, ct);
        var bodyIds = notices.Select(n => n.BodyId).Distinct().ToList();
        var bodies = await db
            .Bodies.AsNoTracking()
            .Where(b => bodyIds.Contains(b.Id))
            .ToDictionaryAsync(b => b.Id, b => b.Name, ct);
        return notices
            .Select(n => new ResultNoticeResponse(
                n.Id,
                n.DisputeId,
                n.CaseNumber,
                n.Source,
                n.UnitName,
                n.DocumentNumber,
                n.ReceivedOn,
                n.Result,
                ResultNotices.ResultName(n.Result),
                n.EndedAt,
                n.Reason,
                n.AgreementNumber,
                n.AgreementSha256,
                bodies.GetValueOrDefault(n.BodyId, ""),
                n.CreatedAt,
                pushes.TryGetValue(n.Id, out var p) ? ToResponse(p) : null
            ))
            .ToList();
    }

    /// <summary>The letter as the body prints, stamps and sends it (or hands it to the referrer's liaison).</summary>
    internal static string Html(ResultNoticeResponse n)
    {
        static string E(string? s) => WebUtility.HtmlEncode(s ?? "");
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>调解结果告知函</title>");
        html.Append(
            "<style>body{font-family:'SimSun',serif;max-width:40em;margin:2em auto;line-height:1.8}"
                + "h1{text-align:center;font-size:1.6em}p.sign{text-align:right;margin-top:3em}"
                + "dl{display:grid;grid-template-columns:9em 1fr}dt{font-weight:bold}@media print{body{margin:0}}</style>"
        );
        html.Append("</head><body><h1>调解结果告知函</h1>");
        html.Append($"<p>{E(n.UnitName)}：</p>");
        html.Append(
            $"<p>贵单位于{n.ReceivedOn:yyyy年M月d日}{(n.DocumentNumber is null ? "" : $"以{E(n.DocumentNumber)}")}"
                + $"移送（委托）我会调解的纠纷（本会案号{E(n.CaseNumber)}），现将调解结果告知如下：</p>"
        );
        html.Append("<dl>");
        html.Append($"<dt>调解结果</dt><dd>{E(n.ResultName)}</dd>");
        html.Append($"<dt>结束日期</dt><dd>{ChinaTime.Date(n.EndedAt):yyyy年M月d日}</dd>");
        if (n.Reason is not null)
            html.Append($"<dt>说明</dt><dd>{E(n.Reason)}</dd>");
        if (n.AgreementNumber is not null)
        {
            html.Append($"<dt>调解协议书</dt><dd>{E(n.AgreementNumber)}</dd>");
            html.Append($"<dt>协议文本校验值</dt><dd><code>SHA-256 {E(n.AgreementSha256)}</code></dd>");
        }
        html.Append("</dl>");
        html.Append("<p>特此函告。</p>");
        html.Append($"<p class=\"sign\">{E(n.BodyName)}（盖章）<br>{ChinaTime.Date(n.CreatedAt):yyyy年M月d日}</p>");
        html.Append("</body></html>");
        return html.ToString();
    }

    public static async Task<Ok<List<ResultPushResponse>>> ListPushes(
        AppDbContext db,
        PushStatus? status,
        CancellationToken ct
    ) =>
        TypedResults.Ok(
            (
                await db
                    .ResultNoticePushes.AsNoTracking()
                    .Where(r => status == null || r.Status == status)
                    .OrderByDescending(r => r.CreatedAt)
                    .Take(500)
                    .ToListAsync(ct)
            )
                .Select(ToResponse)
                .ToList()
        );

    public static async Task<Results<Accepted, NotFound, ProblemHttpResult>> RetryPush(
        Guid pushId,
        AppDbContext db,
        AuditLog audit,
        TimeProvider clock,
        IBackgroundJobClient jobs,
        CancellationToken ct
    )
    {
        var push = await db.ResultNoticePushes.FirstOrDefaultAsync(r => r.Id == pushId, ct);
        if (push is null)
            return TypedResults.NotFound();
        if (push.Status != PushStatus.Failed)
            return Problems.Conflict("记录未处于失败状态", "只有推送失败的记录可以重试。", "push-not-failed");
        PushRows.Reset(push, clock.GetUtcNow().UtcDateTime);
        audit.Record("ResultPushRetried", "ResultNoticePush", pushId);
        await db.SaveChangesAsync(ct);
        jobs.Enqueue<ResultPushJob>(job => job.DeliverAsync(pushId, CancellationToken.None));
        return TypedResults.Accepted($"/api/admin/result-pushes/{pushId}");
    }

    private static ResultPushResponse ToResponse(ResultNoticePush p) =>
        new(
            p.Id,
            p.ResultNoticeId,
            p.DisputeId,
            p.Endpoint,
            p.Status,
            p.Attempts,
            p.NextAttemptAt,
            p.LastError,
            p.CreatedAt,
            p.SentAt
        );
}
