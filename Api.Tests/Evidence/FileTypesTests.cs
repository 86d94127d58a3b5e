using System.IO.Compression;
using System.Text;
using Mediation.Api.Evidence;

namespace Mediation.Api.Tests.Evidence;

public sealed class FileTypesTests
{
    private static byte[] Bytes(params object[] parts) =>
        parts
            .SelectMany(p =>
                p switch
                {
                    string s => Encoding.ASCII.GetBytes(s),
                    byte[] b => b,
                    _ => throw new ArgumentException(),
                }
            )
            .Concat(new byte[64])
            .ToArray();

    private static byte[] Zip(params string[] entries)
    {
        var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var name in entries)
                using (var writer = new StreamWriter(zip.CreateEntry(name).Open()))
                    writer.Write("<x/>");
        return stream.ToArray();
    }

    public static TheoryData<string, byte[]> Allowed =>
        new()
        {
            { "image/jpeg", Bytes(new byte[] { 0xFF, 0xD8, 0xFF, 0xE1 }) },
            { "image/png", Bytes(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }) },
            { "image/gif", Bytes("GIF89a") },
            { "image/webp", Bytes("RIFF", new byte[4], "WEBPVP8 ") },
            { "image/heic", Bytes(new byte[] { 0, 0, 0, 0x18 }, "ftypheic", new byte[4], "mif1heic") },
            { "application/pdf", Bytes("%PDF-1.4") },
            { "audio/mpeg", Bytes("ID3", new byte[] { 4, 0 }) },
            { "audio/mpeg", Bytes(new byte[] { 0xFF, 0xFB, 0x90, 0x64 }) },
            { "audio/aac", Bytes(new byte[] { 0xFF, 0xF1, 0x50, 0x80 }) },
            { "audio/mp4", Bytes(new byte[] { 0, 0, 0, 0x20 }, "ftypM4A ", new byte[4], "M4A mp42isom") },
            { "audio/amr", Bytes("#!AMR\n") },
            { "audio/wav", Bytes("RIFF", new byte[4], "WAVEfmt ") },
            { "video/mp4", Bytes(new byte[] { 0, 0, 0, 0x18 }, "ftypmp42", new byte[4], "isommp42") },
            { "video/quicktime", Bytes(new byte[] { 0, 0, 0, 0x14 }, "ftypqt  ", new byte[4], "qt  ") },
            {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                Zip("[Content_Types].xml", "_rels/.rels", "word/document.xml")
            },
            {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                Zip("[Content_Types].xml", "_rels/.rels", "xl/workbook.xml")
            },
        };

    [Theory]
    [MemberData(nameof(Allowed))]
    public void AllowedTypesAreRecognisedByTheirFirstBytes(string contentType, byte[] head) =>
        FileTypes.Detect(head)!.ContentType.Should().Be(contentType);

    public static TheoryData<string, byte[]> Refused =>
        new()
        {
            { "Windows executable", Bytes("MZ", new byte[] { 0x90, 0 }) },
            { "ELF executable", Bytes(new byte[] { 0x7F }, "ELF") },
            { "shell script", Bytes("#!/bin/sh\nrm -rf /\n") },
            { "HTML", Bytes("<!DOCTYPE html><html>") },
            { "SVG", Bytes("<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\">") },
            { "plain ZIP", Zip("readme.txt") },
            { "JAR", Zip("META-INF/MANIFEST.MF", "a/Main.class") },
            { "AVIF", Bytes(new byte[] { 0, 0, 0, 0x1C }, "ftypavif", new byte[4], "avifmif1miaf") },
            { "empty", [] },
        };

    [Theory]
    [MemberData(nameof(Refused))]
    public void EverythingElseIsRefused(string what, byte[] head) => FileTypes.Detect(head).Should().BeNull(what);

    [Fact]
    public void ContentDispositionCarriesAnAsciiFallbackAndTheRealNameAsFilenameStar()
    {
        var header = FileNames.ContentDisposition("调解 协议\"书\".pdf", FileTypes.Pdf);

        header.Should().StartWith("attachment").And.Contain("filename*=UTF-8''").And.NotContain("调解");
        Microsoft
            .Net.Http.Headers.ContentDispositionHeaderValue.Parse(header)
            .FileNameStar.Value.Should()
            .Be("调解 协议\"书\".pdf");
    }
}
