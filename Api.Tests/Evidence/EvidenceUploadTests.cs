using System.Net.Http.Headers;
using System.Text;
using Mediation.Api.Evidence;

namespace Mediation.Api.Tests.Evidence;

/// <summary>Upload through the API and read back, on every database and storage combination.</summary>
public abstract class EvidenceUploadTests(ApiFactory api)
{
    [Fact]
    public async Task AnUploadedPhotoReadsBackByteForByteWithTheHashTheApiReported()
    {
        var alice = await api.CitizenClientAsync("alice");
        var id = await alice.FileCaseAsync();
        var photo = TestFiles.Jpeg(50_000);

        var response = await alice.UploadAsync(id, photo, "门口杂物.jpg", "堵在通道上的杂物");

        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var body = await response.JsonAsync();
        body.GetProperty("fileName").GetString().Should().Be("门口杂物.jpg");
        body.GetProperty("contentType").GetString().Should().Be("image/jpeg");
        body.GetProperty("sizeBytes").GetInt64().Should().Be(photo.Length);
        body.GetProperty("sha256").GetString().Should().Be(TestFiles.Sha256(photo));
        body.TryGetProperty("uploadedAt", out _).Should().BeTrue();
        var download = await alice.DownloadAsync(body.GetProperty("id").GetString()!);
        download.StatusCode.Should().Be(HttpStatusCode.OK);
        (await download.Content.ReadAsByteArrayAsync()).Should().Equal(photo);
        var listed = (await alice.ListAsync(id)).Single();
        listed.GetProperty("description").GetString().Should().Be("堵在通道上的杂物");
        listed.GetProperty("kind").GetString().Should().Be("Photo");
    }

    [Fact]
    public async Task AVideoLargerThanOneStoragePartIsStreamedAndHashedCorrectly()
    {
        var alice = await api.CitizenClientAsync("video");
        var id = await alice.FileCaseAsync();
        var video = TestFiles.Mp4(10 * 1024 * 1024 + 12345);

        var body = await alice.UploadOkAsync(id, video, "现场录像.mp4");

        body.GetProperty("sha256").GetString().Should().Be(TestFiles.Sha256(video));
        body.GetProperty("contentType").GetString().Should().Be("video/mp4");
        var download = await alice.DownloadAsync(body.GetProperty("id").GetString()!);
        (await download.Content.ReadAsByteArrayAsync()).Should().Equal(video);
    }

    [Fact]
    public async Task AnExecutableRenamedToJpgIsRefusedWith415NamingWhatIsAllowed()
    {
        var alice = await api.CitizenClientAsync("exe");
        var id = await alice.FileCaseAsync();

        var exe = await alice.UploadAsync(id, TestFiles.WindowsExe(), "照片.jpg");
        var svg = await alice.UploadAsync(id, TestFiles.Svg(), "图.png");
        var html = await alice.UploadAsync(
            id,
            Encoding.UTF8.GetBytes("<!DOCTYPE html><html><script>x()</script></html>"),
            "a.pdf"
        );

        foreach (var response in new[] { exe, svg, html })
        {
            response.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
            (await response.JsonAsync())
                .GetProperty("detail")
                .GetString()
                .Should()
                .Contain("JPEG")
                .And.Contain("PDF")
                .And.Contain("MP4");
        }
        (await alice.ListAsync(id)).Should().BeEmpty();
        (await api.StoredKeysAsync(id)).Should().BeEmpty();
    }

    [Fact]
    public async Task AFileOverTheLimitIsRefusedWith413AndNothingIsStored()
    {
        var alice = await api.CitizenClientAsync("big");
        var id = await alice.FileCaseAsync();

        var photo = await alice.UploadAsync(id, TestFiles.Png((int)EvidenceLimits.MaxFileBytes + 1), "big.png");
        var video = await alice.UploadAsync(id, TestFiles.Mp4((int)EvidenceLimits.MaxVideoBytes + 1), "big.mp4");

        photo.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await photo.JsonAsync()).GetProperty("detail").GetString().Should().Contain("1 MB");
        video.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await video.JsonAsync()).GetProperty("detail").GetString().Should().Contain("12 MB");
        (await alice.ListAsync(id)).Should().BeEmpty();
        (await api.StoredKeysAsync(id)).Should().BeEmpty();
    }

    [Fact]
    public async Task AnotherCitizenGets404ForUploadListAndContent()
    {
        var alice = await api.CitizenClientAsync("alice");
        var bob = await api.CitizenClientAsync("bob");
        var id = await alice.FileCaseAsync();
        var evidenceId = (await alice.UploadOkAsync(id, TestFiles.Pdf(), "协议.pdf")).GetProperty("id").GetString()!;

        (await bob.UploadAsync(id, TestFiles.Jpeg(), "x.jpg")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await bob.GetAsync($"/api/disputes/{id}/evidence")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        var content = await bob.GetAsync($"/api/evidence/{evidenceId}/content");
        content.StatusCode.Should().Be(HttpStatusCode.NotFound);
        content.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await api.StoredKeysAsync(id)).Should().HaveCount(1);
    }

    [Fact]
    public async Task RangeRequestsReturnExactlyTheRequestedBytes()
    {
        var alice = await api.CitizenClientAsync("range");
        var id = await alice.FileCaseAsync();
        var pdf = TestFiles.Pdf(100_000);
        var evidenceId = (await alice.UploadOkAsync(id, pdf, "判决书.pdf")).GetProperty("id").GetString()!;

        var middle = await alice.DownloadAsync(evidenceId, new RangeHeaderValue(1000, 1999));
        var tail = await alice.DownloadAsync(evidenceId, new RangeHeaderValue(null, 500));

        middle.StatusCode.Should().Be(HttpStatusCode.PartialContent);
        (await middle.Content.ReadAsByteArrayAsync()).Should().Equal(pdf[1000..2000]);
        middle.Content.Headers.ContentRange!.Length.Should().Be(pdf.Length);
        tail.StatusCode.Should().Be(HttpStatusCode.PartialContent);
        (await tail.Content.ReadAsByteArrayAsync()).Should().Equal(pdf[^500..]);
    }

    [Fact]
    public async Task FileNamesAreSanitisedForDisplayAndDownloadKeepsTheRealNameInFilenameStar()
    {
        var alice = await api.CitizenClientAsync("names");
        var id = await alice.FileCaseAsync();

        var body = await alice.UploadOkAsync(id, TestFiles.Png(), "../../etc/证据\u0001<一>.exe");

        body.GetProperty("fileName").GetString().Should().Be("证据一.png");
        var key = api.WithDb(db =>
            db.EvidenceItems.Single(e => e.Id == Guid.Parse(body.GetProperty("id").GetString()!)).StorageKey
        );
        key.Should().MatchRegex("^disputes/[0-9a-f]{32}/[0-9a-f]{32}/[A-Za-z0-9_.-]+\\.png$");
        var download = await alice.DownloadAsync(body.GetProperty("id").GetString()!);
        download.Content.Headers.ContentDisposition!.FileNameStar.Should().Be("证据一.png");
    }
}

public sealed class EvidenceUploadTestsOnSqliteFileSystem(EvidenceHost<SqliteDatabase> api)
    : EvidenceUploadTests(api),
        IClassFixture<EvidenceHost<SqliteDatabase>>;

public sealed class EvidenceUploadTestsOnPostgresFileSystem(EvidenceHost<PostgresDatabase> api)
    : EvidenceUploadTests(api),
        IClassFixture<EvidenceHost<PostgresDatabase>>;

public sealed class EvidenceUploadTestsOnSqliteS3(S3EvidenceHost<SqliteDatabase> api)
    : EvidenceUploadTests(api),
        IClassFixture<S3EvidenceHost<SqliteDatabase>>;

public sealed class EvidenceUploadTestsOnPostgresS3(S3EvidenceHost<PostgresDatabase> api)
    : EvidenceUploadTests(api),
        IClassFixture<S3EvidenceHost<PostgresDatabase>>;
