using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;
using Mediation.Api.Auth;
using Mediation.Api.Infrastructure;
using Mediation.Api.Infrastructure.Security;
using Mediation.Api.Tests.Intake;
using Mediation.Api.Tests.Sessions;

namespace Mediation.Api.Tests.Documents;

public static class Docx
{
    public const string MediaType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    /// <summary>Checks the response is a .docx that the Open XML validator accepts, and returns its text, a line a
    /// paragraph.</summary>
    public static async Task<string> TextAsync(HttpResponseMessage response)
    {
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.Should().Be(MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        // scripts/render-documents.sh sets this to look at the documents as a clerk would (PDF and PNG).
        if (Environment.GetEnvironmentVariable("DOCUMENTS_RENDER_DIR") is { Length: > 0 } folder)
            await File.WriteAllBytesAsync(
                Path.Combine(folder, response.Content.Headers.ContentDisposition!.FileNameStar!),
                bytes
            );
        using var stream = new MemoryStream(bytes);
        using var document = WordprocessingDocument.Open(stream, false);
        new OpenXmlValidator().Validate(document).Select(e => $"{e.Path?.XPath}: {e.Description}").Should().BeEmpty();
        return string.Join(
            '\n',
            document.MainDocumentPart!.Document!.Body!.Descendants<Paragraph>().Select(p => p.InnerText)
        );
    }
}
