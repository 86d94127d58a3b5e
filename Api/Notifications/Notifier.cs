using System.Text.Json;
using Hangfire;
using Mediation.Api.Auth;
using Mediation.Api.Infrastructure.PersonalData;
using Mediation.Api.Notifications.Channels;
using Mediation.Api.WeChat;

namespace Mediation.Api.Notifications;

/// <param name="Template">The WeChat template name used if the notice goes out as a subscribe message.</param>
/// <param name="InAppOnly">Only the inbox (e.g. a confirmation the person is looking at anyway), keeping their one-time WeChat consents for reminders.</param>
public sealed record Notice(
    string Kind,
    string Template,
    string Title,
    string Body,
    Guid? CaseId,
    Guid? SessionId,
    Dictionary<string, string> Fields,
    bool InAppOnly = false
);

/// <summary>
/// How features tell a person something: the inbox row (citizens and staff) plus outbox rows for the first external
/// channel in the person's order (their own, else the configured one) that can reach them; <see
/// cref="OutboxDeliveryJob"/> delivers and falls back to the rest.
/// </summary>
/// Staged notices become delivery jobs once the unit of work commits them (<see cref="UnitOfWork"/>); none if it does
/// not.
public sealed class Notifier(
    AppDbContext db,
    UnitOfWork work,
    IBackgroundJobClient jobs,
    IOptions<NotificationOptions> options,
    IOptions<WeChatOptions> wechat,
    SmsGateway sms,
    PhoneBook phones,
    ILogger<Notifier> logger
) : ICommitParticipant
{
    private readonly List<Guid> staged = [];
    private Notice? lastNotice;
    private string? lastPayload;

    /// <summary>Stages and saves one notice unless one with this key exists; false when it was already sent (or no
    /// channel reaches the person).</summary>
    public async Task<bool> SendOnceAsync(
        Recipient to,
        Notice notice,
        string dedupeKey,
        DateTime now,
        CancellationToken ct
    )
    {
        if (await db.OutboxMessages.AnyAsync(o => o.DedupeKey == dedupeKey, ct))
            return false;
        if (!await StageAsync(to, notice, dedupeKey, now, ct))
            return false;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            if (!await ExistsElsewhereAsync(dedupeKey, ct))
                throw;
            logger.LogInformation("Notice {Key} was staged concurrently; sent once", dedupeKey);
            return false;
        }
        return true;
    }

    /// <summary>Adds the rows to the context without saving; the caller's SaveChanges commits them, and then they are
    /// sent.</summary>
    public async Task<bool> StageAsync(
        Recipient to,
        Notice notice,
        string dedupeKey,
        DateTime now,
        CancellationToken ct
    )
    {
        // One notice usually goes to several people in a row (a session's mediators and parties): serialize it once.
        var payload = ReferenceEquals(notice, lastNotice)
            ? lastPayload!
            : JsonSerializer.Serialize(new NoticePayload(notice.Title, notice.Body, notice.Fields));
        (lastNotice, lastPayload) = (notice, payload);
        Guid? inboxId = null;
        var rows = new List<OutboxMessage>();
        if (to.Kind is Notification.Citizen or Notification.Staff)
        {
            var inbox = new Notification
            {
                RecipientKind = to.Kind,
                RecipientId = to.Id,
                Kind = notice.Kind,
                Title = notice.Title,
                Body = notice.Body,
                CaseId = notice.CaseId,
                SessionId = notice.SessionId,
                CreatedAt = now,
            };
            db.Notifications.Add(inbox);
            inboxId = inbox.Id;
            rows.Add(Row(to, ChannelNames.InApp, notice, payload, dedupeKey, inboxId, now, OutboxStatus.Sent));
        }
        var available = notice.InAppOnly ? [] : await AvailableChannelsAsync(to, notice, ct);
        if (available.Count > 0)
        {
            var first = Row(to, available[0], notice, payload, dedupeKey, inboxId, now, OutboxStatus.Pending);
            first.Fallback = available.Count > 1 ? string.Join(',', available.Skip(1)) : null;
            rows.Add(first);
        }
        if (rows.Count == 0)
        {
            logger.LogWarning("No channel reaches {Recipient} for {Kind}", to, notice.Kind);
            return false;
        }
        rows[0].DedupeKey = dedupeKey; // the notice's key is on its first row; the rest are key/channel
        db.OutboxMessages.AddRange(rows);
        staged.AddRange(rows.Where(r => r.Status == OutboxStatus.Pending).Select(r => r.Id));
        work.Enlist(this);
        return true;
    }

    void ICommitParticipant.Committed()
    {
        foreach (var id in staged)
            jobs.Enqueue<OutboxDeliveryJob>(job => job.DeliverAsync(id, CancellationToken.None));
        staged.Clear();
    }

    void ICommitParticipant.Abandoned() => staged.Clear();

    /// <summary>The pending rows staged so far, for a caller that delivers them itself (<see
    /// cref="OutboxDeliveryJob.DeliverBatchAsync"/>): taken before the save, so that the commit does not also enqueue
    /// them one by one.</summary>
    public List<Guid> TakeStaged()
    {
        var ids = staged.ToList();
        staged.Clear();
        prepared = null;
        return ids;
    }

    /// <summary>Reads the consents of many recipients for one template in one query, for a batch about to be
    /// staged.</summary>
    public async Task PrepareAsync(IEnumerable<Recipient> recipients, string template, CancellationToken ct)
    {
        var people = recipients.Where(r => r.Kind is Notification.Citizen or Notification.Staff).ToHashSet();
        var orders = await NotificationPreferences.ReadAsync(db, people, ct);
        var templateId = wechat.Value.Templates.GetValueOrDefault(template)?.Id ?? "";
        var users = people.Where(r => r.Kind == Notification.Citizen).Select(r => r.Id).Distinct().ToList();
        var consenting =
            templateId.Length == 0
                ? []
                : await db
                    .SubscriptionConsents.Where(c =>
                        users.Contains(c.UserId) && c.TemplateId == templateId && c.Remaining > 0
                    )
                    .Select(c => c.UserId)
                    .ToListAsync(ct);
        prepared = new PreparedConsents(templateId, [.. users], [.. consenting], people, orders);
    }

    private sealed record PreparedConsents(
        string TemplateId,
        HashSet<Guid> Users,
        HashSet<Guid> Consenting,
        HashSet<Recipient> People,
        Dictionary<Recipient, List<string>> Orders
    );

    private PreparedConsents? prepared;

    private async Task<bool> HasConsentAsync(Guid userId, string templateId, CancellationToken ct) =>
        prepared is { } p && p.TemplateId == templateId && p.Users.Contains(userId)
            ? p.Consenting.Contains(userId)
            : await db.SubscriptionConsents.AnyAsync(
                c => c.UserId == userId && c.TemplateId == templateId && c.Remaining > 0,
                ct
            );

    /// <summary>The external channels, in the configured order, that could reach this person for this notice
    /// now.</summary>
    public async Task<List<string>> AvailableChannelsAsync(Recipient to, Notice notice, CancellationToken ct) =>
        await AvailableChannelsAsync(
            to,
            notice.Template,
            notice.CaseId,
            to.Kind switch
            {
                Recipient.Body => [ChannelNames.WeCom],
                Recipient.PoliceLiaison or Recipient.GovernanceCentre => [ChannelNames.Sms],
                _ => await OrderForAsync(to, ct),
            },
            ct
        );

    /// <summary>The person's own channel order (PUT /api/me/notification-preferences), else
    /// Notifications:ChannelOrder.</summary>
    public async Task<IReadOnlyList<string>> OrderForAsync(Recipient to, CancellationToken ct)
    {
        if (to.Kind is not (Notification.Citizen or Notification.Staff))
            return options.Value.EffectiveChannelOrder;
        if (prepared is { } p && p.People.Contains(to))
            return p.Orders.GetValueOrDefault(to) ?? (IReadOnlyList<string>)options.Value.EffectiveChannelOrder;
        var own = await db
            .NotificationPreferences.AsNoTracking()
            .Where(x => x.RecipientKind == to.Kind && x.RecipientId == to.Id)
            .Select(x => x.ChannelOrder)
            .FirstOrDefaultAsync(ct);
        return own ?? (IReadOnlyList<string>)options.Value.EffectiveChannelOrder;
    }

    public async Task<List<string>> AvailableChannelsAsync(
        Recipient to,
        string template,
        Guid? caseId,
        IEnumerable<string> order,
        CancellationToken ct
    )
    {
        var result = new List<string>();
        if (to.Kind == Recipient.Body)
        {
            if (
                order.Contains(ChannelNames.WeCom)
                && await db.BodyAlertChannels.AnyAsync(b => b.BodyId == to.Id && b.WeComWebhookUrl != null, ct)
            )
                result.Add(ChannelNames.WeCom);
            return result;
        }
        foreach (var channel in order)
        {
            if (
                channel == ChannelNames.WeChat
                && to.Kind == Notification.Citizen
                && wechat.Value.Templates.GetValueOrDefault(template) is { Id.Length: > 0 } t
                && await HasConsentAsync(to.Id, t.Id, ct)
            )
                result.Add(channel);
            else if (channel == ChannelNames.Sms && sms.Enabled && await phones.FindAsync(to, caseId, ct) is not null)
                result.Add(channel);
        }
        return result;
    }

    private async Task<bool> ExistsElsewhereAsync(string dedupeKey, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        staged.Clear();
        return await db.OutboxMessages.AnyAsync(o => o.DedupeKey == dedupeKey, ct);
    }

    private static OutboxMessage Row(
        Recipient to,
        string channel,
        Notice notice,
        string payload,
        string key,
        Guid? inboxId,
        DateTime now,
        OutboxStatus status
    ) =>
        new()
        {
            RecipientKind = to.Kind,
            RecipientId = to.Id,
            Channel = channel,
            Template = notice.Template,
            Kind = notice.Kind,
            Payload = payload,
            NoticeKey = key,
            DedupeKey = $"{key}/{channel}",
            NotificationId = inboxId,
            CaseId = notice.CaseId,
            SessionId = notice.SessionId,
            Status = status,
            NextAttemptAt = now,
            CreatedAt = now,
            SentAt = status == OutboxStatus.Sent ? now : null,
        };
}

/// <summary>Where a person's SMS goes: a citizen's verified phone, else their phone as a party of the case; a party's
/// or staff member's phone.</summary>
public sealed class PhoneBook(AppDbContext db, ICaseDirectory cases, PersonalDataProtector protector)
{
    public async Task<string?> FindAsync(Recipient to, Guid? caseId, CancellationToken ct)
    {
        string? cipher = to.Kind switch
        {
            Notification.Citizen => await db
                .CitizenUsers.Where(u => u.Id == to.Id)
                .Select(u => u.PhoneCipher)
                .FirstOrDefaultAsync(ct)
                ?? (caseId is { } c ? await cases.CitizenPhoneCipherAsync(c, to.Id, ct) : null),
            Notification.Staff => await db
                .StaffUsers.Where(u => u.Id == to.Id)
                .Select(u => u.PhoneCipher)
                .FirstOrDefaultAsync(ct),
            Recipient.Party => await cases.PartyPhoneCipherAsync(to.Id, ct),
            Recipient.PoliceLiaison => await db
                .BodyAlertChannels.Where(b => b.BodyId == to.Id)
                .Select(b => b.PoliceLiaisonPhoneCipher)
                .FirstOrDefaultAsync(ct),
            Recipient.GovernanceCentre => await db
                .BodyAlertChannels.Where(b => b.BodyId == to.Id)
                .Select(b => b.GovernanceCentrePhoneCipher)
                .FirstOrDefaultAsync(ct),
            _ => null,
        };
        // A party's fixed line (a company's 0631-8451234) is for the mediator to call; SMS goes to mobiles only.
        var phone = protector.UnprotectOrNull(cipher);
        return ChineseIdentifiers.IsValidMainlandMobile(phone) ? phone : null;
    }
}
