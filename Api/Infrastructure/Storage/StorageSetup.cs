using Minio;

namespace Mediation.Api.Infrastructure.Storage;

public static class StorageSetup
{
    /// <summary><c>Storage:Provider</c> = FileSystem (default, <c>storage/evidence/</c>) or Minio
    /// (<c>Minio:*</c>).</summary>
    public static WebApplicationBuilder AddObjectStorage(this WebApplicationBuilder builder)
    {
        builder
            .Services.AddOptions<ObjectStorageOptions>()
            .BindConfiguration(ObjectStorageOptions.Section)
            .ValidateOnStart();
        var minio = builder.Services.AddOptions<MinioOptions>().BindConfiguration(MinioOptions.Section);

        var provider = builder.Configuration.GetValue(
            ObjectStorageOptions.Section + ":Provider",
            StorageProvider.FileSystem
        );
        if (provider == StorageProvider.Minio)
        {
            minio
                .Validate(
                    o =>
                        !string.IsNullOrWhiteSpace(o.Endpoint)
                        && !string.IsNullOrWhiteSpace(o.AccessKey)
                        && !string.IsNullOrWhiteSpace(o.SecretKey),
                    "Minio:Endpoint, Minio:AccessKey and Minio:SecretKey are required when Storage:Provider is Minio."
                )
                .Validate(
                    o => o.Endpoint.Contains("://") == false && o.PublicEndpoint?.Contains("://") != true,
                    "Minio:Endpoint and Minio:PublicEndpoint are host:port, without a scheme (Minio:UseSsl chooses https)."
                )
                .Validate(
                    o => o.PartSizeBytes is >= 5 * 1024 * 1024 and <= 256 * 1024 * 1024,
                    "Minio:PartSizeBytes must be between 5 MiB and 256 MiB."
                )
                .ValidateOnStart();
            builder.Services.AddHttpClient<S3MultipartClient>(http => http.Timeout = TimeSpan.FromMinutes(10));
            builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<MinioOptions>>().Value);
            builder.Services.AddSingleton(sp =>
            {
                var o = sp.GetRequiredService<MinioOptions>();
                return new MinioObjectStorage(
                    Client(o.Endpoint, o.UseSsl, o),
                    Client(o.PublicEndpoint ?? o.Endpoint, o.PublicUseSsl ?? o.UseSsl, o),
                    sp.GetRequiredService<S3MultipartClient>(),
                    o
                );
            });
            builder.Services.AddSingleton<IObjectStorage>(sp => sp.GetRequiredService<MinioObjectStorage>());
            builder.Services.AddHostedService<BucketBootstrap>();
        }
        else
        {
            var root = Path.Combine(
                Security.StorageOptions.ResolveRoot(builder.Configuration, builder.Environment),
                "evidence"
            );
            builder.Services.AddSingleton<IObjectStorage>(new FileSystemObjectStorage(root));
        }
        return builder;
    }

    private static IMinioClient Client(string endpoint, bool ssl, MinioOptions o) =>
        new MinioClient()
            .WithEndpoint(endpoint)
            .WithCredentials(o.AccessKey, o.SecretKey)
            .WithRegion(o.Region)
            .WithSSL(ssl)
            .Build();

    /// <summary>Creates the bucket at start if it is missing, so the first upload does not fail on a fresh
    /// MinIO.</summary>
    private sealed class BucketBootstrap(MinioObjectStorage storage, ILogger<BucketBootstrap> logger) : IHostedService
    {
        public async Task StartAsync(CancellationToken ct)
        {
            await storage.EnsureBucketAsync(ct);
            logger.LogInformation("Evidence bucket {Bucket} ready", storage.Bucket);
        }

        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    }
}
