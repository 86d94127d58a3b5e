namespace Mediation.Api.Credit;

public sealed record CreditSubject(string Kind, string Name, string? IdNumber, string? CreditCode);

public sealed record CreditIssuer(string Code, string BodyCode, string BodyName);

/// <summary>The record as the credit centre receives it. The subject's ID number or credit code is in full: the credit
/// centre is the lawful recipient (谁认定谁推送), and it is sent only over this signed channel.</summary>
public sealed record CreditCentreRecord(
    Guid RecordId,
    string Type,
    string TypeName,
    CreditSubject Subject,
    string CaseNumber,
    string? AgreementNumber,
    string EventDate,
    string Reason,
    int Points,
    CreditIssuer Issuer,
    Guid? RetractsRecordId,
    DateTime IssuedAt
);

/// <summary>Pushes a record to the credit centre through the <see cref="SignedPushClient"/> (HMAC signature,
/// Idempotency-Key = the record id).</summary>
public sealed class CreditCentreClient(SignedPushClient push, IOptions<CreditCentreOptions> options)
{
    public const string SignatureHeader = SignedPushClient.SignatureHeader;
    public const string TimestampHeader = SignedPushClient.TimestampHeader;

    public Task<PushResult> PushAsync(CreditCentreRecord record, CancellationToken ct) =>
        push.PushAsync(
            options.Value.Endpoint!,
            options.Value.Secret!,
            record.RecordId,
            record,
            options.Value.Timeout,
            ct
        );

    public static string Sign(string secret, string timestamp, byte[] body) =>
        SignedPushClient.Sign(secret, timestamp, body);
}
