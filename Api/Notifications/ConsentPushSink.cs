using Mediation.Api.Auth;
using Mediation.Api.WeChat;

namespace Mediation.Api.Notifications;

/// <summary>Applies WeChat's subscription pushes to the consent counts, once per push even when WeChat re-sends
/// it.</summary>
public sealed class ConsentPushSink(AppDbContext db, TimeProvider clock, ILogger<ConsentPushSink> logger)
    : IWeChatPushSink
{
    public async Task HandleAsync(WeChatPushEvent push, CancellationToken ct)
    {
        if (push.Event is not (WeChatPushEvent.SubscribePopup or WeChatPushEvent.SubscribeChange))
            return;
        var now = clock.GetUtcNow().UtcDateTime;
        if (await db.WeChatPushReceipts.AnyAsync(r => r.Key == push.DedupeKey, ct))
            return;

        var user = await db
            .CitizenUsers.AsNoTracking()
            .Where(u => u.OpenId == push.FromUserName)
            .Select(u => (Guid?)u.Id)
            .FirstOrDefaultAsync(ct);
        db.WeChatPushReceipts.Add(new WeChatPushReceipt { Key = push.DedupeKey, ReceivedAt = now });
        if (user is { } userId)
        {
            foreach (var item in push.Subscriptions.Where(i => i.TemplateId.Length > 0))
            {
                if (push.Event == WeChatPushEvent.SubscribePopup && item.Status == "accept")
                    (await Consents.GetOrAddAsync(db, userId, item.TemplateId, now, ct)).AcceptedByPush(now);
                else if (push.Event == WeChatPushEvent.SubscribeChange && item.Status == "reject")
                    (await Consents.GetOrAddAsync(db, userId, item.TemplateId, now, ct)).Revoked(now);
            }
        }
        else
        {
            logger.LogInformation("Subscription push for an openid without an account ignored");
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same push, re-sent, may have been applied by a concurrent request; otherwise let WeChat re-send it.
            db.ChangeTracker.Clear();
            if (!await db.WeChatPushReceipts.AnyAsync(r => r.Key == push.DedupeKey, ct))
                throw;
        }
    }
}
