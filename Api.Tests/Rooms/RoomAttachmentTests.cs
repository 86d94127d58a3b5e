using Mediation.Api.Tests.Evidence;

namespace Mediation.Api.Tests.Rooms;

/// <summary>Images and voice clips in rooms go through the evidence upload (its magic-byte check) and the audited
/// links; a caucus room's file stays with its side.</summary>
public abstract class RoomAttachmentTests(OutcomesFactory api)
{
    private static async Task<JsonElement> UploadForAsync(
        PartyCase c,
        HttpClient who,
        byte[] file,
        string name,
        string? side
    )
    {
        var response = await who.PostAsync(
            $"/api/disputes/{c.Id}/evidence",
            EvidenceHarness.WxForm(
                file,
                name,
                side is null ? null : new Dictionary<string, string> { ["caucusSide"] = side }
            )
        );
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static Task<HttpResponseMessage> SendFileAsync(HttpClient who, Guid roomId, Guid attachmentId) =>
        who.PostAsJsonAsync(
            $"/api/rooms/{roomId}/messages",
            new { clientMessageId = "file-" + Guid.NewGuid().ToString("N"), attachmentId }
        );

    [Fact]
    public async Task AnImageSentInOneSidesCaucusCannotBeFetchedByTheOtherSide()
    {
        var c = await api.CaseInMediationAsync();
        var rooms = await c.RoomsAsync();
        var photo = await UploadForAsync(c, c.Applicant, TestFiles.Jpeg(), "伤情.jpg", "Applicant");
        await (
            await c.Applicant.PostAsync(
                $"/api/disputes/{c.Id}/evidence",
                EvidenceHarness.WxForm(
                    TestFiles.Jpeg(),
                    "x.jpg",
                    new Dictionary<string, string> { ["caucusSide"] = "Respondent" }
                )
            )
        ).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "caucusSide");
        await (await SendFileAsync(c.Applicant, rooms.Joint, photo.Id())).ShouldBeProblemAsync(
            HttpStatusCode.BadRequest,
            "attachmentId"
        );

        var sent = await SendFileAsync(c.Applicant, rooms.ApplicantCaucus, photo.Id()).JsonCreatedAsync();

        sent.GetProperty("kind").GetString().Should().Be("Image");
        sent.GetProperty("attachment").GetProperty("contentType").GetString().Should().Be("image/jpeg");
        (await c.Mediator.Client.HistoryAsync(rooms.ApplicantCaucus))
            .Single()
            .GetProperty("attachment")
            .GetProperty("id")
            .GetGuid()
            .Should()
            .Be(photo.Id());
        await c.Applicant.GetAsync($"/api/evidence/{photo.Id()}/link").OkJsonAsync();
        await c.Mediator.Client.GetAsync($"/api/evidence/{photo.Id()}/link").OkJsonAsync();
        (await c.Respondent.GetAsync($"/api/evidence/{photo.Id()}/link"))
            .StatusCode.Should()
            .Be(HttpStatusCode.NotFound);
        (await c.Respondent.GetAsync($"/api/evidence/{photo.Id()}/content"))
            .StatusCode.Should()
            .Be(HttpStatusCode.NotFound);
        (await c.Respondent.ListAsync(c.Id.ToString())).Select(e => e.Id()).Should().NotContain(photo.Id());
        (await c.Applicant.ListAsync(c.Id.ToString())).Select(e => e.Id()).Should().Contain(photo.Id());
    }

    [Fact]
    public async Task VoiceClipsInMp3OrAacAreVoiceMessagesAndOtherFilesAreRefusedByTheirBytes()
    {
        var c = await api.CaseInMediationAsync();
        var rooms = await c.RoomsAsync();
        await using var applicant = await RoomConnection.OpenAsync(api, c.Applicant);
        await applicant.JoinAsync(rooms.Joint);
        var mp3 = await UploadForAsync(c, c.Respondent, TestFiles.Mp3(), "语音.mp3", null);
        var aac = await UploadForAsync(c, c.Respondent, TestFiles.Aac(), "语音.aac", null);

        var first = await SendFileAsync(c.Respondent, rooms.Joint, mp3.Id()).JsonCreatedAsync();
        var second = await SendFileAsync(c.Respondent, rooms.Joint, aac.Id()).JsonCreatedAsync();

        first.GetProperty("kind").GetString().Should().Be("Voice");
        first.GetProperty("attachment").GetProperty("contentType").GetString().Should().Be("audio/mpeg");
        second.GetProperty("attachment").GetProperty("contentType").GetString().Should().Be("audio/aac");
        (await applicant.NextAsync()).GetProperty("attachment").GetProperty("id").GetGuid().Should().Be(mp3.Id());
        await c.Applicant.GetAsync($"/api/evidence/{aac.Id()}/link").OkJsonAsync();
        (
            await c.Respondent.PostAsync(
                $"/api/disputes/{c.Id}/evidence",
                EvidenceHarness.WxForm(TestFiles.WindowsExe(), "语音.mp3")
            )
        )
            .StatusCode.Should()
            .Be(HttpStatusCode.UnsupportedMediaType);
        var pdf = await UploadForAsync(c, c.Respondent, TestFiles.Pdf(), "说明.pdf", null);
        await (await SendFileAsync(c.Respondent, rooms.Joint, pdf.Id())).ShouldBeProblemAsync(
            HttpStatusCode.BadRequest,
            "attachmentId"
        );
    }
}

public sealed class RoomAttachmentTestsOnSqlite(OutcomesHost<SqliteDatabase> api)
    : RoomAttachmentTests(api),
        IClassFixture<OutcomesHost<SqliteDatabase>>;

public sealed class RoomAttachmentTestsOnPostgres(OutcomesHost<PostgresDatabase> api)
    : RoomAttachmentTests(api),
        IClassFixture<OutcomesHost<PostgresDatabase>>;
