using FluentValidation;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mediation.Api.Notifications;

/// <summary>The order in which a citizen or staff member wants to be reached outside the app; without a row the
/// configured Notifications:ChannelOrder applies. The in-app inbox always gets every notice.</summary>
public sealed class NotificationPreference
{
    public required string RecipientKind { get; set; }
    public Guid RecipientId { get; set; }
    public List<string> ChannelOrder { get; set; } = [];
    public DateTime UpdatedAt { get; set; }
}

internal sealed class NotificationPreferenceConfiguration : IEntityTypeConfiguration<NotificationPreference>
{
    public void Configure(EntityTypeBuilder<NotificationPreference> e)
    {
        e.ToTable("NotificationPreferences");
        e.HasKey(x => new { x.RecipientKind, x.RecipientId });
        e.Property(x => x.RecipientKind).HasMaxLength(16);
        e.PrimitiveCollection(x => x.ChannelOrder);
    }
}

/// <param name="ChannelOrder">External channels in the order to try: WeChat (citizens who consented), Sms. Empty: the in-app inbox only.</param>
public sealed record NotificationPreferencesRequest(List<string>? ChannelOrder);

public sealed record NotificationPreferencesResponse(
    IReadOnlyList<string> ChannelOrder,
    bool IsDefault,
    IReadOnlyList<string> Available
);

internal sealed class NotificationPreferencesRequestValidator : AbstractValidator<NotificationPreferencesRequest>
{
    public NotificationPreferencesRequestValidator()
    {
        RuleFor(x => x.ChannelOrder)
            .Cascade(CascadeMode.Stop)
            .NotNull()
            .WithMessage("请提交接收渠道顺序")
            .Must(o => o!.Distinct().Count() == o!.Count)
            .WithMessage("接收渠道不能重复");
        RuleForEach(x => x.ChannelOrder)
            .NotNull()
            .WithMessage("接收渠道不能为空")
            .Must(c => c is null || NotificationPreferences.Channels.Contains(c))
            .WithMessage("接收渠道只能是 WeChat 或 Sms");
    }
}

public static class NotificationPreferences
{
    public static readonly string[] Channels = [ChannelNames.WeChat, ChannelNames.Sms];

    public static IEndpointRouteBuilder MapNotificationPreferences(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/me/notification-preferences")
            .WithTags("Notifications")
            .RequireAuthorization()
            .WithValidation();
        group.MapGet("/", GetNotificationPreferences).Named(nameof(GetNotificationPreferences), "我的消息接收渠道顺序");
        group
            .MapPut("/", PutNotificationPreferences)
            .Named(nameof(PutNotificationPreferences), "设置消息接收渠道顺序（站内消息总会收到）");
        return app;
    }

    public static async Task<Ok<NotificationPreferencesResponse>> GetNotificationPreferences(
        ClaimsPrincipal user,
        AppDbContext db,
        IOptions<NotificationOptions> options,
        CancellationToken ct
    )
    {
        var row = await db
            .NotificationPreferences.AsNoTracking()
            .FirstOrDefaultAsync(p => p.RecipientKind == user.GetKind() && p.RecipientId == user.GetUserId(), ct);
        return TypedResults.Ok(
            new NotificationPreferencesResponse(
                row?.ChannelOrder ?? [.. options.Value.EffectiveChannelOrder],
                row is null,
                Channels
            )
        );
    }

    public static async Task<Ok<NotificationPreferencesResponse>> PutNotificationPreferences(
        NotificationPreferencesRequest request,
        ClaimsPrincipal user,
        AppDbContext db,
        AuditLog audit,
        TimeProvider clock,
        CancellationToken ct
    )
    {
        var (kind, me) = (user.GetKind(), user.GetUserId());
        var row = await db.NotificationPreferences.FirstOrDefaultAsync(
            p => p.RecipientKind == kind && p.RecipientId == me,
            ct
        );
        if (row is null)
            db.NotificationPreferences.Add(row = new NotificationPreference { RecipientKind = kind, RecipientId = me });
        (row.ChannelOrder, row.UpdatedAt) = ([.. request.ChannelOrder!], clock.GetUtcNow().UtcDateTime);
        audit.Record(
            "NotificationPreferencesSet",
            kind == Notification.Staff ? "StaffUser" : "CitizenUser",
            me,
            new { channelOrder = row.ChannelOrder }
        );
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new NotificationPreferencesResponse(row.ChannelOrder, false, Channels));
    }

    /// <summary>The person's own order, or null for the configured default.</summary>
    public static async Task<Dictionary<Recipient, List<string>>> ReadAsync(
        AppDbContext db,
        IReadOnlyCollection<Recipient> people,
        CancellationToken ct
    )
    {
        var ids = people
            .Where(p => p.Kind is Notification.Citizen or Notification.Staff)
            .Select(p => p.Id)
            .Distinct()
            .ToList();
        if (ids.Count == 0)
            return [];
        return (
            await db.NotificationPreferences.AsNoTracking().Where(p => ids.Contains(p.RecipientId)).ToListAsync(ct)
        ).ToDictionary(p => new Recipient(p.RecipientKind, p.RecipientId), p => p.ChannelOrder);
    }
}
