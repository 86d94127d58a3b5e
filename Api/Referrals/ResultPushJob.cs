using Hangfire;
using Mediation.Api.Disputes;
using Mediation.Api.Infrastructure.PersonalData;
using Mediation.Api.ReferenceData;

namespace Mediation.Api.Referrals;

public sealed record ResultParty(string Role, string Kind, string Name, string? IdNumber, string? CreditCode);

public sealed record ResultAgreement(string Number, string Sha256);

public sealed record ResultIssuer(string Code, string BodyCode, string BodyName);

/// <summary>The result as the referrer receives it. A court referral carries the parties in full (the court needs
/// them for 司法确认 or 立案, and it sent us the case); other referrers get the parties' names and roles only.</summary>
public sealed record ReferralResultRecord(
    Guid RecordId,
    string Title,
    string CaseNumber,
    string Source,
    string UnitName,
    string? DocumentNumber,
    string ReceivedOn,
    string Result,
    string ResultName,
    string EndedOn,
    string? Reason,
    IReadOnlyList<ResultParty> Parties,
    ResultAgreement? Agreement,
    ResultIssuer Issuer,
    DateTime IssuedAt
);

/// <summary>
/// Delivers result notices to their referrers like the credit push delivers credit records (<see cref="PushRows"/>):
/// leased, the same Idempotency-Key on every attempt, backing off for days, then Failed in the admin's list with a
/// retry. The minutely sweep picks up rows whose job was lost.
/// </summary>
public sealed class ResultPushJob(
    AppDbContext db,
    SignedPushClient client,
    PersonalDataProtector protector,
    TimeProvider clock,
    IOptions<ReferralFeedbackOptions> options,
    IBackgroundJobClient jobs,
    ILogger<ResultPushJob> logger
)
{
    public const string SweepId = "referral-result-push-sweep";
    public const string Title = "调解结果告知函";

    public async Task<int> DeliverDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await db
            .ResultNoticePushes.Where(r => r.Status == PushStatus.Pending && r.NextAttemptAt <= now)
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
        var claimed = await db
            .ResultNoticePushes.Where(r =>
                r.Id == id
                && r.Status == PushStatus.Pending
                && r.NextAttemptAt <= now
                && (r.LockedUntil == null || r.LockedUntil < now)
            )
            .ExecuteUpdateAsync(x => x.SetProperty(r => r.LockedUntil, now + o.DeliveryLease), ct);
        if (claimed == 0)
            return false;

        var push = await db.ResultNoticePushes.SingleAsync(r => r.Id == id, ct);
        var endpoint = o.Endpoints.FirstOrDefault(e => e.Url == push.Endpoint);
        ReferralResultRecord payload;
        try
        {
            if (endpoint is null)
                throw new InvalidOperationException("接收端已不在配置中");
            payload = await PayloadAsync(push, ct);
        }
        catch (Exception e)
            when (e
                    is InvalidOperationException
                        or System.Security.Cryptography.CryptographicException
                        or FormatException
            )
        {
            PushRows.Fail(push, $"无法生成推送内容：{e.Message}");
            await db.SaveChangesAsync(CancellationToken.None);
            logger.LogError(e, "Result notice push {Id} cannot be built and has failed", id);
            return false;
        }
        var result = await client.PushAsync(endpoint.Url!, endpoint.Secret!, push.Id, payload, o.Timeout, ct);
        PushRows.Record(push, result, o, now);
        await db.SaveChangesAsync(CancellationToken.None); // the referrer has it now: never lose that fact
        if (push.Status == PushStatus.Failed)
            logger.LogError(
                "Result notice push {Id} failed after {Attempts} attempts: {Error}",
                id,
                push.Attempts,
                push.LastError
            );
        else if (push.Status == PushStatus.Pending)
        {
            logger.LogWarning(
                "Result notice push {Id} attempt {Attempts} failed ({Error}); next at {Next:o}",
                id,
                push.Attempts,
                push.LastError,
                push.NextAttemptAt
            );
            jobs.Schedule<ResultPushJob>(job => job.DeliverAsync(id, CancellationToken.None), push.NextAttemptAt - now);
        }
        return push.Status == PushStatus.Sent;
    }

    private async Task<ReferralResultRecord> PayloadAsync(ResultNoticePush push, CancellationToken ct)
    {
        var n = await db.ResultNotices.AsNoTracking().SingleAsync(x => x.Id == push.ResultNoticeId, ct);
        var body = await db.Bodies.AsNoTracking().SingleAsync(b => b.Id == n.BodyId, ct);
        var full = n.Source == DisputeSource.CourtReferral;
        var parties = await db
            .DisputeParties.AsNoTracking()
            .Where(p => p.DisputeId == n.DisputeId)
            .OrderBy(p => p.Role)
            .ToListAsync(ct);
        return new ReferralResultRecord(
            push.Id,
            Title,
            n.CaseNumber,
            n.Source.ToString(),
            n.UnitName,
            n.DocumentNumber,
            n.ReceivedOn.ToString("yyyy-MM-dd"),
            n.Result.ToString(),
            ResultNotices.ResultName(n.Result),
            ChinaTime.Date(n.EndedAt).ToString("yyyy-MM-dd"),
            n.Reason,
            parties
                .Select(p => new ResultParty(
                    p.Role.ToString(),
                    p.Kind.ToString(),
                    p.Name,
                    full && p.Kind == PartyKind.Person ? protector.UnprotectOrNull(p.IdNumberCipher) : null,
                    full ? p.CreditCode : null
                ))
                .ToList(),
            n.AgreementNumber is { } number ? new ResultAgreement(number, n.AgreementSha256 ?? "") : null,
            new ResultIssuer(options.Value.Issuer, body.Code, body.Name),
            n.CreatedAt
        );
    }
}
