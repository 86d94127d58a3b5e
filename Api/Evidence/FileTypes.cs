using System.Text;

namespace Mediation.Api.Evidence;

public sealed record DetectedType(string ContentType, string Extension, EvidenceKind Kind, string Label);

/// <summary>
/// Decides a file's type from its first bytes, never from its name or declared type. Anything not on the list
/// (executables, scripts, HTML, SVG, archives, ...) is refused.
/// </summary>
public static class FileTypes
{
    /// <summary>How many leading bytes <see cref="Detect"/> needs (Office files are ZIPs: their part names come a
    /// little later).</summary>
    public const int HeadBytes = 64 * 1024;

    public const string AllowedDescription =
        "图片（JPEG、PNG、HEIC、WebP、GIF）、PDF、音频（MP3、M4A/AAC、AMR、WAV）、视频（MP4、MOV）、Word 文档（DOCX）和 Excel 表格（XLSX）";

    public static readonly DetectedType Jpeg = new("image/jpeg", ".jpg", EvidenceKind.Photo, "JPEG");
    public static readonly DetectedType Png = new("image/png", ".png", EvidenceKind.Photo, "PNG");
    public static readonly DetectedType Heic = new("image/heic", ".heic", EvidenceKind.Photo, "HEIC");
    public static readonly DetectedType WebP = new("image/webp", ".webp", EvidenceKind.Photo, "WebP");
    public static readonly DetectedType Gif = new("image/gif", ".gif", EvidenceKind.Photo, "GIF");
    public static readonly DetectedType Pdf = new("application/pdf", ".pdf", EvidenceKind.Document, "PDF");
    public static readonly DetectedType Mp3 = new("audio/mpeg", ".mp3", EvidenceKind.Audio, "MP3");
    public static readonly DetectedType M4a = new("audio/mp4", ".m4a", EvidenceKind.Audio, "M4A");
    public static readonly DetectedType Aac = new("audio/aac", ".aac", EvidenceKind.Audio, "AAC");
    public static readonly DetectedType Amr = new("audio/amr", ".amr", EvidenceKind.Audio, "AMR");
    public static readonly DetectedType Wav = new("audio/wav", ".wav", EvidenceKind.Audio, "WAV");
    public static readonly DetectedType Mp4 = new("video/mp4", ".mp4", EvidenceKind.Video, "MP4");
    public static readonly DetectedType Mov = new("video/quicktime", ".mov", EvidenceKind.Video, "MOV");
    public static readonly DetectedType Docx = new(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".docx",
        EvidenceKind.Document,
        "DOCX"
    );
    public static readonly DetectedType Xlsx = new(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ".xlsx",
        EvidenceKind.Document,
        "XLSX"
    );

    public static DetectedType? Detect(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith<byte>([0xFF, 0xD8, 0xFF]))
            return Jpeg;
        if (head.StartsWith<byte>([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
            return Png;
        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8))
            return Gif;
        if (head.StartsWith("%PDF-"u8))
            return Pdf;
        if (head.StartsWith("#!AMR"u8))
            return Amr;
        if (head.Length >= 12 && head.StartsWith("RIFF"u8))
        {
            if (head[8..12].SequenceEqual("WEBP"u8))
                return WebP;
            if (head[8..12].SequenceEqual("WAVE"u8))
                return Wav;
            return null;
        }
        if (head.Length >= 12 && head[4..8].SequenceEqual("ftyp"u8))
            return IsoMedia(head);
        if (
            head.Length >= 8
            && (
                head[4..8].SequenceEqual("moov"u8)
                || head[4..8].SequenceEqual("wide"u8)
                || head[4..8].SequenceEqual("mdat"u8)
            )
        )
            return Mov;
        if (head.StartsWith("ID3"u8))
            return Mp3;
        if (head.Length >= 2 && head[0] == 0xFF)
        {
            if ((head[1] & 0xF6) == 0xF0)
                return Aac; // ADTS: sync + layer 00
            if ((head[1] & 0xE0) == 0xE0 && (head[1] & 0x06) != 0)
                return Mp3; // MPEG audio frame: sync + layer I-III
        }
        if (head.StartsWith("PK\u0003\u0004"u8))
            return Office(head);
        return null;
    }

    private static DetectedType? IsoMedia(ReadOnlySpan<byte> head)
    {
        var major = Encoding.ASCII.GetString(head[8..12]);
        var boxSize = (int)Math.Min(head.Length, (uint)(head[0] << 24 | head[1] << 16 | head[2] << 8 | head[3]));
        var brands = boxSize > 16 ? Encoding.ASCII.GetString(head[16..boxSize]) : "";
        return major switch
        {
            "heic" or "heix" or "hevc" or "hevx" or "heim" or "heis" => Heic,
            "mif1" or "msf1" when brands.Contains("heic") || brands.Contains("heix") => Heic,
            "mif1" or "msf1" or "avif" or "avis" => null,
            "M4A " or "M4B " or "M4P " => M4a,
            "qt  " => Mov,
            _ => Mp4,
        };
    }

    /// <summary>DOCX and XLSX are ZIP packages with [Content_Types].xml and a word/ or xl/ part; any other ZIP (JAR,
    /// APK, plain archives) is refused.</summary>
    private static DetectedType? Office(ReadOnlySpan<byte> head)
    {
        if (head.IndexOf("[Content_Types].xml"u8) < 0)
            return null;
        if (head.IndexOf("word/"u8) >= 0)
            return Docx;
        if (head.IndexOf("xl/"u8) >= 0)
            return Xlsx;
        return null;
    }
}
