using System.Text.Json;
using Hangfire;
using Mediation.Api.Auth;
using Mediation.Api.Notifications.Channels;
using Mediation.Api.WeChat;

namespace Mediation.Api.Notifications;

/// <summary>
/// Delivers one outbox row. Idempotent: a row that is not Pending, not yet due, or held by another run is left alone.
/// Transient errors are retried with exponential backoff up to Notifications:MaxAttempts; a permanent refusal (or
/// 43101, which also zeroes the consent) hands the message to the next channel in the row's fallback list.
/// </summary>
public sealed class OutboxDeliveryJob(
    AppDbContext db,
    TimeProvider clock,
    IBackgroundJobClient jobs,
    IOptions<NotificationOptions> options,
    IOptions<WeChatOptions> wechat,
    IWeChatService weChat,
    SmsGateway sms,
    WeComRobot robot,
    PhoneBook phones,
    ICaseDirectory cases,
    Notifier notifier,
    SqliteWriteGate writeGate,
    ILogger<OutboxDeliveryJob> logger
)
{
    public const string SweepId = "outbox-sweep";

    /// <summary>Delivers every due row; the recurring safety net for jobs lost or rows retried by hand.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken ct)
    {
        var delivered = 0;
        for (var round = 0; round < 20; round++)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var due = await db
                .OutboxMessages.Where(o =>
                    o.Status == OutboxStatus.Pending
                    && o.NextAttemptAt <= now
                    && (o.LockedUntil == null || o.LockedUntil < now)
                )
                .OrderBy(o => o.NextAttemptAt)
                .Select(o => o.Id)
                .Take(500)
                .ToListAsync(ct);
            if (due.Count == 0)
                break;
            delivered += await DeliverBatchAsync(due, ct);
        }
        return delivered;
    }

    public Task DeliverAsync(Guid id, CancellationToken ct) => DeliverBatchAsync([id], ct);

    /// <summary>
    /// Delivers the given rows that are due and not held by another run: one claim, one read, one write of the spent
    /// consents, the external calls in parallel (Notifications:DeliveryParallelism), then one write of the outcomes.
    /// Returns how many went out.
    /// </summary>
    public async Task<int> DeliverBatchAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
            return 0;
        var now = clock.GetUtcNow().UtcDateTime;
        // The lease also names this run's rows: whole microseconds (what PostgreSQL keeps), jittered so that two runs
        // never share one.
        var lease = now + options.Value.DeliveryLease + TimeSpan.FromMicroseconds(Random.Shared.Next(1_000_000));
        lease = lease.AddTicks(-(lease.Ticks % 10));
        var list = ids.ToList();
        int claimed;
        using (await writeGate.EnterAsync(ct)) // SQLite has one writer: queue here rather than poll the database lock
            claimed = await db
                .OutboxMessages.Where(o =>
                    list.Contains(o.Id)
                    && o.Status == OutboxStatus.Pending
                    && o.NextAttemptAt <= now
                    && (o.LockedUntil == null || o.LockedUntil < now)
                )
                .ExecuteUpdateAsync(s => s.SetProperty(o => o.LockedUntil, lease), ct);
        if (claimed == 0)
            return 0;
        var rows = await db.OutboxMessages.Where(o => list.Contains(o.Id) && o.LockedUntil == lease).ToListAsync(ct);

        var attempts = new List<(OutboxMessage Row, Func<Task<Attempt>> Send)>();
        var batch = await PrepareWeChatAsync(rows, ct);
        foreach (var row in rows)
            attempts.Add((row, await PrepareAsync(row, batch, now, ct)));
        if (db.ChangeTracker.HasChanges()) // the consents spent before the calls
            using (await writeGate.EnterAsync(ct))
                await db.SaveChangesAsync(ct);

        using var gate = new SemaphoreSlim(options.Value.DeliveryParallelism);
        var results = await Task.WhenAll(
            attempts.Select(async a =>
            {
                await gate.WaitAsync(ct);
                try
                {
                    return await a.Send();
                }
                finally
                {
                    gate.Release();
                }
            })
        );

        var (retries, fallbacks, delivered) = (new List<OutboxMessage>(), new List<Guid>(), 0);
        for (var i = 0; i < attempts.Count; i++)
        {
            var (row, (result, afterwards)) = (attempts[i].Row, results[i]);
            afterwards?.Invoke();
            row.Attempts++;
            row.LockedUntil = null;
            row.LastError = result.Detail is { } d ? d[..Math.Min(d.Length, 500)] : null;
            switch (result.Outcome)
            {
                case DeliveryOutcome.Delivered:
                    (row.Status, row.SentAt) = (OutboxStatus.Sent, now);
                    delivered++;
                    break;
                case DeliveryOutcome.Transient when row.Attempts < options.Value.MaxAttempts:
                    row.NextAttemptAt = now + options.Value.RetryDelay(row.Attempts);
                    retries.Add(row);
                    break;
                case DeliveryOutcome.Transient:
                    row.Status = OutboxStatus.Failed;
                    break;
                default:
                    if (await FallBackAsync(row, now, ct) is { } next)
                        fallbacks.Add(next);
                    break;
            }
        }
        using (await writeGate.EnterAsync(ct))
            await db.SaveChangesAsync(ct);
        foreach (var row in retries)
        {
            var id = row.Id;
            jobs.Schedule<OutboxDeliveryJob>(
                job => job.DeliverAsync(id, CancellationToken.None),
                row.NextAttemptAt - now
            );
        }
        foreach (var nextId in fallbacks)
            jobs.Enqueue<OutboxDeliveryJob>(job => job.DeliverAsync(nextId, CancellationToken.None));
        return delivered;
    }

    /// <summary>A channel call's outcome and what to change afterwards (on the single-threaded context) because of
    /// it.</summary>
    private sealed record Attempt(ChannelResult Result, Action? Afterwards = null);

    private async Task<Guid?> FallBackAsync(OutboxMessage row, DateTime now, CancellationToken ct)
    {
        var rest = row.Fallback?.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? [];
        var available = await notifier.AvailableChannelsAsync(
            new Recipient(row.RecipientKind, row.RecipientId),
            row.Template,
            row.CaseId,
            rest,
            ct
        );
        if (available.Count == 0)
        {
            row.Status = OutboxStatus.Failed;
            return null;
        }
        row.Status = OutboxStatus.FellBack;
        var next = new OutboxMessage
        {
            RecipientKind = row.RecipientKind,
            RecipientId = row.RecipientId,
            Channel = available[0],
            Template = row.Template,
            Kind = row.Kind,
            Payload = row.Payload,
            NoticeKey = row.NoticeKey,
            DedupeKey = $"{row.NoticeKey}/{available[0]}",
            NotificationId = row.NotificationId,
            CaseId = row.CaseId,
            SessionId = row.SessionId,
            Status = OutboxStatus.Pending,
            NextAttemptAt = now,
            CreatedAt = now,
            Fallback = available.Count > 1 ? string.Join(',', available.Skip(1)) : null,
        };
        db.OutboxMessages.Add(next);
        logger.LogInformation(
            "Outbox {Id} fell back from {From} to {To}: {Error}",
            row.Id,
            row.Channel,
            next.Channel,
            row.LastError
        );
        return next.Id;
    }

    /// <summary>The openids and the consents (tracked) of a batch's WeChat recipients, read once for the
    /// batch.</summary>
    private sealed record WeChatBatch(
        Dictionary<Guid, string> OpenIds,
        Dictionary<(Guid, string), SubscriptionConsent> Consents
    );

    private async Task<WeChatBatch> PrepareWeChatAsync(List<OutboxMessage> rows, CancellationToken ct)
    {
        var users = rows.Where(r => r.Channel == ChannelNames.WeChat).Select(r => r.RecipientId).Distinct().ToList();
        if (users.Count == 0)
            return new([], []);
        var templateIds = wechat.Value.Templates.Values.Select(t => t.Id).Where(id => id.Length > 0).ToList();
        return new(
            await db.CitizenUsers.Where(u => users.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.OpenId, ct),
            await db
                .SubscriptionConsents.Where(c => users.Contains(c.UserId) && templateIds.Contains(c.TemplateId))
                .ToDictionaryAsync(c => (c.UserId, c.TemplateId), ct)
        );
    }

    private async Task<Func<Task<Attempt>>> PrepareAsync(
        OutboxMessage row,
        WeChatBatch batch,
        DateTime now,
        CancellationToken ct
    )
    {
        var payload = JsonSerializer.Deserialize<NoticePayload>(row.Payload)!;
        var to = new Recipient(row.RecipientKind, row.RecipientId);
        switch (row.Channel)
        {
            case ChannelNames.WeChat:
                return PrepareWeChat(row, payload, batch, now, ct);
            case ChannelNames.Sms:
                var phone = await phones.FindAsync(to, row.CaseId, ct);
                if (phone is null)
                    return Done(ChannelResult.Permanent("no phone number"));
                var text = $"【{payload.Title}】{payload.Body}";
                if (row.RecipientKind == Recipient.Party && await CaseNumberAsync(row, payload, ct) is { } caseNumber)
                    text = sms.ForPartyWithoutAccount(payload.Title, payload.Body, caseNumber, phone);
                return async () => new Attempt(await sms.SendAsync(phone, text, row.Id.ToString("N"), ct));
            case ChannelNames.WeCom:
                var url = await db
                    .BodyAlertChannels.Where(b => b.BodyId == to.Id)
                    .Select(b => b.WeComWebhookUrl)
                    .FirstOrDefaultAsync(ct);
                return url is null
                    ? Done(ChannelResult.Permanent("no WeCom webhook"))
                    : async () =>
                        new Attempt(await robot.SendTextAsync(url, $"{payload.Title}\n{payload.Body}", null, ct));
            default:
                return Done(ChannelResult.Delivered); // in-app rows are delivered when written
        }
    }

    private Func<Task<Attempt>> PrepareWeChat(
        OutboxMessage row,
        NoticePayload payload,
        WeChatBatch batch,
        DateTime now,
        CancellationToken ct
    )
    {
        if (wechat.Value.Templates.GetValueOrDefault(row.Template) is not { Id.Length: > 0 } template)
            return Done(ChannelResult.Permanent($"template {row.Template} not configured"));
        if (
            batch.OpenIds.GetValueOrDefault(row.RecipientId) is not { } openId
            || batch.Consents.GetValueOrDefault((row.RecipientId, template.Id)) is not { Remaining: > 0 } consent
        )
            return Done(ChannelResult.Permanent("no subscription consent left"));

        var data = new Dictionary<string, string>();
        foreach (var (field, keyword) in template.Fields)
        {
            if (SubscribeMessageValues.Fit(keyword, payload.Fields.GetValueOrDefault(field)) is not { } value)
                return Done(ChannelResult.Permanent($"field {field} does not fit {keyword}"));
            data[keyword] = value;
        }
        var page = template.Page is { Length: > 0 } p && row.CaseId is { } caseId ? $"{p}?id={caseId}" : template.Page;

        // The consent is spent before the call (saved before any call is made), so two deliveries cannot both use the
        // last one; it is given back if WeChat did not take the message.
        consent.Remaining--;
        consent.UpdatedAt = now;
        consent.Version++;
        var message = new WeChatSubscribeMessage(openId, template.Id, page, data);
        return async () =>
        {
            var sent = await weChat.SendSubscribeMessageAsync(message, ct);
            if (sent.Failure is null)
                return new Attempt(ChannelResult.Delivered);
            if (sent.Failure == WeChatFailure.SubscriptionRefused)
                return new Attempt(ChannelResult.Permanent($"43101 {sent.ErrorMessage}"), () => consent.Revoked(now));
            var detail = $"{sent.ErrorCode} {sent.ErrorMessage}";
            return new Attempt(
                sent.Failure is WeChatFailure.Unavailable or WeChatFailure.RateLimited
                    ? ChannelResult.Transient(detail)
                    : ChannelResult.Permanent(detail),
                () => consent.Remaining++
            );
        };
    }

    private async Task<string?> CaseNumberAsync(OutboxMessage row, NoticePayload payload, CancellationToken ct) =>
        payload.Fields.GetValueOrDefault("caseNumber")
        ?? (row.CaseId is { } caseId ? await cases.CaseNumberAsync(caseId, ct) : null);

    private static Func<Task<Attempt>> Done(ChannelResult result) => () => Task.FromResult(new Attempt(result));
}
