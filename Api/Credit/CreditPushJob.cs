using Hangfire;
using Mediation.Api.Agreements;
using Mediation.Api.Disputes;
using Mediation.Api.Infrastructure.PersonalData;
using Mediation.Api.ReferenceData;

namespace Mediation.Api.Credit;

/// <summary>
/// Delivers credit records, at least once from our side and exactly once as the centre sees it (same Idempotency-Key on
/// every attempt). A row is leased before sending, so two job servers never send it at the same moment; failures back
/// off exponentially up to CreditCentre:MaxAttempts (days), then the row is Failed and an admin can retry it. The
/// minutely sweep picks up rows whose job was lost.
/// </summary>
public sealed class CreditPushJob(
    AppDbContext db,
    CreditCentreClient client,
    PersonalDataProtector protector,
    TimeProvider clock,
    IOptions<CreditCentreOptions> options,
    IBackgroundJobClient jobs,
    ILogger<CreditPushJob> logger
)
{
    public const string SweepId = "credit-push-sweep";

    public async Task<int> DeliverDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await db
            .CreditRecords.Where(r => r.Status == PushStatus.Pending && r.NextAttemptAt <= now)
            .OrderBy(r => r.NextAttemptAt)
            .Select(r => r.Id)
            .Take(200)
            .ToListAsync(ct);
        var delivered = 0;
        foreach (var id in due)
            if (await DeliverAsync(id, ct))
                delivered++;
        return delivered;
    }

    public async Task<bool> DeliverAsync(Guid id, CancellationToken ct)
    {
        var o = options.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        if (!o.Enabled)
            return false; // records wait, Pending, until the centre is configured
        var claimed = await db
            .CreditRecords.Where(r =>
                r.Id == id
                && r.Status == PushStatus.Pending
                && r.NextAttemptAt <= now
                && (r.LockedUntil == null || r.LockedUntil < now)
            )
            .ExecuteUpdateAsync(x => x.SetProperty(r => r.LockedUntil, now + o.DeliveryLease), ct);
        if (claimed == 0)
            return false;

        var record = await db.CreditRecords.SingleAsync(r => r.Id == id, ct);
        CreditCentreRecord payload;
        try
        {
            payload = await PayloadAsync(record, ct);
        }
        catch (Exception e)
            when (e
                    is InvalidOperationException
                        or System.Security.Cryptography.CryptographicException
                        or FormatException
            )
        {
            // The record cannot be built (its party is gone, or the ID number no longer decrypts after a key change):
            // no retry will fix that, so it fails now and shows in the admin's Failed list instead of being leased
            // forever.
            PushRows.Fail(record, $"无法生成报送内容：{e.Message}");
            await db.SaveChangesAsync(CancellationToken.None);
            logger.LogError(e, "Credit record {Id} cannot be built and has failed", id);
            return false;
        }
        var result = await client.PushAsync(payload, ct);
        PushRows.Record(record, result, o, now);
        await db.SaveChangesAsync(CancellationToken.None); // the centre has it now: never lose that fact to a shutdown
        if (record.Status == PushStatus.Failed)
            logger.LogError(
                "Credit record {Id} failed after {Attempts} attempts: {Error}",
                id,
                record.Attempts,
                record.LastError
            );
        else if (record.Status == PushStatus.Pending)
        {
            logger.LogWarning(
                "Credit record {Id} attempt {Attempts} failed ({Error}); next at {Next:o}",
                id,
                record.Attempts,
                record.LastError,
                record.NextAttemptAt
            );
            jobs.Schedule<CreditPushJob>(
                job => job.DeliverAsync(id, CancellationToken.None),
                record.NextAttemptAt - now
            );
        }
        return record.Status == PushStatus.Sent;
    }

    private async Task<CreditCentreRecord> PayloadAsync(CreditRecord r, CancellationToken ct)
    {
        var party = await db.DisputeParties.AsNoTracking().SingleAsync(p => p.Id == r.PartyId, ct);
        var dispute = await db.Disputes.AsNoTracking().SingleAsync(d => d.Id == r.DisputeId, ct);
        var body = await db.Bodies.AsNoTracking().SingleAsync(b => b.Id == dispute.BodyId, ct);
        var agreement = await db
            .Agreements.AsNoTracking()
            .Where(a => a.DisputeId == r.DisputeId)
            .Select(a => a.Number)
            .FirstOrDefaultAsync(ct);
        var subject =
            party.Kind == PartyKind.Organization
                ? new CreditSubject("organization", party.Name, null, party.CreditCode)
                : new CreditSubject("person", party.Name, protector.UnprotectOrNull(party.IdNumberCipher), null);
        return new CreditCentreRecord(
            r.Id,
            r.Type.ToString().ToLowerInvariant(),
            CreditSteps.StepName(r.Type),
            subject,
            dispute.Reference,
            agreement,
            ChinaTime.Date(r.EventAt).ToString("yyyy-MM-dd"),
            r.Reason,
            r.Points,
            new CreditIssuer(options.Value.Issuer, body.Code, body.Name),
            r.RetractsRecordId,
            r.CreatedAt
        );
    }
}
