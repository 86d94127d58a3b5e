using FluentValidation;
using Hangfire;
using Mediation.Api.Infrastructure.PersonalData;
using Mediation.Api.ReferenceData;

namespace Mediation.Api.Notifications;

public sealed record InboxItem(
    Guid Id,
    string Kind,
    string Title,
    string Body,
    Guid? CaseId,
    Guid? SessionId,
    DateTime CreatedAt,
    DateTime? ReadAt
);

public sealed record Inbox(IReadOnlyList<InboxItem> Items, int Unread, string? NextCursor = null);

public sealed record OutboxItem(
    Guid Id,
    string RecipientKind,
    Guid RecipientId,
    string Channel,
    string Template,
    string Kind,
    OutboxStatus Status,
    int Attempts,
    DateTime NextAttemptAt,
    string? LastError,
    Guid? CaseId,
    Guid? SessionId,
    DateTime CreatedAt,
    DateTime? SentAt
);

public sealed record OutboxPage(IReadOnlyList<OutboxItem> Items);

public sealed record AlertChannelRequest(string? WeComWebhookUrl);

public sealed record AlertChannelResponse(Guid BodyId, bool Configured, string? WebhookHost);

internal sealed class AlertChannelRequestValidator : AbstractValidator<AlertChannelRequest>
{
    public AlertChannelRequestValidator() =>
        RuleFor(x => x.WeComWebhookUrl)
            .Must(u =>
                u is null || (Uri.TryCreate(u, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http")
            )
            .WithMessage("企业微信群机器人地址应为 http(s) 网址")
            .MaximumLength(500)
            .WithMessage("企业微信群机器人地址过长");
}

/// <summary>Someone outside the committee who receives its major risk reports by SMS.</summary>
public sealed record ReportContact(string? Name, string? Phone);

public sealed record ReportContactsRequest(ReportContact? PoliceLiaison, ReportContact? GovernanceCentre);

/// <summary>The contacts as set, the phones masked.</summary>
public sealed record ReportContactsResponse(Guid BodyId, ReportContact? PoliceLiaison, ReportContact? GovernanceCentre);

internal sealed class ReportContactsRequestValidator : AbstractValidator<ReportContactsRequest>
{
    public ReportContactsRequestValidator()
    {
        RuleFor(x => x.PoliceLiaison!)
            .SetValidator(new ReportContactValidator())
            .When(x => x.PoliceLiaison is not null);
        RuleFor(x => x.GovernanceCentre!)
            .SetValidator(new ReportContactValidator())
            .When(x => x.GovernanceCentre is not null);
    }

    private sealed class ReportContactValidator : AbstractValidator<ReportContact>
    {
        public ReportContactValidator()
        {
            RuleFor(x => x.Name)
                .NotEmpty()
                .WithMessage("请填写联系人或单位名称")
                .MaximumLength(50)
                .WithMessage("名称不能超过50个字");
            RuleFor(x => x.Phone).NotEmpty().WithMessage("请填写接收短信的手机号码").MainlandMobile();
        }
    }
}

/// <summary>
/// The in-app inbox for citizens and staff alike: <c>/api/me/notifications</c> answers for whoever the token names
/// (a citizen's or a staff member's own notices). Administrators see the outbox and retry what failed.
/// </summary>
public static class NotificationsApi
{
    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        var inbox = app.MapGroup("/api/me/notifications").WithTags("Notifications").RequireAuthorization();
        inbox.MapGet("/", GetInbox).Named(nameof(GetInbox), "站内消息（市民和工作人员）");
        inbox.MapPost("/{id:guid}/read", MarkRead).Named(nameof(MarkRead), "标记为已读");

        var admin = app.MapGroup("/api/admin").WithTags("Admin").RequireAuthorization(Policies.Admin).WithValidation();
        admin.MapGet("/notifications", ListOutbox).Named(nameof(ListOutbox), "消息发送记录（可按状态筛选，如 Failed）");
        admin.MapPost("/notifications/{id:guid}/retry", RetryOutbox).Named(nameof(RetryOutbox), "重新发送失败的消息");
        admin
            .MapPut("/bodies/{id:guid}/alert-channel", SetAlertChannel)
            .Named(nameof(SetAlertChannel), "设置调解组织的企业微信群机器人");
        admin
            .MapGet("/bodies/{id:guid}/report-contacts", GetReportContacts)
            .Named(nameof(GetReportContacts), "重大风险报告的外部接收人（联络民警、综治中心）");
        admin
            .MapPut("/bodies/{id:guid}/report-contacts", SetReportContacts)
            .Named(nameof(SetReportContacts), "设置重大风险报告的外部接收人（短信）；不填的一项即清除");
        return app;
    }

    public const int MaxInboxPage = 100;

    /// <summary>Newest first, a page of <c>limit</c> (default and at most 100); <c>nextCursor</c> reads the next, older
    /// page.</summary>
    public static async Task<Results<Ok<Inbox>, ValidationProblem>> GetInbox(
        ClaimsPrincipal user,
        AppDbContext db,
        bool? unreadOnly,
        int? limit,
        string? cursor,
        CancellationToken ct
    )
    {
        var errors = new Dictionary<string, string[]>();
        if (limit is < 1 or > MaxInboxPage)
            errors["limit"] = [$"每页条数应为1至{MaxInboxPage}"];
        InboxCursor? after = null;
        if (cursor is not null)
        {
            if (InboxCursor.TryParse(cursor, out var parsed))
                after = parsed;
            else
                errors["cursor"] = ["翻页参数无效，请从第一页重新读取"];
        }
        if (errors.Count > 0)
            return Problems.Invalid(errors);

        var (kind, me) = (user.GetKind(), user.GetUserId());
        var mine = db.Notifications.AsNoTracking().Where(n => n.RecipientKind == kind && n.RecipientId == me);
        var page = mine.Where(n => unreadOnly != true || n.ReadAt == null);
        if (after is { } c)
        {
            var (key, id) = (c.CreatedAt, c.Id);
            page = page.Where(n => n.CreatedAt <= key && (n.CreatedAt < key || n.Id.CompareTo(id) < 0));
        }
        var take = limit ?? MaxInboxPage;
        var items = await page.OrderByDescending(n => n.CreatedAt)
            .ThenByDescending(n => n.Id)
            .Take(take + 1)
            .Select(n => new InboxItem(n.Id, n.Kind, n.Title, n.Body, n.CaseId, n.SessionId, n.CreatedAt, n.ReadAt))
            .ToListAsync(ct);
        string? next = null;
        if (items.Count > take)
        {
            items.RemoveAt(take);
            next = new InboxCursor(items[^1].CreatedAt, items[^1].Id).Encode();
        }
        return TypedResults.Ok(new Inbox(items, await mine.CountAsync(n => n.ReadAt == null, ct), next));
    }

    public static async Task<Results<NoContent, NotFound>> MarkRead(
        Guid id,
        ClaimsPrincipal user,
        AppDbContext db,
        TimeProvider clock,
        CancellationToken ct
    )
    {
        var (kind, me) = (user.GetKind(), user.GetUserId());
        var mine = db.Notifications.Where(n => n.Id == id && n.RecipientKind == kind && n.RecipientId == me);
        if (!await mine.AnyAsync(ct))
            return TypedResults.NotFound();
        var now = clock.GetUtcNow().UtcDateTime;
        await mine.Where(n => n.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<OutboxPage>> ListOutbox(
        AppDbContext db,
        OutboxStatus? status,
        Guid? sessionId,
        CancellationToken ct
    )
    {
        var query = db.OutboxMessages.AsNoTracking().Where(o => o.Channel != ChannelNames.InApp);
        if (status is { } s)
            query = query.Where(o => o.Status == s);
        if (sessionId is { } sid)
            query = query.Where(o => o.SessionId == sid);
        var rows = await query.OrderByDescending(o => o.CreatedAt).Take(200).ToListAsync(ct);
        return TypedResults.Ok(new OutboxPage(rows.Select(ToItem).ToList()));
    }

    public static async Task<Results<Ok<OutboxItem>, NotFound, ProblemHttpResult>> RetryOutbox(
        Guid id,
        ClaimsPrincipal user,
        AppDbContext db,
        AuditLog audit,
        IBackgroundJobClient jobs,
        TimeProvider clock,
        CancellationToken ct
    )
    {
        var row = await db.OutboxMessages.FirstOrDefaultAsync(o => o.Id == id, ct);
        if (row is null)
            return TypedResults.NotFound();
        if (row.Status != OutboxStatus.Failed)
            return Problems.Conflict("只能重新发送失败的消息", $"该消息当前状态为 {row.Status}。");
        (row.Status, row.Attempts, row.NextAttemptAt, row.LockedUntil) = (
            OutboxStatus.Pending,
            0,
            clock.GetUtcNow().UtcDateTime,
            null
        );
        audit.Record("NotificationRetried", "OutboxMessage", row.Id, new { row.Channel, row.LastError });
        await db.SaveChangesAsync(ct);
        jobs.Enqueue<OutboxDeliveryJob>(job => job.DeliverAsync(id, CancellationToken.None));
        return TypedResults.Ok(ToItem(row));
    }

    public static async Task<Results<Ok<AlertChannelResponse>, NotFound>> SetAlertChannel(
        Guid id,
        AlertChannelRequest request,
        AppDbContext db,
        AuditLog audit,
        TimeProvider clock,
        CancellationToken ct
    )
    {
        if (!await db.Bodies.AnyAsync(b => b.Id == id, ct))
            return TypedResults.NotFound();
        var row = await db.BodyAlertChannels.FirstOrDefaultAsync(b => b.BodyId == id, ct);
        if (row is null)
            db.BodyAlertChannels.Add(row = new BodyAlertChannel { BodyId = id });
        (row.WeComWebhookUrl, row.UpdatedAt) = (
            string.IsNullOrWhiteSpace(request.WeComWebhookUrl) ? null : request.WeComWebhookUrl.Trim(),
            clock.GetUtcNow().UtcDateTime
        );
        audit.Record("BodyAlertChannelSet", "MediationBody", id, new { configured = row.WeComWebhookUrl is not null });
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(
            new AlertChannelResponse(
                id,
                row.WeComWebhookUrl is not null,
                row.WeComWebhookUrl is { } u ? new Uri(u).Host : null
            )
        );
    }

    public static async Task<Results<Ok<ReportContactsResponse>, NotFound>> GetReportContacts(
        Guid id,
        AppDbContext db,
        PersonalDataProtector protector,
        CancellationToken ct
    )
    {
        if (!await db.Bodies.AnyAsync(b => b.Id == id, ct))
            return TypedResults.NotFound();
        var row = await db.BodyAlertChannels.AsNoTracking().FirstOrDefaultAsync(b => b.BodyId == id, ct);
        return TypedResults.Ok(ReportContactsOf(id, row, protector));
    }

    public static async Task<Results<Ok<ReportContactsResponse>, NotFound, ValidationProblem>> SetReportContacts(
        Guid id,
        ReportContactsRequest request,
        AppDbContext db,
        PersonalDataProtector protector,
        AuditLog audit,
        TimeProvider clock,
        CancellationToken ct
    )
    {
        if (!await db.Bodies.AnyAsync(b => b.Id == id, ct))
            return TypedResults.NotFound();
        var row = await db.BodyAlertChannels.FirstOrDefaultAsync(b => b.BodyId == id, ct);
        if (row is null)
            db.BodyAlertChannels.Add(row = new BodyAlertChannel { BodyId = id });
        (row.PoliceLiaisonName, row.PoliceLiaisonPhoneCipher) = (
            request.PoliceLiaison?.Name?.Trim(),
            protector.ProtectOrNull(request.PoliceLiaison?.Phone?.Trim())
        );
        (row.GovernanceCentreName, row.GovernanceCentrePhoneCipher) = (
            request.GovernanceCentre?.Name?.Trim(),
            protector.ProtectOrNull(request.GovernanceCentre?.Phone?.Trim())
        );
        row.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        audit.Record(
            "ReportContactsSet",
            "MediationBody",
            id,
            new { policeLiaison = row.PoliceLiaisonName, governanceCentre = row.GovernanceCentreName }
        );
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ReportContactsOf(id, row, protector));
    }

    private static ReportContactsResponse ReportContactsOf(
        Guid id,
        BodyAlertChannel? row,
        PersonalDataProtector protector
    )
    {
        ReportContact? Contact(string? name, string? cipher) =>
            name is null ? null : new(name, Masking.Phone(protector.UnprotectOrNull(cipher)));
        return new(
            id,
            Contact(row?.PoliceLiaisonName, row?.PoliceLiaisonPhoneCipher),
            Contact(row?.GovernanceCentreName, row?.GovernanceCentrePhoneCipher)
        );
    }

    private static OutboxItem ToItem(OutboxMessage o) =>
        new(
            o.Id,
            o.RecipientKind,
            o.RecipientId,
            o.Channel,
            o.Template,
            o.Kind,
            o.Status,
            o.Attempts,
            o.NextAttemptAt,
            o.LastError,
            o.CaseId,
            o.SessionId,
            o.CreatedAt,
            o.SentAt
        );
}
