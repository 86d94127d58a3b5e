using Mediation.Api.Infrastructure.Events;
using Mediation.Api.Infrastructure.Idempotency;
using Mediation.Api.Infrastructure.PersonalData;
using Mediation.Api.Infrastructure.RateLimiting;
using Mediation.Api.ReferenceData;

namespace Mediation.Api.Disputes;

/// <summary>A case built and encrypted, waiting only for its case number and the write.</summary>
public sealed record FilingDraft(
    Dispute Dispute,
    MediationBody Body,
    DisputeResponse Response,
    IdempotencyRecord Record,
    AuditEntry Entry,
    DisputeFiling Event
);

/// <summary>
/// An application becoming a case. Everything that needs no lock happens first (the quota, the body, the case with its
/// parties encrypted, the response); the write then holds the body's case-number counter (a row lock on PostgreSQL,
/// the write lock on SQLite) only for the counter and the inserts, and on SQLite filings that arrive together are
/// committed together (<see cref="GroupCommit"/>). The request uses one connection until that write.
/// </summary>
public sealed class Filing(
    AppDbContext db,
    PersonalDataProtector protector,
    LegalTextCatalog texts,
    ReferenceCache reference,
    AuditLog audit,
    GroupCommit groupCommit,
    DomainEvents events,
    TimeProvider clock,
    IOptions<RateLimitOptions> limits
)
{
    /// <summary>The first step: a 429 when the applicant's accepted filings have reached the quota.</summary>
    public async Task<ProblemHttpResult?> QuotaRefusalAsync(HttpContext http, Guid applicant, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        return limits.Value.Enabled
            ? await FilingQuotas.CheckAsync(
                http,
                db,
                applicant,
                limits.Value.AcceptedFilings,
                clock.GetUtcNow().UtcDateTime,
                ct
            )
            : null;
    }

    /// <summary>The body chosen, or the one whose area the place of the dispute names; null when none does.</summary>
    public async Task<MediationBody?> BodyForAsync(CreateDisputeRequest request, CancellationToken ct) =>
        request.BodyId is { } bodyId
            ? await reference.ActiveBodyAsync(bodyId, ct)
            : BodyFinder.ForPlace((await reference.GetAsync(ct)).Bodies.Values, request.Place!);

    public async Task<FilingDraft> DraftAsync(
        CreateDisputeRequest request,
        MediationBody body,
        Guid applicant,
        string? clientAddress,
        IdempotentRequest idempotency,
        CancellationToken ct
    )
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var dispute = NewDispute.Build(request, body.Id, applicant, protector, texts, clientAddress, now);
        return await PrepareAsync(dispute, body, applicant, idempotency, "DisputeSubmitted", ct);
    }

    /// <summary>A case built elsewhere (staff registration) made ready for <see cref="SubmitAsync"/>: respondents
    /// linked, the response as <paramref name="viewerId"/> will see it, its idempotency record and audit
    /// entry.</summary>
    public async Task<FilingDraft> PrepareAsync(
        Dispute dispute,
        MediationBody body,
        Guid viewerId,
        IdempotentRequest idempotency,
        string auditAction,
        CancellationToken ct
    )
    {
        var typeName = (await reference.ActiveTypeAsync(dispute.TypeCode, ct))!.Name;
        await NewDispute.LinkKnownRespondentsAsync(db, dispute, ct);
        // The risk assessment (人民调解法 第二十五条) runs here, in memory, so the level is on the case in this answer;
        // what it writes goes into the same short write as the case.
        var filing = new DisputeFiling(dispute);
        await events.RaiseAsync(filing, ct);
        var response = dispute.ToResponse(body.Name, typeName, viewerId, protector);
        return new(
            dispute,
            body,
            response,
            idempotency.Prepare(dispute.Id, response, dispute.SubmittedAt)!,
            audit.Entry(auditAction, "Dispute", dispute.Id),
            filing
        );
    }

    /// <summary>Writes the case with its idempotency record and audit entry; a case staff register is accepted by the
    /// committee as it is recorded, so it takes its case number (案号) in the same write, while a citizen's application
    /// has only its application number until acceptance. Returns the filed case.</summary>
    public async Task<DisputeResponse> SubmitAsync(FilingDraft draft, CancellationToken ct)
    {
        await db.Database.CloseConnectionAsync();
        var (dispute, body, response, record, entry, filing) = draft;
        var numbered = dispute.RegisteredById is not null;
        await groupCommit.CommitAsync(
            db,
            async (writer, token) =>
            {
                if (numbered)
                {
                    dispute.CaseNumber = await CaseNumbers.NextAsync(writer, body.Code, dispute.SubmittedAt, token);
                    response = draft.Response with { CaseNumber = dispute.CaseNumber };
                    record.ResponseJson = IdempotencyKeys.ResponseJson(response);
                }
                entry.Details = AuditLog.DetailsJson(
                    new
                    {
                        dispute.ApplicationNumber,
                        dispute.CaseNumber,
                        bodyCode = body.Code,
                        source = dispute.Source.ToString(),
                    }
                );
                writer.Disputes.Add(dispute);
                writer.IdempotencyRecords.Add(record);
                writer.AuditEntries.Add(entry);
                writer.AddRange(filing.Rows);
                await writer.SaveChangesAsync(token);
            },
            ct
        );
        foreach (var committed in filing.Committed)
            committed();
        return response;
    }
}
