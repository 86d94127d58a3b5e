using System.Buffers;
using System.Runtime.CompilerServices;
using Minio;
using Minio.DataModel;
using Minio.DataModel.Args;
using Minio.Exceptions;

namespace Mediation.Api.Infrastructure.Storage;

/// <summary>MinIO (or any S3 server) through the Minio .NET SDK 7.0.0; large streamed uploads through <see
/// cref="S3MultipartClient"/>.</summary>
public sealed class MinioObjectStorage(
    IMinioClient client,
    IMinioClient publicClient,
    S3MultipartClient multipart,
    MinioOptions options
) : IObjectStorage
{
    public bool SupportsDirectUpload => true;

    public string Bucket => options.Bucket;

    public async Task ProbeAsync(CancellationToken ct)
    {
        if (!await client.BucketExistsAsync(new BucketExistsArgs().WithBucket(Bucket), ct))
            throw new InvalidOperationException($"Bucket {Bucket} does not exist.");
    }

    public async Task EnsureBucketAsync(CancellationToken ct)
    {
        if (!await client.BucketExistsAsync(new BucketExistsArgs().WithBucket(Bucket), ct))
            await client.MakeBucketAsync(new MakeBucketArgs().WithBucket(Bucket).WithLocation(options.Region), ct);
    }

    /// <summary>The first part is read before deciding: a file that fits in it goes up in one PutObject of known size;
    /// a larger one as a multipart upload, reading part n+1 from the phone while part n goes to the store.</summary>
    public async Task<long> PutAsync(
        string key,
        Stream content,
        string contentType,
        string contentDisposition,
        CancellationToken ct
    )
    {
        var partSize = Math.Max(options.PartSizeBytes, 5 * 1024 * 1024);
        var current = ArrayPool<byte>.Shared.Rent(partSize);
        var next = ArrayPool<byte>.Shared.Rent(partSize);
        string? uploadId = null;
        try
        {
            var filled = await FillAsync(content, current, partSize, ct);
            if (filled < partSize)
            {
                await multipart.PutAsync(Bucket, key, current.AsMemory(0, filled), contentType, contentDisposition, ct);
                return filled;
            }

            uploadId = await multipart.InitiateAsync(Bucket, key, contentType, contentDisposition, ct);
            var etags = new List<string>();
            long total = 0;
            while (filled > 0)
            {
                var upload = multipart.UploadPartAsync(
                    Bucket,
                    key,
                    uploadId,
                    etags.Count + 1,
                    current.AsMemory(0, filled),
                    ct
                );
                var read = FillAsync(content, next, partSize, ct);
                await Task.WhenAll(upload, read);
                etags.Add(upload.Result);
                total += filled;
                filled = read.Result;
                (current, next) = (next, current);
            }
            await multipart.CompleteAsync(Bucket, key, uploadId, etags, ct);
            uploadId = null;
            return total;
        }
        finally
        {
            if (uploadId is not null)
                await multipart.AbortAsync(Bucket, key, uploadId);
            ArrayPool<byte>.Shared.Return(current);
            ArrayPool<byte>.Shared.Return(next);
        }
    }

    private static async Task<int> FillAsync(Stream content, byte[] buffer, int size, CancellationToken ct)
    {
        var filled = 0;
        while (filled < size)
        {
            var read = await content.ReadAsync(buffer.AsMemory(filled, size - filled), ct);
            if (read == 0)
                break;
            filled += read;
        }
        return filled;
    }

    public async Task<StoredObject?> StatAsync(string key, CancellationToken ct)
    {
        try
        {
            var stat = await client.StatObjectAsync(new StatObjectArgs().WithBucket(Bucket).WithObject(key), ct);
            return new StoredObject(key, stat.Size, stat.LastModified.ToUniversalTime());
        }
        catch (ObjectNotFoundException)
        {
            return null;
        }
        catch (BucketNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Streams the object through a pipe: the SDK hands its response stream to a callback, we read the other
    /// end.</summary>
    public Task<Stream> OpenReadAsync(string key, CancellationToken ct)
    {
        var pipe = new System.IO.Pipelines.Pipe();
        _ = Task.Run(
            async () =>
            {
                try
                {
                    await client.GetObjectAsync(
                        new GetObjectArgs()
                            .WithBucket(Bucket)
                            .WithObject(key)
                            .WithCallbackStream(
                                async (stream, token) =>
                                    await stream.CopyToAsync(pipe.Writer.AsStream(leaveOpen: true), token)
                            ),
                        ct
                    );
                    await pipe.Writer.CompleteAsync();
                }
                catch (Exception e)
                {
                    await pipe.Writer.CompleteAsync(e);
                }
            },
            ct
        );
        return Task.FromResult(pipe.Reader.AsStream());
    }

    public async Task DeleteAsync(string key, CancellationToken ct) =>
        await client.RemoveObjectAsync(new RemoveObjectArgs().WithBucket(Bucket).WithObject(key), ct);

    public async IAsyncEnumerable<StoredObject> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (
            Item item in client.ListObjectsEnumAsync(
                new ListObjectsArgs().WithBucket(Bucket).WithPrefix(prefix).WithRecursive(true),
                ct
            )
        )
            if (!item.IsDir)
                yield return new StoredObject(item.Key, (long)item.Size, item.LastModifiedDateTime?.ToUniversalTime());
    }

    public async Task<Uri?> PresignGetAsync(
        string key,
        TimeSpan validFor,
        string? contentDisposition,
        CancellationToken ct
    )
    {
        var args = new PresignedGetObjectArgs()
            .WithBucket(Bucket)
            .WithObject(key)
            .WithExpiry((int)validFor.TotalSeconds);
        // S3's response-* parameters are part of the signed query, so nobody can change the header the link asks for.
        if (contentDisposition is not null)
            args = args.WithHeaders(
                new Dictionary<string, string> { ["response-content-disposition"] = contentDisposition }
            );
        var url = await publicClient.PresignedGetObjectAsync(args);
        return new Uri(url);
    }

    public async Task<DirectUploadForm> PresignPostAsync(
        string key,
        long maxBytes,
        DateTime expiresAtUtc,
        CancellationToken ct
    )
    {
        var policy = new PostPolicy();
        policy.SetBucket(Bucket);
        policy.SetKey(key);
        policy.SetContentRange(1, maxBytes);
        policy.SetExpires(expiresAtUtc);
        var (url, fields) = await publicClient.PresignedPostPolicyAsync(
            new PresignedPostPolicyArgs().WithBucket(Bucket).WithObject(key).WithPolicy(policy)
        );
        var form = new Dictionary<string, string>(fields) { ["key"] = key };
        return new DirectUploadForm(url.ToString(), form);
    }
}
