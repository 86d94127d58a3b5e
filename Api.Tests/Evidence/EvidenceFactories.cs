namespace Mediation.Api.Tests.Evidence;

/// <summary>Small limits so that "too large" is cheap to test; the video limit stays above one 8 MiB part so multipart
/// is exercised.</summary>
internal static class EvidenceLimits
{
    public const long MaxFileBytes = 1024 * 1024;
    public const long MaxVideoBytes = 12 * 1024 * 1024;

    public static IEnumerable<KeyValuePair<string, string?>> Settings =>
        [
            new("Evidence:MaxFileBytes", MaxFileBytes.ToString()),
            new("Evidence:MaxVideoBytes", MaxVideoBytes.ToString()),
            new("Evidence:VerificationSampleSize", "0"),
            // Negative: the fake clock lags the store's real one, and an orphan must count as old at once.
            new("Evidence:OrphanGracePeriod", "-01:00:00"),
        ];
}

/// <summary>Evidence on the file system (the embedded default), on the database <typeparamref
/// name="TDatabase"/>.</summary>
public sealed class EvidenceHost<TDatabase>() : ApiFactory(new TDatabase())
    where TDatabase : ITestDatabase, new()
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => EvidenceLimits.Settings;
}

/// <summary>Evidence in a bucket of its own on the run's S3 server, on the database <typeparamref
/// name="TDatabase"/>.</summary>
public class S3EvidenceHost<TDatabase>() : ApiFactory(new TDatabase())
    where TDatabase : ITestDatabase, new()
{
    public string Bucket { get; } = TestS3.NewBucketName();

    protected virtual IEnumerable<KeyValuePair<string, string?>> MoreSettings => [];

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
        EvidenceLimits.Settings.Concat(TestS3.Settings(Bucket)).Concat(MoreSettings);
}

/// <summary>Direct uploads valid for two seconds only, to watch the S3 server refuse an expired policy.</summary>
public sealed class ShortLivedUploadsS3EvidenceApi : S3EvidenceHost<SqliteDatabase>
{
    protected override IEnumerable<KeyValuePair<string, string?>> MoreSettings =>
        [new("Evidence:DirectUploadLifetime", "00:00:02")];
}
