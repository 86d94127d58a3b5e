namespace Mediation.Api.Tests.Evidence;

/// <summary>On real Kestrel the service-wide body limit (1 MB) applies; the upload endpoint raises its own to the video
/// limit.</summary>
public sealed class EvidenceKestrelTests(KestrelS3EvidenceApi api) : IClassFixture<KestrelS3EvidenceApi>
{
    [Fact]
    public async Task AVideoWellOverTheServiceWideBodyLimitIsAcceptedByTheUploadEndpoint()
    {
        var alice = await api.CitizenClientAsync("kestrel");
        var id = await alice.FileCaseAsync();
        var video = TestFiles.Mp4(9 * 1024 * 1024);

        var body = await alice.UploadOkAsync(id, video, "录像.mp4");

        body.GetProperty("sha256").GetString().Should().Be(TestFiles.Sha256(video));
        using var noRedirect = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false })
        {
            BaseAddress = alice.BaseAddress,
        };
        noRedirect.DefaultRequestHeaders.Authorization = alice.DefaultRequestHeaders.Authorization;
        var redirect = await noRedirect.GetAsync($"/api/evidence/{body.GetProperty("id").GetString()}/content");
        redirect.StatusCode.Should().Be(HttpStatusCode.Redirect);
        redirect
            .Headers.Location!.Authority.Should()
            .Be(KestrelS3EvidenceApi.PublicEndpoint, "the link is signed for the host phones reach");
        redirect.Headers.Location.Query.Should().Contain("X-Amz-Expires=300");
        (await (await alice.DownloadAsync(body.GetProperty("id").GetString()!)).Content.ReadAsByteArrayAsync())
            .Should()
            .Equal(video);
    }

    [Fact]
    public async Task AVideoOverTheVideoLimitIsA413ProblemAndNothingIsStored()
    {
        var alice = await api.CitizenClientAsync("kestrel-big");
        var id = await alice.FileCaseAsync();

        HttpResponseMessage? response = null;
        try
        {
            response = await alice.UploadAsync(
                id,
                TestFiles.Mp4((int)EvidenceLimits.MaxVideoBytes + 200_000),
                "big.mp4"
            );
        }
        catch (HttpRequestException)
        { /* Kestrel may close the connection once it has answered */
        }

        if (response is not null)
        {
            response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        }
        (await alice.ListAsync(id)).Should().BeEmpty();
        (await api.StoredKeysAsync(id)).Should().BeEmpty();
    }
}

public sealed class KestrelS3EvidenceApi : ApiFactory
{
    public KestrelS3EvidenceApi()
        : base(new SqliteDatabase()) => UseKestrel(0);

    /// <summary>The same S3 server under another host name, standing in for the address phones reach.</summary>
    public static string PublicEndpoint => "localhost:" + TestS3.Endpoint.Split(':')[1];

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
        EvidenceLimits
            .Settings.Concat(TestS3.Settings(TestS3.NewBucketName()))
            .Append(new("Minio:PublicEndpoint", PublicEndpoint));
}
