using Hangfire;
using Mediation.Api.Disputes;
using Mediation.Api.Infrastructure.Events;
using Mediation.Api.Infrastructure.PersonalData;
using Mediation.Api.Notifications;
using Mediation.Api.ReferenceData;

namespace Mediation.Api.Intake;

/// <summary>What a citizen does after filing in answer to intake: correct and resubmit, or object to a
/// mediator.</summary>
public static class CitizenCaseActions
{
    /// <summary>On the citizen's case routes (/api/disputes/{id}), beside Disputes' own.</summary>
    public static IEndpointRouteBuilder MapCitizenCaseActions(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/disputes")
            .WithTags("Disputes")
            .RequireAuthorization(Policies.Citizen)
            .WithValidation();
        group.MapPut("/{id:guid}", CorrectDispute).Named(nameof(CorrectDispute), "补正后重新提交申请");
        group
            .MapGet("/{id:guid}/correction", GetCorrection)
            .WithName(nameof(GetCorrection))
            .WithSummary("要求补正的事项和期限（申请人）");
        group
            .MapPost("/{id:guid}/mediator-objection", ObjectToMediator)
            .Named(nameof(ObjectToMediator), "申请调解员回避");
        return app;
    }

    public const string AnotherApplicantMessage = "补正不能更换申请人；其他人请另行申请";

    /// <summary>What the clerk asked the applicant to correct and by when; 404 unless a correction is open and the
    /// caller filed.</summary>
    public static async Task<Results<Ok<CorrectionView>, NotFound>> GetCorrection(
        Guid id,
        ClaimsPrincipal user,
        AppDbContext db,
        CancellationToken ct
    )
    {
        var me = user.GetUserId();
        var filed = await db
            .Disputes.AsNoTracking()
            .VisibleToCitizen(me)
            .AnyAsync(d => d.Id == id && d.FiledByUserId == me && d.Status == DisputeStatus.NeedsCorrection, ct);
        var open = filed
            ? await db
                .CorrectionRequests.AsNoTracking()
                .Where(c => c.DisputeId == id && c.ClosedAt == null)
                .OrderByDescending(c => c.RequestedAt)
                .FirstOrDefaultAsync(ct)
            : null;
        return open is null
            ? TypedResults.NotFound()
            : TypedResults.Ok(
                new CorrectionView(
                    open.Id,
                    open.Items,
                    open.Deadline,
                    Infrastructure.ChinaTime.Format(open.Deadline),
                    open.RequestedAt
                )
            );
    }

    public static async Task<
        Results<Ok<DisputeResponse>, NotFound, ValidationProblem, ProblemHttpResult>
    > CorrectDispute(
        Guid id,
        CorrectDisputeRequest request,
        ClaimsPrincipal user,
        AppDbContext db,
        PersonalDataProtector protector,
        LegalTextCatalog texts,
        HttpContext http,
        AuditLog audit,
        Notifier notifier,
        TimeProvider clock,
        IBackgroundJobClient jobs,
        DomainEvents events,
        CancellationToken ct
    )
    {
        var me = user.GetUserId();
        var dispute = await DisputeAccess.CitizenCaseAsync(db, id, me, ct);
        if (dispute is null)
            return TypedResults.NotFound();
        if (!DisputeAccess.IsApplicant(dispute, me))
            return Problems.Forbidden("只有申请人可以修改申请");
        var kept = KeepMaskedValues(request, dispute, protector);
        if (kept.Errors.Count > 0)
            return Problems.Invalid(kept.Errors);
        request = kept.Request;
        // The applicant signed the rights notice and the credit commitment; those stay with the case through a
        // correction. A correction may fix the spelling of his record, not put another person in his place (compared by
        // the keyed hash).
        if (
            dispute.Parties.Single(p => p.Role == PartyRole.Applicant).IdNumberHash is { } signedBy
            && protector.HashOrNull(ChineseIdentifiers.NormalizeIdNumber(request.Applicant!.IdNumber)) != signedBy
        )
            return Problems.Invalid("applicant.idNumber", AnotherApplicantMessage);
        var now = clock.GetUtcNow().UtcDateTime;
        var renewed = RenewedTexts(request, dispute, texts, out var textErrors);
        if (textErrors.Count > 0)
            return Problems.Invalid(textErrors);
        if (
            !DisputeStateMachine.TryMove(
                dispute,
                DisputeStatus.Submitted,
                Claims.CitizenKind,
                me,
                string.IsNullOrWhiteSpace(request.Note) ? "补正后重新提交" : $"补正后重新提交：{request.Note.Trim()}",
                now
            )
        )
            return Problems.WrongState(
                "当前状态不能修改申请",
                $"案件当前状态为「{DisputeStateMachine.DisplayName(dispute.Status)}」，只有被要求补正的申请才能修改后重新提交。"
            );

        (dispute.TypeCode, dispute.Facts, dispute.Claims, dispute.AmountFen) = (
            request.TypeCode!,
            request.Facts!.Trim(),
            request.Claims!.Trim(),
            request.AmountFen
        );
        (dispute.Place, dispute.PreferredMode, dispute.PreferredMediatorId) = (
            request.Place?.Trim(),
            request.PreferredMode!.Value,
            request.PreferredMediatorId
        );
        dispute.QueuedAt = now;
        var applicantId = dispute.Parties.Single(p => p.Role == PartyRole.Applicant).Id;
        foreach (var text in renewed)
            dispute.Acceptances.Add(
                new LegalTextAcceptance
                {
                    DisputeId = id,
                    PartyId = applicantId,
                    SignerUserId = me,
                    Kind = text.Kind,
                    TextVersion = text.Version,
                    TextSha256 = text.Sha256,
                    AcceptedAt = now,
                    ClientAddress = http.Connection.RemoteIpAddress?.ToString(),
                }
            );
        ReplaceParties(db, dispute, PartyRole.Applicant, [request.Applicant!], protector);
        ReplaceParties(db, dispute, PartyRole.Respondent, request.Respondents!, protector);
        ReplaceParties(db, dispute, PartyRole.ThirdParty, request.ThirdParties ?? [], protector);
        await NewDispute.LinkKnownRespondentsAsync(db, dispute, ct);

        var correction = await db
            .CorrectionRequests.Where(c => c.DisputeId == id && c.ClosedAt == null)
            .OrderByDescending(c => c.RequestedAt)
            .FirstOrDefaultAsync(ct);
        if (correction is not null)
        {
            (correction.ClosedAt, correction.Outcome) = (now, "Resubmitted");
            await notifier.StageAsync(
                Recipient.Staff(correction.RequestedById),
                IntakeDecisions.CaseNotice(
                    dispute,
                    "CorrectionSubmitted",
                    "申请人已补正",
                    $"案件 {dispute.Reference} 的申请人已按要求补正并重新提交，请审查。",
                    now
                ),
                $"correction-submitted:{correction.Id:N}",
                now,
                ct
            );
        }
        await events.RaiseAsync(
            new CaseTextAdded(id, "Correction", $"{dispute.Facts}\n{dispute.Claims}\n{request.Note}"),
            ct
        );
        audit.Record(
            "DisputeCorrected",
            "Dispute",
            id,
            new { note = request.Note, renewedTexts = renewed.Select(t => new { t.Kind, t.Version }) }
        );
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.ConcurrentChange("该申请刚刚发生变化（可能已逾期失效），请刷新后查看。");
        }
        if (correction?.JobId is { } jobId)
            jobs.Delete(jobId); // the job would find nothing to do; this only tidies the schedule

        var (bodyName, typeName) = (
            await db.Bodies.Where(b => b.Id == dispute.BodyId).Select(b => b.Name).SingleAsync(ct),
            await db.DisputeTypes.Where(t => t.Code == dispute.TypeCode).Select(t => t.Name).SingleAsync(ct)
        );
        return TypedResults.Ok(dispute.ToResponse(bodyName, typeName, me, protector));
    }

    /// <summary>A party asks for a mediator to be replaced (人民调解法 art. 23). The case goes back to the queue as
    /// Accepted.</summary>
    public static async Task<Results<NoContent, NotFound, ProblemHttpResult>> ObjectToMediator(
        Guid id,
        MediatorObjectionRequest request,
        ClaimsPrincipal user,
        AppDbContext db,
        AuditLog audit,
        Notifier notifier,
        TimeProvider clock,
        CancellationToken ct
    )
    {
        var me = user.GetUserId();
        var dispute = await db
            .Disputes.VisibleToCitizen(me)
            .Include(d => d.Mediators)
            .FirstOrDefaultAsync(d => d.Id == id, ct);
        if (dispute is null)
            return TypedResults.NotFound();
        var current = dispute
            .Mediators.Where(m =>
                m.RemovedAt == null && (request.MediatorId is null || m.StaffUserId == request.MediatorId)
            )
            .ToList();
        if (current.Count == 0)
            return Problems.Conflict("没有可申请回避的调解员", "本案目前没有指派该调解员。");
        var now = clock.GetUtcNow().UtcDateTime;
        var reason = request.Reason!.Trim();
        if (
            !DisputeStateMachine.TryMove(
                dispute,
                DisputeStatus.Accepted,
                Claims.CitizenKind,
                me,
                $"当事人申请调解员回避：{reason}",
                now
            )
        )
            return Problems.WrongState(
                "当前状态不能申请回避",
                $"案件当前状态为「{DisputeStateMachine.DisplayName(dispute.Status)}」，只能在调解结束前申请调解员回避。"
            );

        // Objecting to one of several mediators still sends the case back: the committee decides the new composition.
        var notice = IntakeDecisions.CaseNotice(
            dispute,
            "MediatorObjection",
            "当事人申请回避",
            $"案件 {dispute.Reference} 的当事人申请调解员回避，案件已退回受理队列重新指派。",
            now
        );
        var objection = Guid.CreateVersion7();
        foreach (var m in dispute.Mediators.Where(m => m.RemovedAt == null))
        {
            (m.RemovedAt, m.RemovedReason) = (now, current.Contains(m) ? "当事人申请回避" : "重新指派调解员");
            await notifier.StageAsync(
                Recipient.Staff(m.StaffUserId),
                notice,
                $"mediator-objection:{objection:N}:{m.StaffUserId:N}",
                now,
                ct
            );
        }
        foreach (var m in current)
            db.MediatorObjections.Add(
                new MediatorObjection
                {
                    DisputeId = id,
                    MediatorId = m.StaffUserId,
                    ByUserId = me,
                    Reason = reason,
                    At = now,
                }
            );
        dispute.QueuedAt = now;
        audit.Record(
            "MediatorObjected",
            "Dispute",
            id,
            new { mediatorIds = current.Select(m => m.StaffUserId), reason }
        );
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.ConcurrentChange();
        }
        return TypedResults.NoContent();
    }

    /// <summary>
    /// The texts whose version changed since the applicant last accepted them: each must come back acknowledged
    /// (signed) in its current version and hash, or the correction is refused on that field. Texts still current need
    /// nothing.
    /// </summary>
    private static List<LegalText> RenewedTexts(
        CorrectDisputeRequest request,
        Dispute dispute,
        LegalTextCatalog texts,
        out Dictionary<string, string[]> errors
    )
    {
        errors = [];
        var renewed = new List<LegalText>();
        foreach (
            var (kind, field, accepted, version, sha, message) in new[]
            {
                (
                    LegalTextCatalog.RightsNotice,
                    "rightsNotice",
                    request.RightsNotice?.Acknowledged == true,
                    request.RightsNotice?.Version,
                    request.RightsNotice?.Sha256,
                    "权利义务告知书已更新，请阅读新版本后确认"
                ),
                (
                    LegalTextCatalog.CreditCommitment,
                    "creditCommitment",
                    request.CreditCommitment?.Signed == true,
                    request.CreditCommitment?.Version,
                    request.CreditCommitment?.Sha256,
                    "信用承诺书已更新，请阅读新版本后重新签署"
                ),
            }
        )
        {
            var current = texts.Current(kind);
            var last = dispute
                .Acceptances.Where(a => a.Kind == kind)
                .OrderByDescending(a => a.AcceptedAt)
                .FirstOrDefault();
            if (current is null || (last is not null && texts.IsCurrent(kind, last.TextVersion, last.TextSha256)))
                continue;
            if (accepted && texts.IsCurrent(kind, version, sha))
                renewed.Add(current);
            else
                errors[field] = [message];
        }
        return renewed;
    }

    private const string MaskedMismatch = "请填写完整内容（带 * 号的内容只能原样保留）";

    /// <summary>
    /// The citizen sees ID numbers, phones and addresses masked. In a correction such a value sent back exactly as
    /// shown means "unchanged": it is replaced by the value on file for the party at the same role and position, so
    /// nobody has to retype what was not asked to be corrected and no personal data ever has to leave the service
    /// unmasked.
    /// </summary>
    private static (CorrectDisputeRequest Request, Dictionary<string, string[]> Errors) KeepMaskedValues(
        CorrectDisputeRequest request,
        Dispute dispute,
        PersonalDataProtector protector
    )
    {
        var errors = new Dictionary<string, string[]>();
        PartyInput Resolve(PartyInput input, PartyRole role, int position, string path)
        {
            var onFile = dispute
                .Parties.Where(p => p.Role == role)
                .OrderBy(p => p.Position)
                .ElementAtOrDefault(position);
            string? Keep(string? value, string field, string? cipher, Func<string?, string?> mask)
            {
                if (!PartyInputValidator.IsMasked(value))
                    return value;
                var stored = onFile is null ? null : protector.UnprotectOrNull(cipher);
                if (stored is not null && mask(stored) == value!.Trim())
                    return stored;
                errors[$"{path}.{field}"] = [MaskedMismatch];
                return value;
            }
            return input with
            {
                IdNumber = Keep(input.IdNumber, "idNumber", onFile?.IdNumberCipher, Masking.IdNumber),
                Phone = Keep(input.Phone, "phone", onFile?.PhoneCipher, Masking.Phone),
                Address = Keep(input.Address, "address", onFile?.AddressCipher, Masking.Address),
            };
        }
        List<PartyInput>? All(List<PartyInput>? inputs, PartyRole role, string path) =>
            inputs?.Select((p, i) => Resolve(p, role, i, $"{path}[{i}]")).ToList();
        var resolved = request with
        {
            Applicant = Resolve(request.Applicant!, PartyRole.Applicant, 0, "applicant"),
            Respondents = All(request.Respondents, PartyRole.Respondent, "respondents"),
            ThirdParties = All(request.ThirdParties, PartyRole.ThirdParty, "thirdParties"),
        };
        return (resolved, errors);
    }

    /// <summary>Parties keep their ids by position (evidence and signatures refer to them); extra rows are added or
    /// removed.</summary>
    private static void ReplaceParties(
        AppDbContext db,
        Dispute dispute,
        PartyRole role,
        List<PartyInput> inputs,
        PersonalDataProtector protector
    )
    {
        var existing = dispute.Parties.Where(p => p.Role == role).OrderBy(p => p.Position).ToList();
        for (var i = 0; i < inputs.Count; i++)
        {
            var fresh = NewDispute.Party(inputs[i], role, i, dispute.Id, protector);
            if (i < existing.Count)
            {
                var p = existing[i];
                (p.Kind, p.Name, p.Gender, p.Ethnicity, p.BirthDate) = (
                    fresh.Kind,
                    fresh.Name,
                    fresh.Gender,
                    fresh.Ethnicity,
                    fresh.BirthDate
                );
                (p.IdNumberCipher, p.IdNumberHash, p.PhoneCipher, p.PhoneHash, p.AddressCipher) = (
                    fresh.IdNumberCipher,
                    fresh.IdNumberHash,
                    fresh.PhoneCipher,
                    fresh.PhoneHash,
                    fresh.AddressCipher
                );
                (p.Occupation, p.CreditCode, p.LegalRepresentative) = (
                    fresh.Occupation,
                    fresh.CreditCode,
                    fresh.LegalRepresentative
                );
                if (role != PartyRole.Applicant && p.PhoneHash != fresh.PhoneHash)
                    p.UserId = null;
            }
            else
            {
                dispute.Parties.Add(fresh);
            }
        }
        foreach (var extra in existing.Skip(inputs.Count))
        {
            dispute.Parties.Remove(extra);
            db.DisputeParties.Remove(extra);
        }
    }
}
