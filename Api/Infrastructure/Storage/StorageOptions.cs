namespace Mediation.Api.Infrastructure.Storage;

public enum StorageProvider
{
    FileSystem,
    Minio,
}

/// <summary><c>Storage:Provider</c>. <c>Storage:Root</c> (the embedded data folder) is read by <see
/// cref="Security.StorageOptions"/>.</summary>
public sealed class ObjectStorageOptions
{
    public const string Section = "Storage";
    public StorageProvider Provider { get; set; } = StorageProvider.FileSystem;
}

public sealed class MinioOptions
{
    public const string Section = "Minio";

    /// <summary>host:port the API reaches the store on.</summary>
    public string Endpoint { get; set; } = "";
    public string AccessKey { get; set; } = "";
    public string SecretKey { get; set; } = "";
    public string Bucket { get; set; } = "evidence";
    public bool UseSsl { get; set; }

    /// <summary>Always set: without a region the SDK asks the server for it before presigning.</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>host:port the phones reach; presigned URLs are signed for it (the signature covers the Host). Defaults
    /// to <see cref="Endpoint"/>.</summary>
    public string? PublicEndpoint { get; set; }

    /// <summary>Whether <see cref="PublicEndpoint"/> is https; defaults to <see cref="UseSsl"/>.</summary>
    public bool? PublicUseSsl { get; set; }

    /// <summary>Streamed uploads go up in parts of this size (S3 minimum 5 MiB); two parts are held in memory at a
    /// time.</summary>
    public int PartSizeBytes { get; set; } = 8 * 1024 * 1024;
}
