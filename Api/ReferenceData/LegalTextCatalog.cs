using System.Security.Cryptography;
using System.Text;

namespace Mediation.Api.ReferenceData;

public sealed record LegalText(string Kind, string Version, string Text, string Sha256);

/// <summary>
/// The texts a citizen acknowledges or signs, loaded once from ReferenceData/LegalTexts. The SHA-256 is over the
/// UTF-8 text exactly as served, so a signature can be bound to the words the signer saw.
/// </summary>
public sealed class LegalTextCatalog
{
    public const string RightsNotice = "rights-notice";
    public const string CreditCommitment = "credit-commitment";

    private readonly Dictionary<string, LegalText> current;

    public LegalTextCatalog(IEnumerable<LegalText> texts) => current = texts.ToDictionary(t => t.Kind);

    public LegalText? Current(string kind) => current.GetValueOrDefault(kind);

    public bool IsCurrent(string kind, string? version, string? sha256) =>
        current.TryGetValue(kind, out var text)
        && text.Version == version
        && string.Equals(text.Sha256, sha256, StringComparison.OrdinalIgnoreCase);

    public static LegalText Load(string kind, string version, string path)
    {
        var text = File.ReadAllText(path, Encoding.UTF8).Replace("\r\n", "\n").TrimEnd() + "\n";
        var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        return new LegalText(kind, version, text, sha);
    }
}
