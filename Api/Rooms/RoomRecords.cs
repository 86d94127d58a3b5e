using Mediation.Api.Agreements;
using Mediation.Api.Auth;
using Mediation.Api.Disputes;
using Mediation.Api.Evidence;
using Mediation.Api.Sessions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Mediation.Api.Rooms;

/// <summary>
/// The record of a sitting (调解记录, 人民调解法 art. 27): the mediator ends a sitting in the joint room, the service
/// renders its first draft (<see cref="RoomRecordText"/>), the mediator edits it and writes a summary of each caucus
/// room, publishes it, and every party confirms the exact text by its SHA-256 as they confirm the agreement (the same
/// <see cref="SignRequest"/>, the same paper rule), or the mediator records a paper confirmation. Parties read the
/// record's text only, never a caucus summary (docs/rooms.md).
/// </summary>
public static class RoomRecords
{
    public const int MaxText = 20000;
    public const int MaxSummary = 5000;

    public static IEndpointRouteBuilder MapRoomRecords(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/rooms/{roomId:guid}/sittings/end", EndSitting)
            .WithTags("Rooms")
            .RequireAuthorization(Policies.Staff)
            .Named(nameof(EndSitting), "结束本次在线调解并生成调解记录草稿（调解员）");
        app.MapGet("/api/disputes/{id:guid}/room-records", ListRecords)
            .WithTags("Rooms")
            .RequireAuthorization()
            .Named(nameof(ListRecords), "本案在线调解的调解记录（按次序）");
        var records = app.MapGroup("/api/room-records/{recordId:guid}")
            .WithTags("Rooms")
            .RequireAuthorization()
            .WithValidation();
        records.MapGet("/", GetRecord).Named(nameof(GetRecord), "一次在线调解的调解记录");
        records
            .MapPut("/", EditRecord)
            .RequireAuthorization(Policies.Staff)
            .Named(nameof(EditRecord), "修改调解记录及背靠背情况摘要（调解员）");
        records
            .MapPost("/publish", PublishRecord)
            .RequireAuthorization(Policies.Staff)
            .Named(nameof(PublishRecord), "发布调解记录，请当事人确认（调解员）");
        records
            .MapPost("/confirm", ConfirmRecord)
            .Named(nameof(ConfirmRecord), "确认调解记录（当事人在小程序中，或调解员记录书面确认）");
        return app;
    }

    public static async Task<Results<Created<RoomRecordResponse>, ValidationProblem, ProblemHttpResult>> EndSitting(
        Guid roomId,
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] EndSittingRequest? request,
        ClaimsPrincipal user,
        RoomAccess access,
        AgreementServices s,
        CancellationToken ct
    )
    {
        var (member, refusal) = await access.CheckAsync(roomId, user, ct);
        if (member is null)
            return refusal!.ToResult();
        if (!member.IsMediator)
            return Problems.Forbidden("无权进行此操作", "只有本案的调解员可以结束在线调解。");
        var room = member.Room;
        if (room.Kind != RoomKind.Joint)
            return Problems.Invalid("roomId", "在线调解在共同调解室中结束；背靠背情况由调解员在记录中摘要");
        var db = s.Db;
        var last = await db
            .RoomRecords.AsNoTracking()
            .Where(r => r.DisputeId == room.DisputeId)
            .OrderByDescending(r => r.Number)
            .Select(r => new { r.Number, r.ToSeq })
            .FirstOrDefaultAsync(ct);
        var fromSeq = (last?.ToSeq ?? 0) + 1;
        var messages = await db
            .RoomMessages.AsNoTracking()
            .Where(m => m.RoomId == room.Id && m.Seq >= fromSeq && m.Seq <= room.LastSeq)
            .OrderBy(m => m.Seq)
            .ToListAsync(ct);
        if (messages.Count == 0)
            return Problems.WrongState("本次调解尚无发言", "上一次在线调解结束后，共同调解室中还没有人发言。");
        DateTime? appointed = null;
        if (request?.SessionId is { } sessionId)
        {
            appointed = await db
                .MediationSessions.Where(x =>
                    x.Id == sessionId && x.DisputeId == room.DisputeId && x.Mode == MediationMode.Online
                )
                .Select(x => (DateTime?)x.StartsAt)
                .FirstOrDefaultAsync(ct);
            if (appointed is null)
                return Problems.Invalid("sessionId", "应为本案的在线调解安排");
        }
        var dispute = (await s.VisibleCaseAsync(room.DisputeId, user, ct))!;
        var evidenceIds = messages.Where(m => m.EvidenceId is not null).Select(m => m.EvidenceId!.Value).ToList();
        var evidence = await db
            .EvidenceItems.AsNoTracking()
            .Where(e => evidenceIds.Contains(e.Id) && e.WithdrawnAt == null)
            .Select(e => new
            {
                e.Id,
                e.Description,
                e.FileName,
            })
            .ToListAsync(ct);
        var record = new RoomRecord
        {
            DisputeId = room.DisputeId,
            RoomId = room.Id,
            Number = (last?.Number ?? 0) + 1,
            FromSeq = fromSeq,
            ToSeq = messages[^1].Seq,
            StartedAt = messages[0].SentAt,
            EndedAt = s.Now,
            SessionId = request?.SessionId,
            Status = RoomRecordStatus.Draft,
            EndedById = user.GetUserId(),
            UpdatedById = user.GetUserId(),
            UpdatedAt = s.Now,
            Text = "",
        };
        record.Text = RoomRecordText.Render(
            new SittingFacts(
                member.CaseNumber,
                (await s.ContextAsync(dispute, ct)).BodyName,
                record.Number,
                record.StartedAt,
                record.EndedAt,
                appointed,
                await MediatorNamesAsync(db, dispute, ct),
                dispute.Parties.ToList(),
                messages,
                evidence.ToDictionary(e => e.Id, e => e.Description ?? e.FileName)
            )
        );
        db.RoomRecords.Add(record);
        s.Audit.Record(
            "RoomSittingEnded",
            "RoomRecord",
            record.Id,
            new
            {
                record.DisputeId,
                record.Number,
                record.FromSeq,
                record.ToSeq,
                record.SessionId,
            }
        );
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another end of the same sitting committed first (the number is unique per case).
            return Problems.ConcurrentChange("本次在线调解刚刚已被结束，请刷新后查看调解记录。");
        }
        return TypedResults.Created($"/api/room-records/{record.Id}", await ResponseAsync(record, user, db, ct));
    }

    public static async Task<Results<Ok<List<RoomRecordResponse>>, NotFound>> ListRecords(
        Guid id,
        ClaimsPrincipal user,
        AgreementServices s,
        CancellationToken ct
    )
    {
        if (await s.VisibleCaseAsync(id, user, ct) is null)
            return TypedResults.NotFound();
        var party = user.GetKind() == Claims.CitizenKind;
        var records = await Records(s.Db)
            .Where(r => r.DisputeId == id && (!party || r.Status != RoomRecordStatus.Draft))
            .OrderBy(r => r.Number)
            .ToListAsync(ct);
        var list = new List<RoomRecordResponse>();
        foreach (var r in records)
            list.Add(await ResponseAsync(r, user, s.Db, ct));
        return TypedResults.Ok(list);
    }

    public static async Task<Results<Ok<RoomRecordResponse>, NotFound>> GetRecord(
        Guid recordId,
        ClaimsPrincipal user,
        AgreementServices s,
        CancellationToken ct
    )
    {
        var (record, _) = await ReadableAsync(recordId, user, s, ct);
        return record is null ? TypedResults.NotFound() : TypedResults.Ok(await ResponseAsync(record, user, s.Db, ct));
    }

    /// <summary>
    /// A new revision of the text and the caucus summaries. A published record goes back to Draft: the parties must read
    /// and confirm the new text, and confirmations of the earlier revision no longer count (a mediator correcting a
    /// mistake a party pointed out expects exactly that). A confirmed record is in the case file and stays as
    /// confirmed.
    /// </summary>
    public static async Task<
        Results<Ok<RoomRecordResponse>, ValidationProblem, NotFound, ProblemHttpResult>
    > EditRecord(
        Guid recordId,
        EditRoomRecordRequest request,
        ClaimsPrincipal user,
        RoomAccess access,
        AgreementServices s,
        CancellationToken ct
    )
    {
        var (record, refused) = await MediatorsRecordAsync(recordId, user, access, s, ct);
        if (refused is not null)
            return refused;
        if (record is null)
            return TypedResults.NotFound();
        if (record.Status == RoomRecordStatus.Confirmed)
            return Problems.WrongState("调解记录已经各方确认", "已确认的调解记录已归入卷宗，不能再修改。");
        if (request.Version != record.Version)
            return Problems.ConcurrentChange();
        var caucus = await s
            .Db.MediationRooms.AsNoTracking()
            .Where(r => r.DisputeId == record.DisputeId && r.Kind == RoomKind.Caucus)
            .ToDictionaryAsync(r => r.Id, ct);
        var summaries = request.CaucusSummaries ?? [];
        for (var i = 0; i < summaries.Count; i++)
        {
            if (!caucus.ContainsKey(summaries[i].RoomId!.Value))
                return Problems.Invalid($"caucusSummaries[{i}].roomId", "应为本案的背靠背调解室");
            if (summaries.Take(i).Any(x => x.RoomId == summaries[i].RoomId))
                return Problems.Invalid($"caucusSummaries[{i}].roomId", "每个背靠背调解室只写一份摘要");
        }
        var wasPublished = record.Status == RoomRecordStatus.Published;
        s.Db.RoomRecordSummaries.RemoveRange(record.Summaries);
        record.Summaries.Clear();
        foreach (var x in summaries.Where(x => !string.IsNullOrWhiteSpace(x.Summary)))
            record.Summaries.Add(
                new RoomRecordSummary
                {
                    RecordId = record.Id,
                    RoomId = x.RoomId!.Value,
                    Side = caucus[x.RoomId!.Value].Side!.Value,
                    Summary = x.Summary!.Trim(),
                }
            );
        (record.Text, record.Status, record.TextSha256, record.PublishedAt) = (
            request.Text!,
            RoomRecordStatus.Draft,
            null,
            null
        );
        record.Revision++;
        (record.UpdatedById, record.UpdatedAt) = (user.GetUserId(), s.Now);
        record.Version++;
        s.Audit.Record(
            "RoomRecordEdited",
            "RoomRecord",
            record.Id,
            new
            {
                record.Revision,
                sha256 = AgreementText.Sha256(record.Text),
                summaries = record.Summaries.Count,
                wasPublished,
            }
        );
        if (await SaveAsync(s, ct) is { } conflict)
            return conflict;
        return TypedResults.Ok(await ResponseAsync(record, user, s.Db, ct));
    }

    public static async Task<Results<Ok<RoomRecordResponse>, NotFound, ProblemHttpResult>> PublishRecord(
        Guid recordId,
        ClaimsPrincipal user,
        RoomAccess access,
        AgreementServices s,
        CancellationToken ct
    )
    {
        var (record, refused) = await MediatorsRecordAsync(recordId, user, access, s, ct);
        if (refused is not null)
            return refused;
        if (record is null)
            return TypedResults.NotFound();
        if (record.Status != RoomRecordStatus.Draft)
            return Problems.WrongState(
                "调解记录已发布",
                record.Status == RoomRecordStatus.Confirmed ? "调解记录已经各方确认。" : "无需重复发布。"
            );
        (record.Status, record.TextSha256, record.PublishedAt) = (
            RoomRecordStatus.Published,
            AgreementText.Sha256(record.Text),
            s.Now
        );
        record.Version++;
        s.Audit.Record(
            "RoomRecordPublished",
            "RoomRecord",
            record.Id,
            new { record.Revision, sha256 = record.TextSha256 }
        );
        var dispute = (await s.VisibleCaseAsync(record.DisputeId, user, ct))!;
        await s.NotifyPartiesAsync(
            dispute,
            AgreementServices.CaseNotice(
                "RoomRecordPublished",
                "调解记录待确认",
                $"案件{dispute.Reference}第{record.Number}次在线调解的调解记录已发布，请阅读后确认。",
                dispute
            ),
            $"room-record:{record.Id:N}:{record.Revision}",
            ct
        );
        if (await SaveAsync(s, ct) is { } conflict)
            return conflict;
        return TypedResults.Ok(await ResponseAsync(record, user, s.Db, ct));
    }

    /// <summary>The agreement's confirmation, applied to the record: a party confirms the published text by its hash
    /// (for every party of the case they hold); the mediator records a paper confirmation for one party, with the
    /// scanned signed page when that party has an account (or one person could confirm for a party who never
    /// did).</summary>
    public static async Task<
        Results<Ok<RoomRecordResponse>, ValidationProblem, NotFound, ProblemHttpResult>
    > ConfirmRecord(
        Guid recordId,
        SignRequest request,
        ClaimsPrincipal user,
        HttpContext http,
        AgreementServices s,
        CancellationToken ct
    )
    {
        var (record, dispute) = await ReadableAsync(recordId, user, s, ct);
        if (record is null || dispute is null)
            return TypedResults.NotFound();
        if (record.Status != RoomRecordStatus.Published)
            return Problems.WrongState(
                record.Status == RoomRecordStatus.Confirmed ? "调解记录已经各方确认" : "调解记录尚未发布",
                record.Status == RoomRecordStatus.Confirmed ? "无需重复确认。" : "调解员发布后才能确认。"
            );
        if (!string.Equals(request.Sha256, record.TextSha256, StringComparison.OrdinalIgnoreCase))
            return Problems.Conflict(
                "调解记录已变更",
                "您确认的文本与当前调解记录不一致，请重新阅读记录全文后再确认。"
            );
        var confirmed = record
            .Confirmations.Where(c => c.Revision == record.Revision)
            .Select(c => c.PartyId)
            .ToHashSet();
        var me = user.GetUserId();
        var address = http.Connection.RemoteIpAddress?.ToString();
        RoomRecordConfirmation Add(Guid partyId, bool onPaper, Guid? evidenceId)
        {
            var c = new RoomRecordConfirmation
            {
                RecordId = record.Id,
                Revision = record.Revision,
                PartyId = partyId,
                UserId = me,
                Sha256 = record.TextSha256!,
                OnPaper = onPaper,
                EvidenceId = evidenceId,
                ConfirmedAt = s.Now,
                ClientAddress = address,
            };
            record.Confirmations.Add(c);
            s.Db.RoomRecordConfirmations.Add(c);
            return c;
        }

        if (user.GetKind() == Claims.CitizenKind)
        {
            var mine = dispute.Parties.Where(p => p.UserId == me && !confirmed.Contains(p.Id)).ToList();
            if (mine.Count == 0)
                return Problems.Conflict("您已确认过本记录", "无需重复确认。");
            foreach (var p in mine)
                Add(p.Id, false, null);
            s.Audit.Record(
                "RoomRecordConfirmed",
                "RoomRecord",
                record.Id,
                new
                {
                    record.Revision,
                    parties = mine.Select(p => p.Id),
                    request.Sha256,
                }
            );
        }
        else
        {
            if (!AgreementServices.IsAssignedMediator(dispute, user))
                return Problems.Forbidden("无权进行此操作", "只有本案的调解员可以记录当事人的书面确认。");
            if (request.PartyId is not { } partyId)
                return Problems.Invalid("partyId", "请指明在书面记录上签字的当事人");
            var party = dispute.Parties.FirstOrDefault(p => p.Id == partyId);
            if (party is null)
                return Problems.Invalid("partyId", "应为本案当事人");
            if (confirmed.Contains(partyId))
                return Problems.Conflict("该当事人已确认", "无需重复记录。");
            if (request.EvidenceId is { } evidenceId)
            {
                if (
                    !await s.Db.EvidenceItems.AnyAsync(
                        e => e.Id == evidenceId && e.DisputeId == dispute.Id && e.WithdrawnAt == null,
                        ct
                    )
                )
                    return Problems.Invalid("evidenceId", "签字页扫描件应为本案已上传的证据材料");
            }
            else if (party.UserId is not null)
                return Problems.Invalid(
                    "evidenceId",
                    "该当事人已有小程序账号，应由本人在小程序中确认；如已在书面记录上签字，请附上签字页扫描件（本案证据材料）"
                );
            Add(partyId, true, request.EvidenceId);
            s.Audit.Record(
                "RoomRecordConfirmedOnPaper",
                "RoomRecord",
                record.Id,
                new
                {
                    record.Revision,
                    partyId,
                    request.Sha256,
                    request.EvidenceId,
                }
            );
        }
        record.Version++;
        var all = record.Confirmations.Where(c => c.Revision == record.Revision).Select(c => c.PartyId).ToHashSet();
        if (dispute.Parties.All(p => all.Contains(p.Id)))
        {
            (record.Status, record.ConfirmedAt) = (RoomRecordStatus.Confirmed, s.Now);
            s.Audit.Record("RoomRecordCompleted", "RoomRecord", record.Id, new { record.Revision, record.TextSha256 });
        }
        if (await SaveAsync(s, ct) is { } conflict)
            return conflict;
        return TypedResults.Ok(await ResponseAsync(record, user, s.Db, ct));
    }

    private static IQueryable<RoomRecord> Records(AppDbContext db) =>
        db.RoomRecords.Include(r => r.Summaries).Include(r => r.Confirmations).AsSplitQuery();

    /// <summary>The record and its case, when the caller may see the case; a party never sees a draft.</summary>
    private static async Task<(RoomRecord?, Dispute?)> ReadableAsync(
        Guid recordId,
        ClaimsPrincipal user,
        AgreementServices s,
        CancellationToken ct
    )
    {
        var record = await Records(s.Db).FirstOrDefaultAsync(r => r.Id == recordId, ct);
        if (record is null)
            return (null, null);
        var dispute = await s.VisibleCaseAsync(record.DisputeId, user, ct);
        if (dispute is null || (user.GetKind() == Claims.CitizenKind && record.Status == RoomRecordStatus.Draft))
            return (null, null);
        return (record, dispute);
    }

    /// <summary>The record, when the caller is a mediator currently assigned to its case (the rooms' own rule: 404 to
    /// strangers, 403 to a mediator who was removed).</summary>
    private static async Task<(RoomRecord?, ProblemHttpResult?)> MediatorsRecordAsync(
        Guid recordId,
        ClaimsPrincipal user,
        RoomAccess access,
        AgreementServices s,
        CancellationToken ct
    )
    {
        var record = await Records(s.Db).FirstOrDefaultAsync(r => r.Id == recordId, ct);
        if (record is null)
            return (null, null);
        var (member, refusal) = await access.CheckAsync(record.RoomId, user, ct);
        if (member is null)
            return (null, refusal!.Status == 404 ? null : refusal.ToResult());
        if (!member.IsMediator)
            return (null, Problems.Forbidden("无权进行此操作", "只有本案的调解员可以修改和发布调解记录。"));
        return (record, null);
    }

    private static async Task<ProblemHttpResult?> SaveAsync(AgreementServices s, CancellationToken ct)
    {
        try
        {
            await s.Db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.ConcurrentChange();
        }
        catch (DbUpdateException)
        {
            // Two confirmations of the same party racing: the unique index keeps one.
            return Problems.Conflict("该当事人已确认", "无需重复确认。");
        }
    }

    public static async Task<List<string>> MediatorNamesAsync(AppDbContext db, Dispute dispute, CancellationToken ct)
    {
        var ids = dispute.Mediators.Where(m => m.RemovedAt == null).Select(m => m.StaffUserId).ToList();
        return await db
            .StaffUsers.AsNoTracking()
            .Where(u => ids.Contains(u.Id))
            .Select(u => u.DisplayName)
            .ToListAsync(ct);
    }

    public static async Task<RoomRecordResponse> ResponseAsync(
        RoomRecord r,
        ClaimsPrincipal user,
        AppDbContext db,
        CancellationToken ct
    )
    {
        var parties = await db
            .DisputeParties.AsNoTracking()
            .Where(p => p.DisputeId == r.DisputeId)
            .OrderBy(p => p.Role)
            .ThenBy(p => p.Position)
            .Select(p => new { p.Id, p.Name })
            .ToListAsync(ct);
        var current = r.Confirmations.Where(c => c.Revision == r.Revision).OrderBy(c => c.ConfirmedAt).ToList();
        List<CaucusSummaryResponse>? summaries = null;
        if (user.GetKind() == Claims.StaffKind)
        {
            var rooms = await db
                .MediationRooms.AsNoTracking()
                .Where(x => x.DisputeId == r.DisputeId && x.Kind == RoomKind.Caucus)
                .ToDictionaryAsync(x => x.Id, ct);
            summaries = r
                .Summaries.OrderBy(x => x.Side)
                .Select(x => new CaucusSummaryResponse(x.RoomId, RoomsApi.Name(rooms[x.RoomId]), x.Summary))
                .ToList();
        }
        return new RoomRecordResponse(
            r.Id,
            r.DisputeId,
            r.RoomId,
            r.Number,
            r.Status,
            r.Revision,
            r.Version,
            r.StartedAt,
            r.EndedAt,
            r.SessionId,
            r.Text,
            r.TextSha256,
            summaries,
            current
                .Select(c => new RoomRecordConfirmationResponse(
                    c.PartyId,
                    parties.FirstOrDefault(p => p.Id == c.PartyId)?.Name ?? "",
                    c.ConfirmedAt,
                    c.OnPaper
                ))
                .ToList(),
            parties.Where(p => current.All(c => c.PartyId != p.Id)).Select(p => p.Id).ToList()
        );
    }
}
