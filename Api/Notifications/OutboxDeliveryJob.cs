using System.Text.Json;
using Hangfire;
using Mediation.Api.Infrastructure.Data;
using Mediation.Api.Notifications.Channels;
using Mediation.Api.WeChat;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Mediation.Api.Notifications;

/// <summary>
/// Delivers one outbox row. Idempotent: a row that is not Pending, not yet due, or held by another run is left alone.
/// Transient errors are retried with exponential backoff up to Notifications:MaxAttempts; a permanent refusal (or 43101,
/// which also zeroes the consent) hands the message to the next channel in the row's fallback list.
/// </summary>
public sealed class OutboxDeliveryJob(AppDbContext db, TimeProvider clock, IBackgroundJobClient jobs, IOptions<NotificationOptions> options,
    IOptions<WeChatOptions> wechat, IWeChatService weChat, SmsGateway sms, WeComRobot robot, PhoneBook phones, Notifier notifier,
    ILogger<OutboxDeliveryJob> logger)
{
    public const string SweepId = "outbox-sweep";

    /// <summary>Delivers every due row; the recurring safety net for jobs lost or rows retried by hand.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await db.OutboxMessages.Where(o => o.Status == OutboxStatus.Pending && o.NextAttemptAt <= now)
            .OrderBy(o => o.NextAttemptAt).Select(o => o.Id).Take(500).ToListAsync(ct);
        foreach (var id in due) await DeliverAsync(id, ct);
        return due.Count;
    }

    public async Task DeliverAsync(Guid id, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var lease = now + options.Value.DeliveryLease;
        var claimed = await db.OutboxMessages
            .Where(o => o.Id == id && o.Status == OutboxStatus.Pending && o.NextAttemptAt <= now && (o.LockedUntil == null || o.LockedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.LockedUntil, lease), ct);
        if (claimed == 0) return;

        var row = await db.OutboxMessages.SingleAsync(o => o.Id == id, ct);
        var payload = JsonSerializer.Deserialize<NoticePayload>(row.Payload)!;
        var result = await SendAsync(row, payload, now, ct);
        Guid? next = null;
        row.Attempts++;
        row.LockedUntil = null;
        row.LastError = result.Detail is { } d ? d[..Math.Min(d.Length, 500)] : null;
        switch (result.Outcome)
        {
            case DeliveryOutcome.Delivered:
                (row.Status, row.SentAt) = (OutboxStatus.Sent, now);
                break;
            case DeliveryOutcome.Transient when row.Attempts < options.Value.MaxAttempts:
                row.NextAttemptAt = now + options.Value.RetryDelay(row.Attempts);
                break;
            case DeliveryOutcome.Transient:
                row.Status = OutboxStatus.Failed;
                break;
            default:
                next = await FallBackAsync(row, now, ct);
                break;
        }
        await db.SaveChangesAsync(ct);
        if (row.Status == OutboxStatus.Pending)
            jobs.Schedule<OutboxDeliveryJob>(job => job.DeliverAsync(id, CancellationToken.None), row.NextAttemptAt - now);
        if (next is { } nextId)
            jobs.Enqueue<OutboxDeliveryJob>(job => job.DeliverAsync(nextId, CancellationToken.None));
    }

    private async Task<Guid?> FallBackAsync(OutboxMessage row, DateTime now, CancellationToken ct)
    {
        var rest = row.Fallback?.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? [];
        var available = await notifier.AvailableChannelsAsync(new Recipient(row.RecipientKind, row.RecipientId), row.Template, row.CaseId, rest, ct);
        if (available.Count == 0)
        {
            row.Status = OutboxStatus.Failed;
            return null;
        }
        row.Status = OutboxStatus.FellBack;
        var next = new OutboxMessage
        {
            RecipientKind = row.RecipientKind, RecipientId = row.RecipientId, Channel = available[0], Template = row.Template, Kind = row.Kind,
            Payload = row.Payload, NoticeKey = row.NoticeKey, DedupeKey = $"{row.NoticeKey}/{available[0]}", NotificationId = row.NotificationId,
            CaseId = row.CaseId, SessionId = row.SessionId, Status = OutboxStatus.Pending, NextAttemptAt = now, CreatedAt = now,
            Fallback = available.Count > 1 ? string.Join(',', available.Skip(1)) : null,
        };
        db.OutboxMessages.Add(next);
        logger.LogInformation("Outbox {Id} fell back from {From} to {To}: {Error}", row.Id, row.Channel, next.Channel, row.LastError);
        return next.Id;
    }

    private async Task<ChannelResult> SendAsync(OutboxMessage row, NoticePayload payload, DateTime now, CancellationToken ct)
    {
        var to = new Recipient(row.RecipientKind, row.RecipientId);
        switch (row.Channel)
        {
            case ChannelNames.WeChat:
                return await SendWeChatAsync(row, payload, now, ct);
            case ChannelNames.Sms:
                var phone = await phones.FindAsync(to, row.CaseId, ct);
                return phone is null ? ChannelResult.Permanent("no phone number")
                    : await sms.SendAsync(phone, $"【{payload.Title}】{payload.Body}", row.Id.ToString("N"), ct);
            case ChannelNames.WeCom:
                var url = await db.BodyAlertChannels.Where(b => b.BodyId == to.Id).Select(b => b.WeComWebhookUrl).FirstOrDefaultAsync(ct);
                return url is null ? ChannelResult.Permanent("no WeCom webhook") : await robot.SendTextAsync(url, $"{payload.Title}\n{payload.Body}", null, ct);
            default:
                return ChannelResult.Delivered; // in-app rows are delivered when written
        }
    }

    private async Task<ChannelResult> SendWeChatAsync(OutboxMessage row, NoticePayload payload, DateTime now, CancellationToken ct)
    {
        if (wechat.Value.Templates.GetValueOrDefault(row.Template) is not { Id.Length: > 0 } template)
            return ChannelResult.Permanent($"template {row.Template} not configured");
        var openId = await db.CitizenUsers.Where(u => u.Id == row.RecipientId).Select(u => u.OpenId).FirstOrDefaultAsync(ct);
        var consent = await db.SubscriptionConsents.FirstOrDefaultAsync(c => c.UserId == row.RecipientId && c.TemplateId == template.Id, ct);
        if (openId is null || consent is not { Remaining: > 0 }) return ChannelResult.Permanent("no subscription consent left");

        var data = new Dictionary<string, string>();
        foreach (var (field, keyword) in template.Fields)
        {
            if (SubscribeMessageValues.Fit(keyword, payload.Fields.GetValueOrDefault(field)) is not { } value)
                return ChannelResult.Permanent($"field {field} does not fit {keyword}");
            data[keyword] = value;
        }
        var page = template.Page is { Length: > 0 } p && row.CaseId is { } caseId ? $"{p}?id={caseId}" : template.Page;

        // The consent is spent before the call, so two deliveries cannot both use the last one; it is given back if WeChat did not take the message.
        consent.Remaining--;
        consent.UpdatedAt = now;
        consent.Version++;
        await db.SaveChangesAsync(ct);
        var sent = await weChat.SendSubscribeMessageAsync(new WeChatSubscribeMessage(openId, template.Id, page, data), ct);
        if (sent.Failure is null) return ChannelResult.Delivered;
        if (sent.Failure == WeChatFailure.SubscriptionRefused)
        {
            consent.Revoked(now);
            return ChannelResult.Permanent($"43101 {sent.ErrorMessage}");
        }
        consent.Remaining++;
        var detail = $"{sent.ErrorCode} {sent.ErrorMessage}";
        return sent.Failure is WeChatFailure.Unavailable or WeChatFailure.RateLimited ? ChannelResult.Transient(detail) : ChannelResult.Permanent(detail);
    }
}
