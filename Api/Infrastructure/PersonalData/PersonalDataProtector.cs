using System.Security.Cryptography;
using System.Text;

namespace Mediation.Api.Infrastructure.PersonalData;

/// <summary>
/// Encrypts sensitive personal information at rest (AES-256-GCM) and computes a keyed hash
/// (HMAC-SHA256) for exact-match lookups, so that ID and phone numbers can be compared
/// without being decrypted. The two keys are distinct.
/// </summary>
public sealed class PersonalDataProtector(byte[] encryptionKey, byte[] hashKey)
{
    // Format: "1:" + base64(nonce | tag | ciphertext). The leading key version leaves room for rotation.
    private const string Version = "1:";
    private const int NonceSize = 12;
    private const int TagSize = 16;

    // One cipher per thread: creating one imports the key into a new native context, which cost more than the
    // encryption itself (16 times per filing). An AesGcm instance is not meant to be shared between threads.
    private readonly ThreadLocal<AesGcm> cipher = new(() => new AesGcm(encryptionKey, TagSize));

    public string Protect(string plaintext)
    {
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var buffer = new byte[NonceSize + TagSize + plain.Length];
        var nonce = buffer.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        cipher.Value!.Encrypt(nonce, plain, buffer.AsSpan(NonceSize + TagSize), buffer.AsSpan(NonceSize, TagSize));
        return Version + Convert.ToBase64String(buffer);
    }

    public string Unprotect(string protectedValue)
    {
        if (!protectedValue.StartsWith(Version, StringComparison.Ordinal))
            throw new CryptographicException("Unknown personal-data cipher version.");
        var buffer = Convert.FromBase64String(protectedValue[Version.Length..]);
        var plain = new byte[buffer.Length - NonceSize - TagSize];
        cipher.Value!.Decrypt(
            buffer.AsSpan(0, NonceSize),
            buffer.AsSpan(NonceSize + TagSize),
            buffer.AsSpan(NonceSize, TagSize),
            plain
        );
        return Encoding.UTF8.GetString(plain);
    }

    public string? ProtectOrNull(string? plaintext) => string.IsNullOrEmpty(plaintext) ? null : Protect(plaintext);

    public string? UnprotectOrNull(string? protectedValue) => protectedValue is null ? null : Unprotect(protectedValue);

    /// <summary>Keyed hash of a normalised value (trimmed, upper-case) for equality lookups.</summary>
    public string Hash(string value)
    {
        var normalized = value.Trim().ToUpperInvariant();
        return Convert.ToHexStringLower(HMACSHA256.HashData(hashKey, Encoding.UTF8.GetBytes(normalized)));
    }

    public string? HashOrNull(string? value) => string.IsNullOrWhiteSpace(value) ? null : Hash(value);
}
