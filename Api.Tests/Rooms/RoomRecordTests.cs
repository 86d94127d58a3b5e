using Mediation.Api.Tests.Documents;
using Mediation.Api.Tests.Evidence;

namespace Mediation.Api.Tests.Rooms;

/// <summary>The record of an online sitting (调解记录, art. 27): rendered from the joint room when the mediator ends the
/// sitting, edited with the caucus summaries, published, confirmed by every party by its hash, filed in order.</summary>
public abstract class RoomRecordTests(OutcomesFactory api)
{
    [Fact]
    public async Task EndingASittingRecordsWhatEachSideStatedAndOfferedInTheJointRoomAndNothingOfTheCaucus()
    {
        var c = await api.CaseInMediationAsync();
        var rooms = await c.RoomsAsync();
        await c.Applicant.SayAsync(rooms.Joint, "s-1", "对方撞坏了我的车，要求赔偿五千元。").JsonCreatedAsync();
        await c.Applicant.SayAsync(rooms.ApplicantCaucus, "s-2", "其实三千元我也能接受。").JsonCreatedAsync();
        var offer = await c
            .Respondent.OfferAsync(rooms.Joint, 300_000, "被申请人赔偿修车费三千元。", api.Today().AddDays(10))
            .JsonCreatedAsync();
        await c.Applicant.PostAsync($"/api/rooms/{rooms.Joint}/offers/{offer.Id()}/accept").OkJsonAsync();
        await using var mediatorLive = await RoomConnection.OpenAsync(api, c.Mediator.Client);
        await mediatorLive.JoinAsync(rooms.Joint);
        await mediatorLive.SendAsync(rooms.Joint, "s-3", "双方已就赔偿达成一致，本次调解到此。");

        await (
            await c.Mediator.Client.PostAsync($"/api/rooms/{rooms.ApplicantCaucus}/sittings/end")
        ).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "roomId");
        await (await c.Applicant.PostAsync($"/api/rooms/{rooms.Joint}/sittings/end")).ShouldBeProblemAsync(
            HttpStatusCode.Forbidden
        );
        var record = await c.Mediator.Client.PostAsync($"/api/rooms/{rooms.Joint}/sittings/end").JsonCreatedAsync();

        record.GetProperty("number").GetInt32().Should().Be(1);
        record.GetProperty("status").GetString().Should().Be("Draft");
        record.GetProperty("sha256").ValueKind.Should().Be(JsonValueKind.Null);
        var text = record.Text()!;
        text.Should()
            .Contain(c.CaseNumber)
            .And.Contain("地点：线上")
            .And.Contain("调解员王")
            .And.Contain("对方撞坏了我的车，要求赔偿五千元。")
            .And.Contain("3000.00元；被申请人赔偿修车费三千元。")
            .And.Contain("（对方已接受）")
            .And.Contain("接受了被申请人")
            .And.Contain("双方已就赔偿达成一致");
        text.Should()
            .NotContain("三千元我也能接受", "what is said in a caucus room is summarised by the mediator, not copied");
        (await c.Respondent.GetAsync($"/api/disputes/{c.Id}/room-records").OkJsonAsync())
            .GetArrayLength()
            .Should()
            .Be(0, "parties do not read a draft");
        await (await c.Respondent.GetAsync($"/api/room-records/{record.Id()}")).ShouldBeProblemAsync(
            HttpStatusCode.NotFound
        );
        await (await c.Mediator.Client.PostAsync($"/api/rooms/{rooms.Joint}/sittings/end")).ShouldBeProblemAsync(
            HttpStatusCode.Conflict,
            "wrong-state"
        );

        await c.Respondent.SayAsync(rooms.Joint, "s-4", "下次再谈履行方式。").JsonCreatedAsync();
        var second = await c.Mediator.Client.PostAsync($"/api/rooms/{rooms.Joint}/sittings/end").JsonCreatedAsync();
        second.GetProperty("number").GetInt32().Should().Be(2);
        second.Text().Should().Contain("下次再谈履行方式。").And.NotContain("要求赔偿五千元");
    }

    [Fact]
    public async Task ARecordConfirmedByEveryPartyByItsHashGoesIntoTheCaseFileInOrderWithoutAnyPartySeeingACaucusSummary()
    {
        var c = await api.CaseInMediationAsync();
        var rooms = await c.RoomsAsync();
        var first = await SittingAsync(c, rooms, "第一次发言");
        const string applicantSide = "申请人表示三千元可以接受。";
        const string respondentSide = "被申请人表示最多支付三千元。";
        var edited = await EditAsync(
            c,
            first,
            first.Text() + "调解员补记：双方情绪平稳。",
            [
                new { roomId = rooms.ApplicantCaucus, summary = applicantSide },
                new { roomId = rooms.RespondentCaucus, summary = respondentSide },
            ]
        );
        edited.GetProperty("revision").GetInt32().Should().Be(2);
        edited.GetProperty("caucusSummaries").GetArrayLength().Should().Be(2);
        var published = await c.Mediator.Client.PostAsync($"/api/room-records/{first.Id()}/publish").OkJsonAsync();
        var sha = published.GetProperty("sha256").GetString()!;

        var read = await c.Respondent.GetAsync($"/api/room-records/{first.Id()}").OkJsonAsync();
        read.GetProperty("caucusSummaries").ValueKind.Should().Be(JsonValueKind.Null);
        read.GetRawText().Should().NotContain(applicantSide).And.NotContain(respondentSide);
        Sha256(read.Text()!).Should().Be(sha, "the party confirms exactly the text they read");
        await (
            await c.Applicant.PostAsync($"/api/room-records/{first.Id()}/confirm", new { sha256 = new string('0', 64) })
        ).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        var half = await c
            .Applicant.PostAsync($"/api/room-records/{first.Id()}/confirm", new { sha256 = sha })
            .OkJsonAsync();
        half.GetProperty("status").GetString().Should().Be("Published");
        half.GetProperty("pendingPartyIds")
            .EnumerateArray()
            .Select(p => p.GetGuid())
            .Should()
            .Equal([c.RespondentPartyId, .. c.OtherPartyIds]);
        await (
            await c.Applicant.PostAsync($"/api/room-records/{first.Id()}/confirm", new { sha256 = sha })
        ).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        var done = await ConfirmRestAsync(c, first.Id(), sha, [c.Respondent]);
        done.GetProperty("status").GetString().Should().Be("Confirmed");
        done.GetProperty("confirmations").GetArrayLength().Should().Be(2 + c.OtherPartyIds.Count);

        var second = await SittingAsync(c, rooms, "第二次发言");
        var sha2 = (await c.Mediator.Client.PostAsync($"/api/room-records/{second.Id()}/publish").OkJsonAsync())
            .GetProperty("sha256")
            .GetString();
        await ConfirmRestAsync(c, second.Id(), sha2!, [c.Applicant, c.Respondent]);

        var file = await c.Mediator.Client.GetAsync($"/api/disputes/{c.Id}/case-file").OkJsonAsync();
        var titles = file.GetProperty("items")
            .EnumerateArray()
            .Select(i => i.GetProperty("title").GetString())
            .ToList();
        titles.Should().ContainInOrder("调解记录", "在线调解记录（第1次）", "在线调解记录（第2次）", "在线调解记录");
        var contents = await Docx.TextAsync(
            await c.Mediator.Client.GetAsync($"/api/disputes/{c.Id}/documents/case-file-cover")
        );
        contents.Should().Contain("在线调解记录");
        var document = await Docx.TextAsync(
            await c.Mediator.Client.GetAsync($"/api/disputes/{c.Id}/documents/online-mediation-record")
        );
        document.Should().Contain("第一次发言").And.Contain(applicantSide).And.Contain(sha);
        document
            .IndexOf("第一次发言", StringComparison.Ordinal)
            .Should()
            .BeLessThan(document.IndexOf("第二次发言", StringComparison.Ordinal));
        await (
            await c.Respondent.GetAsync($"/api/disputes/{c.Id}/documents/online-mediation-record")
        ).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var listed = await c.Applicant.GetAsync($"/api/disputes/{c.Id}/room-records").OkJsonAsync();
        listed.EnumerateArray().Select(r => r.GetProperty("number").GetInt32()).Should().Equal(1, 2);
        listed.GetRawText().Should().NotContain(applicantSide).And.NotContain(respondentSide);
    }

    [Fact]
    public async Task EditingAPublishedRecordVoidsItsConfirmationsAndAConfirmedRecordCannotBeEdited()
    {
        var c = await api.CaseInMediationAsync();
        var rooms = await c.RoomsAsync();
        var record = await SittingAsync(c, rooms, "原始发言");
        var sha = (await c.Mediator.Client.PostAsync($"/api/room-records/{record.Id()}/publish").OkJsonAsync())
            .GetProperty("sha256")
            .GetString();
        await c.Applicant.PostAsync($"/api/room-records/{record.Id()}/confirm", new { sha256 = sha }).OkJsonAsync();

        await (
            await c.Mediator.Client.PutAsJsonAsync(
                $"/api/room-records/{record.Id()}",
                new { text = "过期的版本", version = record.GetProperty("version").GetInt32() }
            )
        ).ShouldBeProblemAsync(HttpStatusCode.Conflict, "concurrent-change");
        var current = await c.Mediator.Client.GetAsync($"/api/room-records/{record.Id()}").OkJsonAsync();
        var corrected = await EditAsync(c, current, "更正后的记录：申请人要求赔偿。", []);
        corrected.GetProperty("status").GetString().Should().Be("Draft");
        corrected.GetProperty("confirmations").GetArrayLength().Should().Be(0);
        await (
            await c.Applicant.PostAsync($"/api/room-records/{record.Id()}/confirm", new { sha256 = sha })
        ).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        var republished = await c.Mediator.Client.PostAsync($"/api/room-records/{record.Id()}/publish").OkJsonAsync();
        var sha2 = republished.GetProperty("sha256").GetString();
        sha2.Should().NotBe(sha);
        await (
            await c.Respondent.PostAsync($"/api/room-records/{record.Id()}/confirm", new { sha256 = sha })
        ).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        republished
            .GetProperty("pendingPartyIds")
            .GetArrayLength()
            .Should()
            .Be(2 + c.OtherPartyIds.Count, "the earlier confirmation no longer counts");
        var confirmed = await ConfirmRestAsync(c, record.Id(), sha2!, [c.Applicant, c.Respondent]);
        confirmed.GetProperty("status").GetString().Should().Be("Confirmed");
        await (
            await c.Mediator.Client.PutAsJsonAsync(
                $"/api/room-records/{record.Id()}",
                new { text = "再改一次", version = confirmed.GetProperty("version").GetInt32() }
            )
        ).ShouldBeProblemAsync(HttpStatusCode.Conflict, "wrong-state");
        api.WithDb(db =>
                db.AuditEntries.Count(a => a.TargetId == record.Id().ToString() && a.Action == "RoomRecordEdited")
            )
            .Should()
            .Be(1);
    }

    [Fact]
    public async Task TheMediatorRecordsAPaperConfirmationOnlyWithTheSignedPageForAPartyWhoHasAnAccount()
    {
        var c = await api.CaseInMediationAsync();
        var rooms = await c.RoomsAsync();
        var record = await SittingAsync(c, rooms, "当面调解后补录");
        var sha = (await c.Mediator.Client.PostAsync($"/api/room-records/{record.Id()}/publish").OkJsonAsync())
            .GetProperty("sha256")
            .GetString();

        await (
            await c.Mediator.Client.PostAsync($"/api/room-records/{record.Id()}/confirm", new { sha256 = sha })
        ).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "partyId");
        await (
            await c.Mediator.Client.PostAsync(
                $"/api/room-records/{record.Id()}/confirm",
                new { sha256 = sha, partyId = c.RespondentPartyId }
            )
        ).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "evidenceId");
        var page = await c.Mediator.Client.UploadOkAsync(c.Id.ToString(), TestFiles.Jpeg(), "签字页.jpg");
        var paper = await c
            .Mediator.Client.PostAsync(
                $"/api/room-records/{record.Id()}/confirm",
                new
                {
                    sha256 = sha,
                    partyId = c.RespondentPartyId,
                    evidenceId = page.Id(),
                }
            )
            .OkJsonAsync();
        paper.GetProperty("confirmations")[0].GetProperty("onPaper").GetBoolean().Should().BeTrue();
        await (
            await c.Supervisor.Client.PostAsync(
                $"/api/room-records/{record.Id()}/confirm",
                new { sha256 = sha, partyId = c.ApplicantPartyId }
            )
        ).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        api.WithDb(db =>
                db.AuditEntries.Count(a =>
                    a.TargetId == record.Id().ToString() && a.Action == "RoomRecordConfirmedOnPaper"
                )
            )
            .Should()
            .Be(1);
    }

    /// <summary>The given parties confirm in the mini-program, then the mediator records the paper confirmations of
    /// the parties without an account.</summary>
    private static async Task<JsonElement> ConfirmRestAsync(
        PartyCase c,
        Guid recordId,
        string sha,
        HttpClient[] parties
    )
    {
        var last = default(JsonElement);
        foreach (var party in parties)
            last = await party.PostAsync($"/api/room-records/{recordId}/confirm", new { sha256 = sha }).OkJsonAsync();
        foreach (var other in c.OtherPartyIds)
            last = await c
                .Mediator.Client.PostAsync(
                    $"/api/room-records/{recordId}/confirm",
                    new { sha256 = sha, partyId = other }
                )
                .OkJsonAsync();
        return last;
    }

    private static async Task<JsonElement> SittingAsync(PartyCase c, CaseRooms rooms, string said)
    {
        await c.Applicant.SayAsync(rooms.Joint, "say-" + Guid.NewGuid().ToString("N"), said).JsonCreatedAsync();
        return await c.Mediator.Client.PostAsync($"/api/rooms/{rooms.Joint}/sittings/end").JsonCreatedAsync();
    }

    private static async Task<JsonElement> EditAsync(
        PartyCase c,
        JsonElement record,
        string text,
        object[] summaries
    ) =>
        await c
            .Mediator.Client.PutAsJsonAsync(
                $"/api/room-records/{record.Id()}",
                new
                {
                    text,
                    caucusSummaries = summaries,
                    version = record.GetProperty("version").GetInt32(),
                }
            )
            .OkJsonAsync();

    private static string Sha256(string text) =>
        Convert.ToHexStringLower(
            System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text))
        );
}

public sealed class RoomRecordTestsOnSqlite(OutcomesHost<SqliteDatabase> api)
    : RoomRecordTests(api),
        IClassFixture<OutcomesHost<SqliteDatabase>>;

public sealed class RoomRecordTestsOnPostgres(OutcomesHost<PostgresDatabase> api)
    : RoomRecordTests(api),
        IClassFixture<OutcomesHost<PostgresDatabase>>;
