using Mediation.Api.Tests.Infrastructure;

namespace Mediation.Api.Tests.Evidence;

/// <summary>Small limits so that "too large" is cheap to test; the video limit stays above one 8 MiB part so multipart is exercised.</summary>
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

public sealed class SqliteFileSystemEvidenceApi : ApiFactory
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => EvidenceLimits.Settings;

    protected override Task<IEnumerable<KeyValuePair<string, string?>>> CreateDatabaseAsync() =>
        Task.FromResult<IEnumerable<KeyValuePair<string, string?>>>([new("Database:Provider", "Sqlite")]);
}

public sealed class PostgresFileSystemEvidenceApi : ApiFactory
{
    private readonly TestPostgres.Database database = TestPostgres.NewDatabase();

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => EvidenceLimits.Settings;

    protected override async Task<IEnumerable<KeyValuePair<string, string?>>> CreateDatabaseAsync()
    {
        await database.CreateAsync();
        return database.Settings;
    }

    protected override Task DropDatabaseAsync() => database.DropAsync();
}

public class SqliteS3EvidenceApi : ApiFactory
{
    public string Bucket { get; } = TestS3.NewBucketName();

    protected virtual IEnumerable<KeyValuePair<string, string?>> MoreSettings => [];

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
        EvidenceLimits.Settings.Concat(TestS3.Settings(Bucket)).Concat(MoreSettings);

    protected override Task<IEnumerable<KeyValuePair<string, string?>>> CreateDatabaseAsync() =>
        Task.FromResult<IEnumerable<KeyValuePair<string, string?>>>([new("Database:Provider", "Sqlite")]);
}

/// <summary>Direct uploads valid for two seconds only, to watch the S3 server refuse an expired policy.</summary>
public sealed class ShortLivedUploadsS3EvidenceApi : SqliteS3EvidenceApi
{
    protected override IEnumerable<KeyValuePair<string, string?>> MoreSettings =>
        [new("Evidence:DirectUploadLifetime", "00:00:02")];
}

public sealed class PostgresS3EvidenceApi : ApiFactory
{
    private readonly TestPostgres.Database database = TestPostgres.NewDatabase();

    public string Bucket { get; } = TestS3.NewBucketName();

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
        EvidenceLimits.Settings.Concat(TestS3.Settings(Bucket));

    protected override async Task<IEnumerable<KeyValuePair<string, string?>>> CreateDatabaseAsync()
    {
        await database.CreateAsync();
        return database.Settings;
    }

    protected override Task DropDatabaseAsync() => database.DropAsync();
}
