using Mediation.Api.Disputes;
using Mediation.Api.Evidence;
using Mediation.Api.Infrastructure.PersonalData;

namespace Mediation.Api.Rooms;

/// <summary>Tells the connected members of a room about a stored message (SignalR in <see cref="MediationHub"/>).
/// Called only after the message is committed: the backplane carries notices, the database holds the
/// messages.</summary>
public interface IRoomBroadcaster
{
    Task MessageAsync(RoomMessageResponse message, CancellationToken ct);

    /// <summary>The room no longer takes messages (the mediator closed it, or the case ended).</summary>
    Task ClosedAsync(Guid roomId, string reason);

    /// <summary>A mediator removed from a case stops hearing its rooms on every connection.</summary>
    Task RemovedAsync(Guid userId, Guid disputeId, string reason);

    /// <summary>Any other event to everyone hearing the room (<c>muted</c>, <c>messageRemoved</c>).</summary>
    Task EventAsync(Guid roomId, string name, object payload);
}

/// <summary>
/// Sending and reading messages: the one path of REST and the hub alike. Membership is checked against the case as it
/// is now (<see cref="RoomAccess"/>), then an open room, then the participant's rate limit (<see
/// cref="RoomSendLimiter"/>); the message is numbered under the room's row lock, stored with its audit entry,
/// committed, and only then broadcast. A repeated <c>clientMessageId</c> of the same sender in the same room returns
/// the stored message.
/// </summary>
public sealed class RoomMessaging(
    AppDbContext db,
    RoomAccess access,
    RoomSendLimiter limiter,
    SqliteWriteGate gate,
    AuditLog audit,
    TimeProvider clock,
    PersonalDataProtector protector,
    IRoomBroadcaster broadcaster
)
{
    public const int DefaultPage = 50;
    public const int MaxPage = 200;

    public sealed record Sent(RoomMessageResponse Message, bool Created);

    /// <summary>Sends a validated request as <paramref name="user"/> from <paramref name="address"/>.</summary>
    public async Task<(Sent? Sent, Refusal? Refusal, Dictionary<string, string[]>? Errors)> SendAsync(
        Guid roomId,
        ClaimsPrincipal user,
        string? address,
        SendMessageRequest request,
        CancellationToken ct
    )
    {
        var (member, refusal) = await access.CheckAsync(roomId, user, ct);
        if (member is null)
            return (null, refusal, null);
        return await SendAsync(member, address, request, ct);
    }

    private async Task<(Sent? Sent, Refusal? Refusal, Dictionary<string, string[]>? Errors)> SendAsync(
        Participant p,
        string? address,
        SendMessageRequest request,
        CancellationToken ct
    )
    {
        var clientId = request.ClientMessageId!;
        if (await StoredAsync(p, clientId, ct) is { } again)
            return (new Sent(again, false), null, null);
        if (!p.RoomOpen)
            return (null, Refusal.Closed(p.CaseStatus), null);
        if (await MutedAsync(p, ct))
            return (null, Refusal.Muted, null);
        if (limiter.TryAcquire(p, address) is { } tooMany)
            return (null, tooMany, null);

        var message = new RoomMessage
        {
            RoomId = p.Room.Id,
            DisputeId = p.Room.DisputeId,
            SenderUserId = p.UserId,
            SenderRole = p.Role,
            SenderName = p.Name,
            SenderPartyId = p.PartyId,
            ClientMessageId = clientId,
            SentAt = clock.GetUtcNow().UtcDateTime,
        };
        RoomMessage? countered = null;
        if (request.Offer is { } offer)
        {
            if (p.IsMediator || p.Room.Kind != RoomKind.Joint)
                return (null, null, Field("offer", "方案只能由当事人在共同调解室中提出"));
            if (request.CounterOfferId is { } counterId)
            {
                countered = await db.RoomMessages.FirstOrDefaultAsync(
                    m => m.Id == counterId && m.RoomId == p.Room.Id && m.Kind == RoomMessageKind.Offer,
                    ct
                );
                if (countered is null)
                    return (null, null, Field("counterOfferId", "未找到要还价的方案"));
                if (await SameSideAsync(countered, p, ct) || countered.OfferStatus != OfferStatus.Open)
                    return (
                        null,
                        new Refusal(409, "不能还价", "只能对另一方尚未答复的方案还价。", RoomRules.OfferNotOpenCode),
                        null
                    );
                countered.OfferStatus = OfferStatus.Countered;
                countered.Version++;
                message.ReplyToId = countered.Id;
                audit.Record("RoomOfferCountered", "RoomMessage", countered.Id, new { counterId = message.Id });
            }
            message.Kind = RoomMessageKind.Offer;
            (message.OfferAmountFen, message.OfferTerms, message.OfferDueDate, message.OfferStatus) = (
                offer.AmountFen,
                offer.Terms!.Trim(),
                offer.DueDate,
                OfferStatus.Open
            );
        }
        else if (request.EvidenceId is { } evidenceId)
        {
            // A party may point at what they uploaded themselves; the mediator at any of the case's evidence.
            var usable = await db.EvidenceItems.AnyAsync(
                e =>
                    e.Id == evidenceId
                    && e.DisputeId == p.Room.DisputeId
                    && e.WithdrawnAt == null
                    && (p.IsMediator || e.UploadedByUserId == p.UserId),
                ct
            );
            if (!usable)
                return (null, null, Field("evidenceId", "未找到本案中您可以引用的证据"));
            (message.Kind, message.EvidenceId) = (RoomMessageKind.Evidence, evidenceId);
        }
        else if (request.AttachmentId is { } attachmentId)
        {
            // An image or voice clip uploaded to this room (POST …/attachments): a caucus room's file stays with its
            // side, so it is sent only where it was uploaded for.
            var file = await db
                .EvidenceItems.AsNoTracking()
                .Where(e =>
                    e.Id == attachmentId
                    && e.DisputeId == p.Room.DisputeId
                    && e.WithdrawnAt == null
                    && e.UploadedByUserId == p.UserId
                    && e.CaucusSide == p.Room.Side
                )
                .Select(e => new { e.Kind })
                .FirstOrDefaultAsync(ct);
            if (file is null || RoomAttachments.KindOf(file.Kind) is not { } kind)
                return (null, null, Field("attachmentId", "未找到您上传到本调解室的图片或语音"));
            (message.Kind, message.EvidenceId) = (kind, attachmentId);
        }
        else
        {
            var text = request.Text!.Trim();
            var masked = TextMasking.Mask(text);
            (message.Kind, message.Text) = (RoomMessageKind.Text, masked);
            if (masked != text)
                message.TextCipher = protector.Protect(text);
        }

        var stored = await StoreAsync(p, message, ct);
        if (stored is null)
            return (new Sent((await StoredAsync(p, clientId, ct))!, false), null, null);
        return (new Sent(await BroadcastAsync(message, ct), true), null, null);
    }

    /// <summary>The other side accepts or rejects an open offer: the offer's status changes and a reply message is
    /// posted, both in one save.</summary>
    public async Task<(RoomMessageResponse? Reply, Refusal? Refusal)> AnswerOfferAsync(
        Guid roomId,
        ClaimsPrincipal user,
        string? address,
        Guid offerId,
        bool accept,
        CancellationToken ct
    )
    {
        var (p, refusal) = await access.CheckAsync(roomId, user, ct);
        if (p is null)
            return (null, refusal);
        var offer = await db.RoomMessages.FirstOrDefaultAsync(
            m => m.Id == offerId && m.RoomId == p.Room.Id && m.Kind == RoomMessageKind.Offer,
            ct
        );
        if (offer is null)
            return (null, Refusal.NotFound);
        if (!p.RoomOpen)
            return (null, Refusal.Closed(p.CaseStatus));
        if (p.IsMediator || await SameSideAsync(offer, p, ct))
            return (null, new Refusal(403, "无权答复", "方案只能由另一方当事人接受或拒绝。"));
        if (await MutedAsync(p, ct))
            return (null, Refusal.Muted);
        if (offer.OfferStatus != OfferStatus.Open)
            return (
                null,
                new Refusal(409, "方案已答复", "该方案已被接受、拒绝或还价，不能再答复。", RoomRules.OfferNotOpenCode)
            );
        if (limiter.TryAcquire(p, address) is { } tooMany)
            return (null, tooMany);
        offer.OfferStatus = accept ? OfferStatus.Accepted : OfferStatus.Rejected;
        offer.Version++;
        var reply = new RoomMessage
        {
            RoomId = p.Room.Id,
            DisputeId = p.Room.DisputeId,
            Kind = accept ? RoomMessageKind.OfferAccepted : RoomMessageKind.OfferRejected,
            SenderUserId = p.UserId,
            SenderRole = p.Role,
            SenderName = p.Name,
            SenderPartyId = p.PartyId,
            ClientMessageId = $"{(accept ? "accept" : "reject")}:{offer.Id:N}",
            ReplyToId = offer.Id,
            SentAt = clock.GetUtcNow().UtcDateTime,
        };
        audit.Record(accept ? "RoomOfferAccepted" : "RoomOfferRejected", "RoomMessage", offer.Id);
        if (await StoreAsync(p, reply, ct) is null)
            return (
                null,
                new Refusal(409, "方案已答复", "该方案已被接受、拒绝或还价，不能再答复。", RoomRules.OfferNotOpenCode)
            );
        return (await BroadcastAsync(reply, ct), null);
    }

    public async Task<List<RoomMessageResponse>> PageAsync(
        Participant p,
        long afterSeq,
        int limit,
        CancellationToken ct
    )
    {
        var rows = await db
            .RoomMessages.AsNoTracking()
            .Where(m => m.RoomId == p.Room.Id && m.Seq > afterSeq)
            .OrderBy(m => m.Seq)
            .Take(limit)
            .ToListAsync(ct);
        return await ResponsesAsync(rows, p.UserId, ct);
    }

    public Task<long?> SeqOfAsync(Guid roomId, Guid messageId, CancellationToken ct) =>
        db
            .RoomMessages.Where(m => m.RoomId == roomId && m.Id == messageId)
            .Select(m => (long?)m.Seq)
            .FirstOrDefaultAsync(ct);

    /// <summary>Numbers and saves the message in one transaction holding the room's row; null when this sender's
    /// client id was stored meanwhile (a retry that raced the first try).</summary>
    private async Task<RoomMessage?> StoreAsync(Participant p, RoomMessage message, CancellationToken ct)
    {
        using var writing = await gate.EnterAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db
            .MediationRooms.Where(r => r.Id == p.Room.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.LastSeq, r => r.LastSeq + 1), ct);
        message.Seq = await db.MediationRooms.Where(r => r.Id == p.Room.Id).Select(r => r.LastSeq).SingleAsync(ct);
        db.RoomMessages.Add(message);
        audit.Record(
            "RoomMessageSent",
            "RoomMessage",
            message.Id,
            new
            {
                roomId = p.Room.Id,
                message.Kind,
                message.Seq,
            }
        );
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return message;
        }
        catch (DbUpdateException)
        {
            await tx.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            var raced = await db.RoomMessages.AnyAsync(
                m =>
                    m.RoomId == p.Room.Id && m.SenderUserId == p.UserId && m.ClientMessageId == message.ClientMessageId,
                CancellationToken.None
            );
            if (!raced)
                throw;
            return null;
        }
    }

    private async Task<RoomMessageResponse> BroadcastAsync(RoomMessage message, CancellationToken ct)
    {
        // Everyone else reads the masked text; the sender's own response carries what they wrote.
        var shared = (await ResponsesAsync([message], Guid.Empty, ct))[0];
        await broadcaster.MessageAsync(shared, ct);
        return (await ResponsesAsync([message], message.SenderUserId, ct))[0];
    }

    private async Task<RoomMessageResponse?> StoredAsync(Participant p, string clientId, CancellationToken ct)
    {
        var stored = await db
            .RoomMessages.AsNoTracking()
            .FirstOrDefaultAsync(
                m => m.RoomId == p.Room.Id && m.SenderUserId == p.UserId && m.ClientMessageId == clientId,
                ct
            );
        return stored is null ? null : (await ResponsesAsync([stored], p.UserId, ct))[0];
    }

    private async Task<bool> SameSideAsync(RoomMessage offer, Participant p, CancellationToken ct)
    {
        var side = await db
            .DisputeParties.Where(x => x.Id == offer.SenderPartyId)
            .Select(x => (Disputes.PartyRole?)x.Role)
            .FirstOrDefaultAsync(ct);
        return side == p.Side;
    }

    private Task<bool> MutedAsync(Participant p, CancellationToken ct) =>
        db.RoomMutes.AnyAsync(m => m.RoomId == p.Room.Id && m.UserId == p.UserId && m.UnmutedAt == null, ct);

    /// <summary>The messages as <paramref name="viewer"/> reads them: a removed message keeps its place with a
    /// placeholder and no content; an image or voice clip names its file.</summary>
    public async Task<List<RoomMessageResponse>> ResponsesAsync(
        IReadOnlyList<RoomMessage> rows,
        Guid viewer,
        CancellationToken ct
    )
    {
        var fileIds = rows.Where(m => m.Kind is RoomMessageKind.Image or RoomMessageKind.Voice && m.EvidenceId != null)
            .Select(m => m.EvidenceId!.Value)
            .ToList();
        var files =
            fileIds.Count == 0
                ? []
                : await db
                    .EvidenceItems.AsNoTracking()
                    .Where(e => fileIds.Contains(e.Id))
                    .ToDictionaryAsync(e => e.Id, e => (e.ContentType, e.SizeBytes), ct);
        return rows.Select(m =>
                m.RemovedAt is not null
                    ? new RoomMessageResponse(
                        m.Id,
                        m.RoomId,
                        m.Seq,
                        m.Kind,
                        m.SenderRole,
                        m.SenderName,
                        m.ClientMessageId,
                        RoomRecordText.RemovedPlaceholder,
                        null,
                        null,
                        m.ReplyToId,
                        m.SentAt,
                        true
                    )
                    : new RoomMessageResponse(
                        m.Id,
                        m.RoomId,
                        m.Seq,
                        m.Kind,
                        m.SenderRole,
                        m.SenderName,
                        m.ClientMessageId,
                        m.SenderUserId == viewer && m.TextCipher is not null
                            ? protector.Unprotect(m.TextCipher)
                            : m.Text,
                        m.Kind == RoomMessageKind.Evidence ? m.EvidenceId : null,
                        m.Kind == RoomMessageKind.Offer
                            ? new OfferResponse(
                                m.OfferAmountFen!.Value,
                                m.OfferTerms!,
                                m.OfferDueDate,
                                m.OfferStatus!.Value
                            )
                            : null,
                        m.ReplyToId,
                        m.SentAt,
                        false,
                        m.EvidenceId is { } f && files.TryGetValue(f, out var file)
                            ? new AttachmentResponse(f, m.Kind, file.ContentType, file.SizeBytes)
                            : null
                    )
            )
            .ToList();
    }

    private static Dictionary<string, string[]> Field(string field, string message) => new() { [field] = [message] };
}
