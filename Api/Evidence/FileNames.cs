using System.Text;

namespace Mediation.Api.Evidence;

/// <summary>File names from phones are display text only: cleaned for showing and for Content-Disposition, and reduced
/// to ASCII for storage keys.</summary>
public static class FileNames
{
    private const int MaxLength = 100;

    /// <summary>The name without any path, control or reserved characters, its extension replaced by the detected
    /// type's.</summary>
    public static string ForDisplay(string? name, DetectedType type)
    {
        var raw = (name ?? "").Replace('\\', '/');
        raw = raw[(raw.LastIndexOf('/') + 1)..];
        var sb = new StringBuilder();
        foreach (var c in raw.Normalize(NormalizationForm.FormC))
            if (
                !char.IsControl(c)
                && !char.IsSurrogate(c)
                && c is not ('<' or '>' or ':' or '"' or '|' or '?' or '*' or ';' or '\u202E' or '\u202D')
            )
                sb.Append(c);
        var stem = Path.GetFileNameWithoutExtension(sb.ToString().Trim().Trim('.')).Trim().Trim('.');
        if (stem.Length == 0)
            stem = "证据";
        if (stem.Length > MaxLength)
            stem = stem[..MaxLength];
        return stem + type.Extension;
    }

    /// <summary>An ASCII-only, path-safe version for the storage key (the display name is kept in the
    /// database).</summary>
    public static string ForKey(string displayName, DetectedType type)
    {
        var stem = Path.GetFileNameWithoutExtension(displayName);
        var sb = new StringBuilder();
        foreach (var c in stem)
            sb.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_');
        var clean = string.Join('_', sb.ToString().Split('_', StringSplitOptions.RemoveEmptyEntries));
        if (clean.Length == 0)
            clean = "file";
        if (clean.Length > 60)
            clean = clean[..60];
        return clean + type.Extension;
    }

    /// <summary><c>attachment</c> with an ASCII fallback and the real name as RFC 5987 <c>filename*</c>.</summary>
    public static string ContentDisposition(string displayName, DetectedType type)
    {
        var header = new Microsoft.Net.Http.Headers.ContentDispositionHeaderValue("attachment");
        header.SetHttpFileName(displayName);
        header.FileName = ForKey(displayName, type);
        return header.ToString();
    }
}
