using Mediation.Api.Auth;
using Mediation.Api.Infrastructure.Security;
using Mediation.Api.Infrastructure.Storage;
using Mediation.Api.Tests.Evidence;
using Microsoft.Extensions.DependencyInjection;

namespace Mediation.Api.Tests.Mediators;

/// <summary>The register's photo: set by the mediator's supervisor or an administrator through the object store,
/// read by anyone only through the API and only while the mediator is in the directory.</summary>
public abstract partial class RegisterTests
{
    private static MultipartFormDataContent PhotoForm(byte[] file, string name = "photo.jpg") =>
        EvidenceHarness.WxForm(file, name);

    private string? PhotoKey(Guid id) =>
        api.WithDb(db => db.MediatorProfiles.Where(p => p.StaffUserId == id).Select(p => p.PhotoKey).Single());

    private async Task<bool> StoredAsync(string key) =>
        await api.Services.GetRequiredService<IObjectStorage>().StatAsync(key, CancellationToken.None) is not null;

    private int Audited(string action, Guid id) =>
        api.WithDb(db => db.AuditEntries.Count(a => a.Action == action && a.TargetId == id.ToString()));

    [Fact]
    public async Task APhotoSetBySupervisorIsPublicOnlyThroughTheApiAndOnlyWhileTheMediatorIsListed()
    {
        var (town, village, _) = await api.NewTownAsync();
        var supervisor = await api.NewStaffAsync(town, [StaffRoles.Supervisor]);
        var mediator = await api.NewMediatorAsync(village, "郑调解");
        var without = await api.NewMediatorAsync(village, "无照片");
        var anonymous = api.CreateClient();
        var png = TestFiles.Png(3000);

        var set = await supervisor
            .Client.PostAsync($"/api/mediators/{mediator.Id}/register/photo", PhotoForm(png, "头像.png"))
            .OkJsonAsync();

        set.GetProperty("photoUrl").GetString().Should().StartWith($"/api/mediators/{mediator.Id}/register/photo?v=");
        Audited("MediatorPhotoSet", mediator.Id).Should().Be(1);
        var list = await anonymous.GetAsync($"/api/mediators?bodyId={api.BodyId(village)}").OkJsonAsync();
        var entry = list.EnumerateArray().Single(m => m.GetProperty("id").GetGuid() == mediator.Id);
        var url = entry.GetProperty("photoUrl").GetString()!;
        url.Should().StartWith($"/api/mediators/{mediator.Id}/photo?v=");
        list.EnumerateArray()
            .Single(m => m.GetProperty("id").GetGuid() == without.Id)
            .GetProperty("photoUrl")
            .ValueKind.Should()
            .Be(JsonValueKind.Null);
        list.ToString().Should().NotContain(PhotoKey(mediator.Id)!, "the object-store key never leaves the service");
        var photo = await anonymous.GetAsync(url);
        photo.StatusCode.Should().Be(HttpStatusCode.OK);
        photo.Content.Headers.ContentType!.MediaType.Should().Be("image/png");
        photo.Headers.CacheControl!.Public.Should().BeTrue();
        photo.Headers.CacheControl.MaxAge.Should().BeGreaterThan(TimeSpan.Zero);
        (await photo.Content.ReadAsByteArrayAsync()).Should().Equal(png);
        var again = new HttpRequestMessage(HttpMethod.Get, url);
        again.Headers.IfNoneMatch.Add(photo.Headers.ETag!);
        (await anonymous.SendAsync(again)).StatusCode.Should().Be(HttpStatusCode.NotModified);
        (await anonymous.GetAsync($"/api/mediators/{without.Id}/photo"))
            .StatusCode.Should()
            .Be(HttpStatusCode.NotFound);

        var first = PhotoKey(mediator.Id)!;
        var jpeg = TestFiles.Jpeg(5000);
        var replaced = await supervisor
            .Client.PostAsync($"/api/mediators/{mediator.Id}/register/photo", PhotoForm(jpeg))
            .OkJsonAsync();
        replaced.GetProperty("photoUrl").GetString().Should().NotBe(set.GetProperty("photoUrl").GetString());
        (await StoredAsync(first)).Should().BeFalse("a replaced photo leaves the store");
        var second = await anonymous.GetAsync($"/api/mediators/{mediator.Id}/photo");
        second.Content.Headers.ContentType!.MediaType.Should().Be("image/jpeg");
        (await second.Content.ReadAsByteArrayAsync()).Should().Equal(jpeg);

        await api.SetProfileAsync(mediator.Id, p => p.TermEndsOn = api.Today().AddDays(-1));
        (await anonymous.GetAsync($"/api/mediators/{mediator.Id}/photo"))
            .StatusCode.Should()
            .Be(HttpStatusCode.NotFound, "the directory hides a mediator whose term ended, and so their photo");
        var staffCopy = await supervisor.Client.GetAsync($"/api/mediators/{mediator.Id}/register/photo");
        staffCopy.StatusCode.Should().Be(HttpStatusCode.OK);
        (await staffCopy.Content.ReadAsByteArrayAsync()).Should().Equal(jpeg);
        (await anonymous.GetAsync($"/api/mediators/{mediator.Id}/register/photo"))
            .StatusCode.Should()
            .Be(HttpStatusCode.Unauthorized);
        await api.SetProfileAsync(mediator.Id, p => p.TermEndsOn = null);
        (await anonymous.GetAsync($"/api/mediators/{mediator.Id}/photo")).StatusCode.Should().Be(HttpStatusCode.OK);
        await api.DeactivateAsync(mediator.Id);
        (await anonymous.GetAsync($"/api/mediators/{mediator.Id}/photo"))
            .StatusCode.Should()
            .Be(HttpStatusCode.NotFound);

        var key = PhotoKey(mediator.Id)!;
        var removed = await supervisor.Client.DeleteAsync($"/api/mediators/{mediator.Id}/register/photo").OkJsonAsync();
        removed.GetProperty("photoUrl").ValueKind.Should().Be(JsonValueKind.Null);
        Audited("MediatorPhotoRemoved", mediator.Id).Should().Be(1);
        Audited("MediatorPhotoSet", mediator.Id).Should().Be(2);
        (await StoredAsync(key)).Should().BeFalse();
        (await supervisor.Client.GetAsync($"/api/mediators/{mediator.Id}/register/photo"))
            .StatusCode.Should()
            .Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task APhotoIsAJpegOrPngWithinTwoMegabytesSetOnlyByThoseWhoKeepTheRegister()
    {
        var (town, village, _) = await api.NewTownAsync();
        var (otherTown, _, _) = await api.NewTownAsync();
        var supervisor = await api.NewStaffAsync(town, [StaffRoles.Supervisor]);
        var stranger = await api.NewStaffAsync(otherTown, [StaffRoles.Supervisor]);
        var mediator = await api.NewMediatorAsync(village, "冯调解");
        var path = $"/api/mediators/{mediator.Id}/register/photo";
        byte[] gif = [.. "GIF89a"u8, .. new byte[200]];

        await (await supervisor.Client.PostAsync(path, PhotoForm(gif, "a.jpg"))).ShouldBeProblemAsync(
            HttpStatusCode.UnsupportedMediaType,
            "JPEG 或 PNG"
        );
        await (await supervisor.Client.PostAsync(path, PhotoForm(TestFiles.Svg(), "a.png"))).ShouldBeProblemAsync(
            HttpStatusCode.UnsupportedMediaType
        );
        await (
            await supervisor.Client.PostAsync(path, PhotoForm(TestFiles.Jpeg(2 * 1024 * 1024 + 1)))
        ).ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge, "2 MB");
        var missing = await supervisor.Client.PostAsync(
            path,
            new MultipartFormDataContent { { new StringContent("x"), "note" } }
        );
        await missing.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        (await missing.Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("errors")
            .TryGetProperty("file", out _)
            .Should()
            .BeTrue();
        await (await supervisor.Client.PostAsync(path, new StringContent("not a form"))).ShouldBeProblemAsync(
            HttpStatusCode.UnsupportedMediaType
        );
        (await stranger.Client.PostAsync(path, PhotoForm(TestFiles.Jpeg())))
            .StatusCode.Should()
            .Be(HttpStatusCode.NotFound);
        (await mediator.Client.PostAsync(path, PhotoForm(TestFiles.Jpeg())))
            .StatusCode.Should()
            .Be(HttpStatusCode.Forbidden);
        (await api.CreateClient().PostAsync(path, PhotoForm(TestFiles.Jpeg())))
            .StatusCode.Should()
            .Be(HttpStatusCode.Unauthorized);
        (await stranger.Client.DeleteAsync(path)).StatusCode.Should().Be(HttpStatusCode.NotFound);

        PhotoKey(mediator.Id).Should().BeNull();
        Audited("MediatorPhotoSet", mediator.Id).Should().Be(0);
        var left = new List<string>();
        await foreach (
            var o in api
                .Services.GetRequiredService<IObjectStorage>()
                .ListAsync($"mediators/{mediator.Id:N}/", CancellationToken.None)
        )
            left.Add(o.Key);
        left.Should().BeEmpty("a refused photo is not kept in the store");
    }
}
