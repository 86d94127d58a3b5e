using Minio;

namespace Mediation.Api.Tests.Infrastructure;

/// <summary>
/// The S3 server (Ceph RADOS Gateway) that scripts/test.sh starts once for the whole run (TEST_S3_*). Each test class
/// gets its own bucket on it. Without the variables the S3 tests fail and say how to run them; they never skip.
/// </summary>
public static class TestS3
{
    public static string Endpoint => Required("TEST_S3_ENDPOINT");
    public static string AccessKey => Required("TEST_S3_ACCESS_KEY");
    public static string SecretKey => Required("TEST_S3_SECRET_KEY");

    public static string NewBucketName() => "ev-" + Guid.NewGuid().ToString("N")[..20];

    public static IMinioClient Client() =>
        new MinioClient()
            .WithEndpoint(Endpoint)
            .WithCredentials(AccessKey, SecretKey)
            .WithRegion("us-east-1")
            .WithSSL(false)
            .Build();

    /// <summary>The settings that point the service at the test S3 server with a fresh bucket (the service creates it
    /// at start).</summary>
    public static IEnumerable<KeyValuePair<string, string?>> Settings(string bucket) =>
        [
            new("Storage:Provider", "Minio"),
            new("Minio:Endpoint", Endpoint),
            new("Minio:AccessKey", AccessKey),
            new("Minio:SecretKey", SecretKey),
            new("Minio:Bucket", bucket),
            new("Minio:UseSsl", "false"),
            new("Minio:Region", "us-east-1"),
        ];

    private static string Required(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{name} is not set. Run every test with `bash scripts/test.sh`, which starts the S3 server (scripts/s3.sh)."
            );
}
