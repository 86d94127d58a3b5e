using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Mediation.Api.WeChat;

/// <summary>
/// The message-push signatures and the safe-mode AES envelope (shared/wechat-api.md §6):
/// SHA-1 over the ordinal-sorted parts; AES-256-CBC with IV = key[0..16] and PKCS#7 padding to a
/// 32-byte block (done by hand: .NET's PKCS7 mode pads to 16); plaintext = 16 random bytes, a
/// big-endian length, the message, and the appid, which is checked on decryption.
/// </summary>
public static class WeChatMessageCrypto
{
    private const int Block = 32;

    public static string Signature(params string[] parts)
    {
        var sorted = parts.Order(StringComparer.Ordinal);
        return Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(string.Concat(sorted))));
    }

    /// <summary>Constant-time, case-insensitive comparison of a received signature with the expected one.</summary>
    public static bool SignatureMatches(string? received, params string[] parts)
    {
        if (string.IsNullOrEmpty(received))
            return false;
        var expected = Encoding.ASCII.GetBytes(Signature(parts));
        var actual = Encoding.ASCII.GetBytes(received.ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }

    public static string Encrypt(string encodingAesKey, string appId, string message, byte[]? random16 = null)
    {
        var key = Key(encodingAesKey);
        var body = Encoding.UTF8.GetBytes(message);
        var tail = Encoding.UTF8.GetBytes(appId);
        var length = 16 + 4 + body.Length + tail.Length;
        var pad = Block - length % Block;
        var plain = new byte[length + pad];
        (random16 ?? RandomNumberGenerator.GetBytes(16)).CopyTo(plain, 0);
        BinaryPrimitives.WriteInt32BigEndian(plain.AsSpan(16), body.Length);
        body.CopyTo(plain, 20);
        tail.CopyTo(plain, 20 + body.Length);
        plain.AsSpan(length).Fill((byte)pad);
        using var aes = Aes.Create();
        aes.Key = key;
        return Convert.ToBase64String(aes.EncryptCbc(plain, key.AsSpan(0, 16), PaddingMode.None));
    }

    /// <summary>Decrypts an <c>Encrypt</c> value; null when it is malformed or was not made for <paramref name="appId"/>.</summary>
    public static string? TryDecrypt(string encodingAesKey, string appId, string encrypted)
    {
        try
        {
            var key = Key(encodingAesKey);
            var cipher = Convert.FromBase64String(encrypted);
            if (cipher.Length == 0 || cipher.Length % 16 != 0)
                return null;
            using var aes = Aes.Create();
            aes.Key = key;
            var plain = aes.DecryptCbc(cipher, key.AsSpan(0, 16), PaddingMode.None);
            int pad = plain[^1];
            if (pad is < 1 or > Block || pad > plain.Length - 20)
                return null;
            var content = plain.AsSpan(0, plain.Length - pad);
            var length = BinaryPrimitives.ReadInt32BigEndian(content[16..]);
            if (length < 0 || 20 + length > content.Length)
                return null;
            var tail = Encoding.UTF8.GetString(content[(20 + length)..]);
            return tail == appId ? Encoding.UTF8.GetString(content.Slice(20, length)) : null;
        }
        catch (Exception e) when (e is FormatException or CryptographicException or ArgumentException)
        {
            return null;
        }
    }

    private static byte[] Key(string encodingAesKey)
    {
        if (encodingAesKey.Length != 43)
            throw new ArgumentException("EncodingAESKey must be 43 characters.", nameof(encodingAesKey));
        return Convert.FromBase64String(encodingAesKey + "=");
    }
}
