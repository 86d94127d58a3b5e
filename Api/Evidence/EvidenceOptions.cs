namespace Mediation.Api.Evidence;

public sealed class EvidenceOptions
{
    public const string Section = "Evidence";
    public long MaxFileBytes { get; set; } = 20L * 1024 * 1024;
    public long MaxVideoBytes { get; set; } = 200L * 1024 * 1024;
    public int MaxFilesPerCase { get; set; } = 50;
    public long MaxBytesPerCase { get; set; } = 1024L * 1024 * 1024;

    /// <summary>How long a presigned direct upload stays valid (at most 10 minutes).</summary>
    public TimeSpan DirectUploadLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a presigned download link stays valid (at most 5 minutes).</summary>
    public TimeSpan DownloadLinkLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>An object with no evidence row and no pending upload is removed once it is older than this.</summary>
    public TimeSpan OrphanGracePeriod { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How many stored items one verification run re-hashes (oldest verified first); 0 = all.</summary>
    public int VerificationSampleSize { get; set; } = 100;
    public string CleanupCron { get; set; } = "*/15 * * * *";
    public string VerificationCron { get; set; } = "30 3 * * *";

    public long MaxBytesFor(EvidenceKind kind) =>
        kind == EvidenceKind.Video ? Math.Max(MaxVideoBytes, MaxFileBytes) : MaxFileBytes;

    /// <summary>The largest single file of any kind: what the upload endpoint lets Kestrel read.</summary>
    public long LargestFileBytes => Math.Max(MaxFileBytes, MaxVideoBytes);
}
