using System.Runtime.CompilerServices;

namespace Mediation.Api.Infrastructure.Storage;

/// <summary>Objects as files under <c>{Storage:Root}/evidence/</c>. Written to a temporary file, flushed to disk, then
/// renamed, so a crash never leaves a half-written file under the real key.</summary>
public sealed class FileSystemObjectStorage(string root) : IObjectStorage
{
    private const string PartialSuffix = ".partial";

    public bool SupportsDirectUpload => false;

    public string Root { get; } = root;

    public async Task ProbeAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(Root);
        var probe = Path.Combine(Root, ".probe-" + Guid.NewGuid().ToString("N")[..8]);
        await File.WriteAllBytesAsync(probe, [1], ct);
        File.Delete(probe);
    }

    public async Task<long> PutAsync(
        string key,
        Stream content,
        string contentType,
        string contentDisposition,
        CancellationToken ct
    )
    {
        var path = PathFor(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + "." + Guid.NewGuid().ToString("N")[..8] + PartialSuffix;
        try
        {
            long size;
            await using (
                var file = new FileStream(
                    temp,
                    FileMode.CreateNew,
                    FileAccess.Write,
                    FileShare.None,
                    81920,
                    FileOptions.Asynchronous
                )
            )
            {
                await content.CopyToAsync(file, 81920, ct);
                size = file.Length;
                file.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
            return size;
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    public Task<StoredObject?> StatAsync(string key, CancellationToken ct)
    {
        var info = new FileInfo(PathFor(key));
        return Task.FromResult(info.Exists ? new StoredObject(key, info.Length, info.LastWriteTimeUtc) : null);
    }

    public Task<Stream> OpenReadAsync(string key, CancellationToken ct) =>
        Task.FromResult<Stream>(
            new FileStream(
                PathFor(key),
                FileMode.Open,
                FileAccess.Read,
                FileShare.Read,
                81920,
                FileOptions.Asynchronous
            )
        );

    public Task DeleteAsync(string key, CancellationToken ct)
    {
        TryDelete(PathFor(key));
        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<StoredObject> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken ct)
    {
        if (!Directory.Exists(Root))
            yield break;
        foreach (var file in Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories))
        {
            ct.ThrowIfCancellationRequested();
            var key = Path.GetRelativePath(Root, file).Replace('\\', '/');
            if (!key.StartsWith(prefix, StringComparison.Ordinal))
                continue;
            var info = new FileInfo(file);
            // A temp file left by a crash is an orphan like any other: listed so that cleanup removes it once old
            // enough.
            yield return new StoredObject(key, info.Length, info.LastWriteTimeUtc);
        }
        await Task.CompletedTask;
    }

    public Task<Uri?> PresignGetAsync(
        string key,
        TimeSpan validFor,
        string? contentDisposition,
        CancellationToken ct
    ) => Task.FromResult<Uri?>(null);

    public Task<DirectUploadForm> PresignPostAsync(
        string key,
        long maxBytes,
        DateTime expiresAtUtc,
        CancellationToken ct
    ) => throw new DirectUploadNotSupportedException();

    /// <summary>Keys are made by the service from sanitised ASCII parts; anything that would leave the root is refused
    /// all the same.</summary>
    private string PathFor(string key)
    {
        var full = Path.GetFullPath(Path.Combine(Root, key));
        if (!full.StartsWith(Path.GetFullPath(Root) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ArgumentException("Storage key escapes the storage root.", nameof(key));
        return full;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
