using FluentValidation;
using Mediation.Api.WeChat;

namespace Mediation.Api.Notifications;

/// <param name="Results">What wx.requestSubscribeMessage returned: template id → accept | reject | ban | filter.</param>
public sealed record SubscriptionResultsRequest(Dictionary<string, string>? Results);

public sealed record SubscriptionTemplate(string Name, string TemplateId, int Remaining);

public sealed record SubscriptionsResponse(IReadOnlyList<SubscriptionTemplate> Templates);

internal sealed class SubscriptionResultsRequestValidator : AbstractValidator<SubscriptionResultsRequest>
{
    private static readonly string[] Statuses = ["accept", "reject", "ban", "filter"];

    public SubscriptionResultsRequestValidator(IOptions<WeChatOptions> options)
    {
        var known = options.Value.Templates.Values.Select(t => t.Id).ToHashSet();
        RuleFor(x => x.Results)
            .Cascade(CascadeMode.Stop)
            .NotEmpty()
            .WithMessage("请提交订阅结果")
            .Must(r => r!.Count <= 10)
            .WithMessage("一次最多提交10个模板的订阅结果");
        RuleForEach(x => x.Results)
            .Must(r => known.Contains(r.Key))
            .WithMessage("未知的订阅消息模板")
            .Must(r => Statuses.Contains(r.Value))
            .WithMessage("订阅结果只能是 accept、reject、ban 或 filter");
    }
}

public static class SubscriptionsApi
{
    public static IEndpointRouteBuilder MapSubscriptionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/me/subscriptions")
            .WithTags("Notifications")
            .RequireAuthorization(Policies.Citizen)
            .WithValidation();
        group.MapGet("/", GetSubscriptions).Named(nameof(GetSubscriptions), "订阅消息模板及剩余可发送次数");
        group
            .MapPost("/", RecordSubscriptionResults)
            .Named(nameof(RecordSubscriptionResults), "记录 wx.requestSubscribeMessage 的结果");
        return app;
    }

    public static async Task<Ok<SubscriptionsResponse>> GetSubscriptions(
        ClaimsPrincipal user,
        AppDbContext db,
        IOptions<WeChatOptions> options,
        CancellationToken ct
    ) => TypedResults.Ok(await ListAsync(db, user.GetUserId(), options.Value, ct));

    public static async Task<Ok<SubscriptionsResponse>> RecordSubscriptionResults(
        SubscriptionResultsRequest request,
        ClaimsPrincipal user,
        AppDbContext db,
        AuditLog audit,
        TimeProvider clock,
        IOptions<WeChatOptions> options,
        CancellationToken ct
    )
    {
        var me = user.GetUserId();
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var (templateId, status) in request.Results!.Where(r => r.Value == "accept"))
            (await Consents.GetOrAddAsync(db, me, templateId, now, ct)).AcceptedByClient(now);
        audit.Record("SubscriptionResultsReported", "CitizenUser", me, request.Results);
        await Consents.SaveAsync(db, ct);
        return TypedResults.Ok(await ListAsync(db, me, options.Value, ct));
    }

    private static async Task<SubscriptionsResponse> ListAsync(
        AppDbContext db,
        Guid me,
        WeChatOptions options,
        CancellationToken ct
    )
    {
        var remaining = await db
            .SubscriptionConsents.AsNoTracking()
            .Where(c => c.UserId == me)
            .ToDictionaryAsync(c => c.TemplateId, c => c.Remaining, ct);
        return new SubscriptionsResponse(
            options
                .Templates.Where(t => t.Value.Id.Length > 0)
                .Select(t => new SubscriptionTemplate(t.Key, t.Value.Id, remaining.GetValueOrDefault(t.Value.Id)))
                .ToList()
        );
    }
}

internal static class Consents
{
    public static async Task<SubscriptionConsent> GetOrAddAsync(
        AppDbContext db,
        Guid userId,
        string templateId,
        DateTime now,
        CancellationToken ct
    )
    {
        var consent = db.SubscriptionConsents.Local.FirstOrDefault(c =>
            c.UserId == userId && c.TemplateId == templateId
        )
            ?? await db.SubscriptionConsents.FirstOrDefaultAsync(
                c => c.UserId == userId && c.TemplateId == templateId,
                ct
            );
        if (consent is null)
        {
            consent = new SubscriptionConsent
            {
                UserId = userId,
                TemplateId = templateId,
                UpdatedAt = now,
            };
            db.SubscriptionConsents.Add(consent);
        }
        return consent;
    }

    /// <summary>Counts are read-modify-write: a concurrent change to the same consent makes SaveChanges fail
    /// rather than lose an increment, and the caller's retry (or WeChat's re-send) applies it again.</summary>
    public static Task SaveAsync(AppDbContext db, CancellationToken ct) => db.SaveChangesAsync(ct);
}
