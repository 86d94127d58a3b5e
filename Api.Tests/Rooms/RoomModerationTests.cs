using Mediation.Api.Rooms;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Mediation.Api.Tests.Rooms;

/// <summary>The mediator keeps order: mutes a party, removes a message (kept, marked, audited).</summary>
public abstract class RoomModerationTests(OutcomesFactory api)
{
    [Fact]
    public async Task AMutedPartyIsRefusedOverRestAndTheHubUntilUnmutedAndStillHearsTheRoom()
    {
        var c = await api.CaseInMediationAsync();
        var rooms = await c.RoomsAsync();
        await using var applicant = await RoomConnection.OpenAsync(api, c.Applicant);
        await applicant.JoinAsync(rooms.Joint);
        await (
            await c.Respondent.PostAsync($"/api/rooms/{rooms.Joint}/mute", new { partyId = c.ApplicantPartyId })
        ).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (
            await c.Mediator.Client.PostAsync(
                $"/api/rooms/{rooms.RespondentCaucus}/mute",
                new { partyId = c.ApplicantPartyId }
            )
        ).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "partyId");

        var muted = await c
            .Mediator.Client.PostAsync(
                $"/api/rooms/{rooms.Joint}/mute",
                new { partyId = c.ApplicantPartyId, reason = "反复辱骂对方" }
            )
            .OkJsonAsync();
        muted.GetProperty("mutedPartyIds").EnumerateArray().Select(p => p.GetGuid()).Should().Equal(c.ApplicantPartyId);

        await (await c.Applicant.SayAsync(rooms.Joint, "m-1", "我还没说完")).ShouldBeProblemAsync(
            HttpStatusCode.Forbidden,
            "muted"
        );
        var overHub = () => applicant.SendAsync(rooms.Joint, "m-2", "我还没说完");
        (await overHub.Should().ThrowAsync<HubException>()).Which.Message.Should().Contain("HubException: muted: ");
        // Still in the room: hears the others.
        await c.Respondent.SayAsync(rooms.Joint, "m-3", "请调解员主持。").JsonCreatedAsync();
        (await applicant.NextAsync()).Text().Should().Be("请调解员主持。");
        (await c.Applicant.SayAsync(rooms.ApplicantCaucus, "m-4", "在背靠背室可以说"))
            .StatusCode.Should()
            .Be(HttpStatusCode.Created, "a mute is per room");
        var listed = await c.Applicant.GetAsync($"/api/disputes/{c.Id}/rooms").OkJsonAsync();
        listed
            .EnumerateArray()
            .Single(r => r.Id() == rooms.Joint)
            .GetProperty("mutedPartyIds")
            .GetArrayLength()
            .Should()
            .Be(1);

        await c
            .Mediator.Client.PostAsync($"/api/rooms/{rooms.Joint}/unmute", new { partyId = c.ApplicantPartyId })
            .OkJsonAsync();
        (await applicant.SendAsync(rooms.Joint, "m-5", "谢谢，我冷静下来了。"))
            .Text()
            .Should()
            .Be("谢谢，我冷静下来了。");
        api.WithDb(db =>
                db.AuditEntries.Count(a =>
                    a.TargetId == rooms.Joint.ToString()
                    && (a.Action == "RoomParticipantMuted" || a.Action == "RoomParticipantUnmuted")
                )
            )
            .Should()
            .Be(2);
    }

    [Fact]
    public async Task ARemovedMessageIsKeptAndAuditedButEveryoneReadsAPlaceholderAndTheRecordToo()
    {
        var c = await api.CaseInMediationAsync();
        var rooms = await c.RoomsAsync();
        await using var respondent = await RoomConnection.OpenAsync(api, c.Respondent);
        var removedLive = System.Threading.Channels.Channel.CreateUnbounded<JsonElement>();
        respondent.Hub.On<JsonElement>("messageRemoved", m => removedLive.Writer.TryWrite(m));
        await respondent.JoinAsync(rooms.Joint);
        var rude = await c.Applicant.SayAsync(rooms.Joint, "rude", "一句不当的话").JsonCreatedAsync();
        (await respondent.NextAsync()).Id().Should().Be(rude.Id());
        var offer = await c
            .Applicant.OfferAsync(rooms.Joint, 100_000, "赔偿一千元。", api.Today().AddDays(5))
            .JsonCreatedAsync();

        await (
            await c.Applicant.PostAsync($"/api/rooms/{rooms.Joint}/messages/{rude.Id()}/remove")
        ).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (
            await c.Mediator.Client.PostAsync($"/api/rooms/{rooms.Joint}/messages/{offer.Id()}/remove")
        ).ShouldBeProblemAsync(HttpStatusCode.Conflict, "wrong-state");
        var removed = await c
            .Mediator.Client.PostAsync(
                $"/api/rooms/{rooms.Joint}/messages/{rude.Id()}/remove",
                new { reason = "言语不当" }
            )
            .OkJsonAsync();

        removed.GetProperty("removed").GetBoolean().Should().BeTrue();
        removed.Text().Should().Be(RoomRecordText.RemovedPlaceholder);
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15)))
            (await removedLive.Reader.ReadAsync(timeout.Token)).Id().Should().Be(rude.Id());
        foreach (var reader in new[] { c.Respondent, c.Applicant, c.Mediator.Client })
        {
            var history = await reader.HistoryAsync(rooms.Joint);
            history.Select(m => m.Id()).Should().Equal(rude.Id(), offer.Id());
            history[0].GetProperty("removed").GetBoolean().Should().BeTrue();
            history[0].GetRawText().Should().NotContain("一句不当的话");
        }
        api.WithDb(db => db.Set<RoomMessage>().Single(m => m.Id == rude.Id()).Text).Should().Be("一句不当的话");
        api.WithDb(db =>
                db.AuditEntries.Count(a => a.Action == "RoomMessageRemoved" && a.TargetId == rude.Id().ToString())
            )
            .Should()
            .Be(1);
        var record = await c.Mediator.Client.PostAsync($"/api/rooms/{rooms.Joint}/sittings/end").JsonCreatedAsync();
        record.Text().Should().Contain(RoomRecordText.RemovedPlaceholder).And.NotContain("一句不当的话");
    }
}

public sealed class RoomModerationTestsOnSqlite(OutcomesHost<SqliteDatabase> api)
    : RoomModerationTests(api),
        IClassFixture<OutcomesHost<SqliteDatabase>>;

public sealed class RoomModerationTestsOnPostgres(OutcomesHost<PostgresDatabase> api)
    : RoomModerationTests(api),
        IClassFixture<OutcomesHost<PostgresDatabase>>;
