using System.IO.Compression;
using DocumentFormat.OpenXml.Wordprocessing;
using Mediation.Api.Auth;
using Mediation.Api.Infrastructure.Security;
using Mediation.Api.Tests.Evidence;
using Mediation.Api.Tests.Intake;

namespace Mediation.Api.Tests.CaseFile;

public abstract class CaseFileTests(OutcomesFactory api)
{
    [Fact]
    public async Task TheCaseFileListsTheDocumentsInTheStandardOrderAndTheZipHoldsThemWithTheEvidenceBytes()
    {
        var c = await api.CaseInMediationAsync();
        var photo = TestFiles.Jpeg(20_000);
        await c.Applicant.UploadOkAsync(c.Id.ToString(), photo, "刮痕.jpg");
        await c.AgreedAsync(api.Today().AddDays(10));

        var list = await c.Mediator.Client.GetAsync($"/api/disputes/{c.Id}/case-file").OkJsonAsync();

        var sections = list.GetProperty("items")
            .EnumerateArray()
            .Select(i => i.GetProperty("section").GetString())
            .ToList();
        sections
            .Should()
            .StartWith([
                "封面",
                "申请书",
                "权利义务告知书",
                "信用承诺书",
                "证据材料",
                "调解记录",
                "调解协议书",
                "履行凭证",
            ]);
        sections[^1].Should().Be("封底");
        var zipResponse = await c.Mediator.Client.GetAsync($"/api/disputes/{c.Id}/case-file.zip");
        zipResponse.StatusCode.Should().Be(HttpStatusCode.OK);
        zipResponse.Content.Headers.ContentType!.MediaType.Should().Be("application/zip");
        using var zip = new ZipArchive(await zipResponse.Content.ReadAsStreamAsync(), ZipArchiveMode.Read);
        zip.Entries.Select(e => e.FullName)
            .Should()
            .Equal(list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("path").GetString()));
        var evidence = zip.Entries.Single(e => e.FullName.Contains("证据材料"));
        using (var read = new MemoryStream())
        {
            await using var stream = evidence.Open();
            await stream.CopyToAsync(read);
            read.ToArray().Should().Equal(photo);
        }
        using var agreement = new StreamReader(zip.Entries.Single(e => e.FullName.EndsWith("调解协议书.html")).Open());
        (await agreement.ReadToEndAsync()).Should().Contain("人民调解协议书").And.Contain("3000.00元");
        using var application = new StreamReader(
            zip.Entries.Single(e => e.FullName.EndsWith("调解申请书及受理登记.html")).Open()
        );
        (await application.ReadToEndAsync())
            .Should()
            .Contain("张三")
            .And.NotContain(Applications.RespondentId, "ID numbers stay masked in the file")
            .And.Contain("小程序申请")
            .And.NotContain("MiniProgram", "the archive names values in Chinese");
    }

    [Fact]
    public async Task TheZipHoldsTheCasesOfficialDocumentsAsWordFilesInArchiveOrderBeforeTheBackCover()
    {
        var c = await api.CaseInMediationAsync();
        await c.AgreedAsync(api.Today().AddDays(10));

        var list = await c.Mediator.Client.GetAsync($"/api/disputes/{c.Id}/case-file").OkJsonAsync();
        var zipResponse = await c.Mediator.Client.GetAsync($"/api/disputes/{c.Id}/case-file.zip");

        var items = list.GetProperty("items").EnumerateArray().ToList();
        items
            .Where(i => i.GetProperty("section").GetString() == "调解文书")
            .Select(i => i.GetProperty("title").GetString())
            .Should()
            .Equal(
                "人民调解申请书",
                "人民调解权利义务告知书",
                "人民调解受理通知书",
                "人民调解协议书",
                "司法确认申请书",
                "送达回证",
                "人民调解卷宗封面及卷内目录",
                "人民调解卷宗（合订本）"
            );
        items[^2].GetProperty("section").GetString().Should().Be("调解文书", "the back cover closes the file");
        using var zip = new ZipArchive(await zipResponse.Content.ReadAsStreamAsync(), ZipArchiveMode.Read);
        using var copy = new MemoryStream();
        await using (var entry = zip.Entries.Single(e => e.FullName.EndsWith("-人民调解协议书.docx")).Open())
            await entry.CopyToAsync(copy);
        using var word = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(copy, false);
        word.MainDocumentPart!.Document!.Body!.InnerText.Should().Contain("人民币叁仟元整").And.Contain(c.CaseNumber);

        // The bound volume: every document in archive order after the cover and contents, the notes page last, and a
        // contents whose page column refers, field by field, to the first line of each.
        using var bound = new MemoryStream();
        await using (var entry = zip.Entries.Single(e => e.FullName.EndsWith("-人民调解卷宗（合订本）.docx")).Open())
            await entry.CopyToAsync(bound);
        // scripts/render-documents.sh lays it out with LibreOffice to compare the contents with the printed pages.
        if (Environment.GetEnvironmentVariable("DOCUMENTS_RENDER_DIR") is { Length: > 0 } folder)
            await File.WriteAllBytesAsync(Path.Combine(folder, "人民调解卷宗（合订本）.docx"), bound.ToArray());
        using var volume = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(bound, false);
        new DocumentFormat.OpenXml.Validation.OpenXmlValidator()
            .Validate(volume)
            .Select(e => $"{e.Path?.XPath}: {e.Description}")
            .Should()
            .BeEmpty();
        var body = volume.MainDocumentPart!.Document!.Body!;
        var marks = body.Descendants<BookmarkStart>().ToList();
        marks
            .Select(m => ((Paragraph)m.Parent!).InnerText)
            .Should()
            .Equal(
                "人民调解申请书",
                "人民调解权利义务告知书",
                "人民调解受理通知书",
                "人民调解协议书",
                "司法确认申请书",
                "送达回证",
                "备考表"
            );
        var references = body.Descendants<Table>()
            .First(t => t.InnerText.Contains("页号"))
            .Descendants<SimpleField>()
            .Select(f => f.Instruction!.Value!.Trim())
            .ToList();
        references.Should().Equal(marks.Select(m => $"PAGEREF {m.Name} \\h"), "one page field per document, in order");
        marks.Select(m => m.Name!.Value).Should().OnlyHaveUniqueItems();
        volume
            .MainDocumentPart.DocumentSettingsPart!.Settings!.GetFirstChild<UpdateFieldsOnOpen>()!
            .Val!.Value.Should()
            .BeTrue("Word and WPS work the page numbers out when the clerk opens the volume");
        body.Descendants<Paragraph>()
            .Count(p => p.Descendants<Break>().Any(b => b.Type?.Value == BreakValues.Page))
            .Should()
            .BeGreaterThanOrEqualTo(marks.Count + 1, "each document starts on its own page");
    }

    [Fact]
    public async Task StaffOfAnotherBodyAndCitizensCannotReadTheCaseFile()
    {
        var c = await api.CaseInMediationAsync();
        var elsewhere = await api.NewStaffAsync("WD-ZJC-DC", [StaffRoles.Intake]);
        (await elsewhere.Client.GetAsync($"/api/disputes/{c.Id}/case-file"))
            .StatusCode.Should()
            .Be(HttpStatusCode.NotFound);
        (await elsewhere.Client.GetAsync($"/api/disputes/{c.Id}/case-file.zip"))
            .StatusCode.Should()
            .Be(HttpStatusCode.NotFound);
        (await c.Applicant.GetAsync($"/api/disputes/{c.Id}/case-file"))
            .StatusCode.Should()
            .Be(HttpStatusCode.Forbidden);
    }
}

public sealed class CaseFileTestsOnSqlite(OutcomesHost<SqliteDatabase> api)
    : CaseFileTests(api),
        IClassFixture<OutcomesHost<SqliteDatabase>>;

public sealed class CaseFileTestsOnPostgres(OutcomesHost<PostgresDatabase> api)
    : CaseFileTests(api),
        IClassFixture<OutcomesHost<PostgresDatabase>>;
