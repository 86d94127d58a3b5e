using System.Net.Http.Headers;
using Mediation.Api.Auth;
using Mediation.Api.Infrastructure.Security;
using Mediation.Api.Tests.Intake;

namespace Mediation.Api.Tests.Evidence;

/// <summary>GET /api/evidence/{id}/link: a short-lived address an &lt;img&gt; or &lt;video&gt; can load without the
/// bearer token.</summary>
public abstract class EvidenceLinkTests(ApiFactory api)
{
    protected readonly ApiFactory Api = api;

    protected async Task<(string CaseId, string EvidenceId, byte[] Photo, Staff Intake)> PhotoAsync()
    {
        var alice = await Api.CitizenClientAsync("link");
        var id = await alice.FileCaseAsync();
        var photo = TestFiles.Jpeg(20_000);
        var evidenceId = (await alice.UploadOkAsync(id, photo, "现场.jpg")).GetProperty("id").GetString()!;
        return (id, evidenceId, photo, await Api.NewStaffAsync("WD-ZJC-XC", [StaffRoles.Intake]));
    }

    /// <summary>What a browser does with the link: a plain GET, no Authorization header (the service's own links go to
    /// the test server).</summary>
    protected async Task<HttpResponseMessage> FollowAsync(string url, RangeHeaderValue? range = null)
    {
        var uri = new Uri(url);
        using var outside = new HttpClient();
        var client = uri.Host == "localhost" ? Api.CreateClient() : outside;
        using var request = new HttpRequestMessage(HttpMethod.Get, uri.Host == "localhost" ? uri.PathAndQuery : url);
        request.Headers.Range = range;
        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    protected static async Task<JsonElement> LinkAsync(HttpClient client, string evidenceId) =>
        await client.GetAsync($"/api/evidence/{evidenceId}/link").OkJsonAsync();

    [Fact]
    public async Task StaffWithJurisdictionGetAShortLivedLinkThatServesTheFileWithoutTheTokenAndTheIssueIsAudited()
    {
        var (_, evidenceId, photo, intake) = await PhotoAsync();

        var link = await LinkAsync(intake.Client, evidenceId);

        link.GetProperty("expiresAt")
            .GetDateTime()
            .Should()
            .BeOnOrBefore(Api.Clock.GetUtcNow().UtcDateTime.AddMinutes(5))
            .And.BeAfter(Api.Clock.GetUtcNow().UtcDateTime);
        var file = await FollowAsync(link.GetProperty("url").GetString()!);
        file.StatusCode.Should().Be(HttpStatusCode.OK);
        file.Content.Headers.ContentType!.MediaType.Should().Be("image/jpeg");
        (await file.Content.ReadAsByteArrayAsync()).Should().Equal(photo);
        Api.WithDb(db =>
                db.AuditEntries.Count(a =>
                    a.Action == "EvidenceLinkIssued" && a.TargetId == evidenceId && a.ActorId == intake.Id
                )
            )
            .Should()
            .Be(1);
    }

    [Fact]
    public async Task TheLinkShowsTheFileInlineUnderTheNameThePartyGaveIt()
    {
        var (_, evidenceId, photo, intake) = await PhotoAsync();

        var response = await FollowAsync((await LinkAsync(intake.Client, evidenceId)).GetProperty("url").GetString()!);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsByteArrayAsync()).Should().Equal(photo);
        var disposition = response.Content.Headers.ContentDisposition!;
        disposition
            .DispositionType.Should()
            .Be("inline", "the console previews the file in the tab (a PDF would otherwise download)");
        disposition.FileNameStar.Should().Be("现场.jpg");
    }

    [Fact]
    public async Task TheLinkAnswersRangeRequestsSoVideosCanSeek()
    {
        var (_, evidenceId, photo, intake) = await PhotoAsync();
        var url = (await LinkAsync(intake.Client, evidenceId)).GetProperty("url").GetString()!;

        var part = await FollowAsync(url, new RangeHeaderValue(100, 199));

        part.StatusCode.Should().Be(HttpStatusCode.PartialContent);
        (await part.Content.ReadAsByteArrayAsync()).Should().Equal(photo[100..200]);
    }

    [Fact]
    public async Task StaffOfAnotherBodyAndAnotherCitizenGet404AndNoLink()
    {
        var (_, evidenceId, _, _) = await PhotoAsync();
        var elsewhere = await Api.NewStaffAsync("WD-ZT-NC", [StaffRoles.Intake]);
        var stranger = await Api.CitizenClientAsync("stranger");

        (await elsewhere.Client.GetAsync($"/api/evidence/{evidenceId}/link"))
            .StatusCode.Should()
            .Be(HttpStatusCode.NotFound);
        (await stranger.GetAsync($"/api/evidence/{evidenceId}/link")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await Api.CreateClient().GetAsync($"/api/evidence/{evidenceId}/link"))
            .StatusCode.Should()
            .Be(HttpStatusCode.Unauthorized);
    }
}

/// <summary>On the file-system store the link is this service's own signed address.</summary>
public abstract class FileSystemEvidenceLinkTests(ApiFactory api) : EvidenceLinkTests(api)
{
    [Fact]
    public async Task ALinkIssuedBeforeTheFileWasWithdrawnStopsWorkingAndTheFileIsNotCached()
    {
        var alice = await Api.CitizenClientAsync("link-withdrawn");
        var id = await alice.FileCaseAsync();
        var evidenceId = (await alice.UploadOkAsync(id, TestFiles.Jpeg(20_000), "传错的照片.jpg"))
            .GetProperty("id")
            .GetString()!;
        var url = (await LinkAsync(alice, evidenceId)).GetProperty("url").GetString()!;

        var before = await FollowAsync(url);
        before.StatusCode.Should().Be(HttpStatusCode.OK);
        before.Headers.CacheControl!.NoStore.Should().BeTrue("evidence is not kept in browser caches");
        (await alice.PostAsJsonAsync($"/api/disputes/{id}/evidence/{evidenceId}/withdraw", new { reason = "传错了" }))
            .StatusCode.Should()
            .Be(HttpStatusCode.OK);

        (await FollowAsync(url)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AChangedSignatureOrAnotherEvidenceIdIsRefused()
    {
        var (_, evidenceId, _, intake) = await PhotoAsync();
        var (_, otherId, _, _) = await PhotoAsync();
        var url = (await LinkAsync(intake.Client, evidenceId)).GetProperty("url").GetString()!;
        var sig = url[(url.IndexOf("sig=", StringComparison.Ordinal) + 4)..];
        var tampered = url.Replace("sig=" + sig, "sig=" + (sig[0] == 'a' ? 'b' : 'a') + sig[1..]);

        var changed = await FollowAsync(tampered);
        var swapped = await FollowAsync(url.Replace(evidenceId, otherId));

        await changed.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "链接");
        await swapped.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "链接");
    }

    [Fact]
    public async Task ALinkStopsWorkingWhenItExpires()
    {
        var (_, evidenceId, photo, intake) = await PhotoAsync();
        var url = (await LinkAsync(intake.Client, evidenceId)).GetProperty("url").GetString()!;
        (await (await FollowAsync(url)).Content.ReadAsByteArrayAsync()).Should().Equal(photo);

        Api.Clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(2));
        var late = await FollowAsync(url);

        await late.ShouldBeProblemAsync(HttpStatusCode.Forbidden, "链接已过期");
    }

    [Fact]
    public async Task TheConsolesPolicyAllowsOnlyItsOwnOriginForImagesOnTheFileSystemStore()
    {
        var page = await Api.CreateClient().GetAsync("/console/");
        var csp = page.Headers.GetValues("Content-Security-Policy").Single();
        csp.Should().Contain("img-src 'self' data: blob:;").And.Contain("media-src 'self' blob:;");
    }
}

public sealed class EvidenceLinkTestsOnSqlite(EvidenceHost<SqliteDatabase> api)
    : FileSystemEvidenceLinkTests(api),
        IClassFixture<EvidenceHost<SqliteDatabase>>;

public sealed class EvidenceLinkTestsOnPostgres(EvidenceHost<PostgresDatabase> api)
    : FileSystemEvidenceLinkTests(api),
        IClassFixture<EvidenceHost<PostgresDatabase>>;

/// <summary>On MinIO / S3 the link is a presigned GET, and the console may load images and media from the store's
/// public address.</summary>
public sealed class EvidenceLinkTestsOnS3(S3EvidenceHost<SqliteDatabase> api)
    : EvidenceLinkTests(api),
        IClassFixture<S3EvidenceHost<SqliteDatabase>>
{
    [Fact]
    public async Task TheLinkIsPresignedForTheStoreAndTheConsolesPolicyAllowsItsAddress()
    {
        var (_, evidenceId, _, intake) = await PhotoAsync();
        var url = new Uri((await LinkAsync(intake.Client, evidenceId)).GetProperty("url").GetString()!);
        url.Authority.Should().Be(TestS3.Endpoint);
        url.Query.Should().Contain("X-Amz-Signature");

        var page = await Api.CreateClient().GetAsync("/console/");
        var csp = page.Headers.GetValues("Content-Security-Policy").Single();
        csp.Should()
            .Contain($"img-src 'self' data: blob: http://{TestS3.Endpoint};")
            .And.Contain($"media-src 'self' blob: http://{TestS3.Endpoint};");
    }
}
