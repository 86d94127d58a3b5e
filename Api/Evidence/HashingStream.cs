using System.Security.Cryptography;

namespace Mediation.Api.Evidence;

public sealed class FileTooLargeException(long limit) : IOException($"File exceeds {limit} bytes.")
{
    public long Limit { get; } = limit;
}

/// <summary>
/// Reads a file once, front to back: first the bytes already peeked for type detection, then the rest of the source.
/// Hashes with SHA-256 and counts as it goes, and throws <see cref="FileTooLargeException"/> as soon as the count
/// passes the limit, so an oversize file never finishes reaching the store.
/// </summary>
public sealed class HashingStream(ReadOnlyMemory<byte> head, Stream rest, long limit) : Stream
{
    private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private ReadOnlyMemory<byte> pending = head;

    public long BytesRead { get; private set; }

    public string Sha256Hex() => Convert.ToHexStringLower(hash.GetCurrentHash());

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        int read;
        if (!pending.IsEmpty)
        {
            read = Math.Min(pending.Length, buffer.Length);
            pending[..read].CopyTo(buffer);
            pending = pending[read..];
        }
        else
        {
            read = await rest.ReadAsync(buffer, ct);
        }
        BytesRead += read;
        if (BytesRead > limit)
            throw new FileTooLargeException(limit);
        hash.AppendData(buffer.Span[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
        ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Fills <paramref name="buffer"/> from <paramref name="source"/> as far as it goes (less only at the end of the stream).</summary>
    public static async Task<int> PeekAsync(Stream source, byte[] buffer, CancellationToken ct)
    {
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = await source.ReadAsync(buffer.AsMemory(filled), ct);
            if (read == 0)
                break;
            filled += read;
        }
        return filled;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            hash.Dispose();
        base.Dispose(disposing);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    public override void Flush() { }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
