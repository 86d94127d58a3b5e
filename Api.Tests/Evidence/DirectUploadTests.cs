using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Mediation.Api.Evidence;
using Minio.DataModel.Args;

namespace Mediation.Api.Tests.Evidence;

/// <summary>Presigned POST straight to the S3 server, then confirmation through the API. The S3 server enforces the
/// policy.</summary>
public abstract class DirectUploadTests(ApiFactory api)
{
    public static async Task<(HttpClient Alice, string Id, JsonElement Upload)> StartAsync(
        ApiFactory api,
        long sizeBytes
    )
    {
        var alice = await api.CitizenClientAsync("direct");
        var id = await alice.FileCaseAsync();
        var response = await alice.PostAsJsonAsync(
            $"/api/disputes/{id}/evidence/uploads",
            new
            {
                fileName = "现场录像.mp4",
                sizeBytes,
                contentType = "video/mp4",
                description = "录像",
            }
        );
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (alice, id, await response.JsonAsync());
    }

    /// <summary>Exactly what wx.uploadFile sends: every formData field (quoted names) first, then the file
    /// part.</summary>
    public static async Task<HttpResponseMessage> WxUploadFileAsync(
        JsonElement upload,
        byte[] file,
        Action<Dictionary<string, string>>? tamper = null
    )
    {
        var fields = upload
            .GetProperty("fields")
            .EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.GetString()!);
        tamper?.Invoke(fields);
        var boundary = "----WxUploadBoundary" + Guid.NewGuid().ToString("N");
        var body = new MemoryStream();
        void Write(string s) => body.Write(Encoding.UTF8.GetBytes(s));
        foreach (var (name, value) in fields)
            Write($"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n");
        Write(
            $"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"tmp_123.mp4\"\r\nContent-Type: video/mp4\r\n\r\n"
        );
        body.Write(file);
        Write($"\r\n--{boundary}--\r\n");
        var content = new ByteArrayContent(body.ToArray());
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={boundary}");
        using var http = new HttpClient();
        return await http.PostAsync(upload.GetProperty("url").GetString(), content);
    }

    private static async Task<bool> ExistsAsync(string bucket, string key)
    {
        try
        {
            await TestS3.Client().StatObjectAsync(new StatObjectArgs().WithBucket(bucket).WithObject(key));
            return true;
        }
        catch (Minio.Exceptions.ObjectNotFoundException)
        {
            return false;
        }
    }

    protected abstract string Bucket { get; }

    [Fact]
    public async Task APresignedPostSentAsWxUploadFileSendsItIsStoredAndConfirmed()
    {
        var video = TestFiles.Mp4(200_000);
        var (alice, id, upload) = await StartAsync(api, video.Length);
        upload.GetProperty("maxBytes").GetInt64().Should().Be(video.Length);
        upload
            .GetProperty("expiresAt")
            .GetDateTime()
            .Should()
            .BeOnOrBefore(api.Clock.GetUtcNow().UtcDateTime.AddMinutes(10));

        var posted = await WxUploadFileAsync(upload, video);
        var complete = await alice.PostAsync(
            $"/api/disputes/{id}/evidence/uploads/{upload.GetProperty("uploadId").GetString()}/complete",
            null
        );

        posted.IsSuccessStatusCode.Should().BeTrue(await posted.Content.ReadAsStringAsync());
        complete.StatusCode.Should().Be(HttpStatusCode.Created, await complete.Content.ReadAsStringAsync());
        var evidence = await complete.JsonAsync();
        evidence.GetProperty("sha256").GetString().Should().Be(TestFiles.Sha256(video));
        evidence.GetProperty("contentType").GetString().Should().Be("video/mp4");
        var download = await alice.DownloadAsync(evidence.GetProperty("id").GetString()!);
        (await download.Content.ReadAsByteArrayAsync()).Should().Equal(video);
    }

    [Fact]
    public async Task ATamperedPolicyOrAnotherKeyIsRefusedByTheS3Server()
    {
        var video = TestFiles.Mp4(100_000);
        var (_, _, upload) = await StartAsync(api, video.Length);
        var key = upload.GetProperty("key").GetString()!;

        var biggerLimit = await WxUploadFileAsync(upload, video, f =>
        {
            var policy = JsonNode.Parse(Convert.FromBase64String(f["policy"]))!;
            foreach (
                var c in policy["conditions"]!
                    .AsArray()
                    .OfType<JsonArray>()
                    .Where(c => (string?)c[0] == "content-length-range")
            )
                c[2] = 1L << 40;
            f["policy"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(policy.ToJsonString()));
        });
        var otherKey = await WxUploadFileAsync(upload, video, f => f["key"] = key + "-other");

        ((int)biggerLimit.StatusCode).Should().Be(403, await biggerLimit.Content.ReadAsStringAsync());
        ((int)otherKey.StatusCode).Should().Be(403, await otherKey.Content.ReadAsStringAsync());
        (await ExistsAsync(Bucket, key)).Should().BeFalse();
        (await ExistsAsync(Bucket, key + "-other")).Should().BeFalse();
    }

    [Fact]
    public async Task AFileLargerThanDeclaredIsRefusedByThePolicy()
    {
        var (_, _, upload) = await StartAsync(api, 50_000);

        var posted = await WxUploadFileAsync(upload, TestFiles.Mp4(50_001));

        ((int)posted.StatusCode).Should().Be(400, await posted.Content.ReadAsStringAsync());
        (await posted.Content.ReadAsStringAsync()).Should().Contain("EntityTooLarge");
        (await ExistsAsync(Bucket, upload.GetProperty("key").GetString()!)).Should().BeFalse();
    }

    [Fact]
    public async Task ACompletedUploadLargerThanDeclaredIsRejectedAndDeleted()
    {
        var (alice, id, upload) = await StartAsync(api, 50_000);
        var key = upload.GetProperty("key").GetString()!;
        // Whatever got it there (a lax server, a leaked credential), the API checks what it finds.
        var bigger = TestFiles.Mp4(60_000);
        await TestS3
            .Client()
            .PutObjectAsync(
                new PutObjectArgs()
                    .WithBucket(Bucket)
                    .WithObject(key)
                    .WithStreamData(new MemoryStream(bigger))
                    .WithObjectSize(bigger.Length)
                    .WithContentType("video/mp4")
            );

        var complete = await alice.PostAsync(
            $"/api/disputes/{id}/evidence/uploads/{upload.GetProperty("uploadId").GetString()}/complete",
            null
        );

        complete.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity, await complete.Content.ReadAsStringAsync());
        (await complete.JsonAsync()).GetProperty("detail").GetString().Should().Contain("已删除");
        (await ExistsAsync(Bucket, key)).Should().BeFalse();
        (await alice.ListAsync(id)).Should().BeEmpty();
    }

    [Fact]
    public async Task AnUploadOfTheWrongTypeIsDeletedAt415()
    {
        var exe = TestFiles.WindowsExe(30_000);
        var (alice, id, upload) = await StartAsync(api, exe.Length);
        (await WxUploadFileAsync(upload, exe)).IsSuccessStatusCode.Should().BeTrue();

        var complete = await alice.PostAsync(
            $"/api/disputes/{id}/evidence/uploads/{upload.GetProperty("uploadId").GetString()}/complete",
            null
        );

        complete.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
        (await ExistsAsync(Bucket, upload.GetProperty("key").GetString()!)).Should().BeFalse();
    }
}

public sealed class DirectUploadTestsOnSqlite(S3EvidenceHost<SqliteDatabase> api)
    : DirectUploadTests(api),
        IClassFixture<S3EvidenceHost<SqliteDatabase>>
{
    protected override string Bucket => api.Bucket;
}

public sealed class DirectUploadTestsOnPostgres(S3EvidenceHost<PostgresDatabase> api)
    : DirectUploadTests(api),
        IClassFixture<S3EvidenceHost<PostgresDatabase>>
{
    protected override string Bucket => api.Bucket;
}

public sealed class ExpiredDirectUploadTests(ShortLivedUploadsS3EvidenceApi api)
    : IClassFixture<ShortLivedUploadsS3EvidenceApi>
{
    [Fact]
    public async Task AnExpiredPolicyIsRefusedByTheS3ServerAndTheCleanupForgetsTheUpload()
    {
        var video = TestFiles.Mp4(20_000);
        var (alice, id, upload) = await DirectUploadTests.StartAsync(api, video.Length);
        var admin = await api.AdminClientAsync(); // before the clock moves: tokens are checked against the real clock
        await Task.Delay(TimeSpan.FromSeconds(4));

        var posted = await DirectUploadTests.WxUploadFileAsync(upload, video);
        var complete = await alice.PostAsync(
            $"/api/disputes/{id}/evidence/uploads/{upload.GetProperty("uploadId").GetString()}/complete",
            null
        );
        api.Clock.Advance(TimeSpan.FromMinutes(1));
        var cleanup = await admin.PostAsync("/api/admin/evidence/cleanup/runs", null);

        ((int)posted.StatusCode).Should().Be(403, await posted.Content.ReadAsStringAsync());
        complete.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await cleanup.JsonAsync()).GetProperty("expiredUploads").GetInt32().Should().Be(1);
        api.WithDb(db => db.EvidenceUploads.Count()).Should().Be(0);
    }
}
