namespace Mediation.Api.Infrastructure.Storage;

/// <summary>
/// Where evidence files live: never the database. Two real implementations: the local file system (the embedded
/// default) and MinIO / any S3 server. Keys are ASCII paths such as <c>disputes/{id}/{evidenceId}/photo.jpg</c>.
/// </summary>
public interface IObjectStorage
{
    /// <summary>Whether phones can upload straight to the store with a presigned POST policy.</summary>
    bool SupportsDirectUpload { get; }

    /// <summary>Throws when the store cannot be used now (server unreachable, bucket gone, folder not writable): the
    /// readiness check.</summary>
    Task ProbeAsync(CancellationToken ct);

    /// <summary>Streams <paramref name="content"/> to <paramref name="key"/> and returns only once the object is durably stored.
    /// Memory use is bounded whatever the size; the stream is read once, front to back.</summary>
    Task<long> PutAsync(
        string key,
        Stream content,
        string contentType,
        string contentDisposition,
        CancellationToken ct
    );

    Task<StoredObject?> StatAsync(string key, CancellationToken ct);

    /// <summary>The whole object, streamed. The caller disposes it.</summary>
    Task<Stream> OpenReadAsync(string key, CancellationToken ct);

    /// <summary>Removes the object; no error when it is already gone.</summary>
    Task DeleteAsync(string key, CancellationToken ct);

    IAsyncEnumerable<StoredObject> ListAsync(string prefix, CancellationToken ct);

    /// <summary>
    /// A URL the phone can GET for a short time, or null when the store cannot presign (the API streams instead). With
    /// <paramref name="contentDisposition"/> the store answers with that header instead of the object's stored one
    /// (objects are stored as <c>attachment</c>; a preview in the console wants <c>inline</c>).
    /// </summary>
    Task<Uri?> PresignGetAsync(string key, TimeSpan validFor, string? contentDisposition, CancellationToken ct);

    /// <summary>A presigned POST policy for exactly <paramref name="key"/> and at most <paramref name="maxBytes"/> bytes.</summary>
    Task<DirectUploadForm> PresignPostAsync(string key, long maxBytes, DateTime expiresAtUtc, CancellationToken ct);
}

public sealed record StoredObject(string Key, long Size, DateTime? LastModifiedUtc);

/// <summary>What the mini-program passes to wx.uploadFile: the URL and the form fields to send before the file
/// part.</summary>
public sealed record DirectUploadForm(string Url, IReadOnlyDictionary<string, string> Fields);

public sealed class DirectUploadNotSupportedException()
    : InvalidOperationException("Direct upload needs an S3 object store.");
