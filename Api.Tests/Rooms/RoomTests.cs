using Mediation.Api.Infrastructure.RateLimiting;
using Mediation.Api.Infrastructure.Security;
using Mediation.Api.Rooms;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace Mediation.Api.Tests.Rooms;

/// <summary>The mediation rooms of a case, live over the hub and by REST: who hears what, who may speak, and what is
/// stored.</summary>
public abstract class RoomTests(OutcomesFactory api)
{
    [Fact]
    public async Task AMessageInTheJointRoomReachesTheOtherPartyAndTheMediatorLive()
    {
        var c = await api.CaseInMediationAsync();
        var rooms = await c.RoomsAsync();
        await using var applicant = await RoomConnection.OpenAsync(api, c.Applicant);
        await using var respondent = await RoomConnection.OpenAsync(api, c.Respondent);
        await using var mediator = await RoomConnection.OpenAsync(api, c.Mediator.Client);
        foreach (var member in new[] { applicant, respondent, mediator })
            await member.JoinAsync(rooms.Joint);

        var sent = await applicant.SendAsync(rooms.Joint, "m-1", "我们愿意当面谈一谈。");

        foreach (var other in new[] { respondent, mediator })
        {
            var heard = await other.NextAsync();
            heard.Id().Should().Be(sent.Id());
            heard.Text().Should().Be("我们愿意当面谈一谈。");
            heard.GetProperty("senderRole").GetString().Should().Be("Applicant");
            heard.GetProperty("seq").GetInt64().Should().Be(sent.GetProperty("seq").GetInt64());
        }
        (await c.Respondent.HistoryAsync(rooms.Joint)).Select(m => m.Id()).Should().Equal(sent.Id());
    }

    [Fact]
    public async Task WhatIsSaidInOneSidesCaucusNeverReachesTheOtherSideLiveOrByHistory()
    {
        var c = await api.CaseInMediationAsync();
        var rooms = await c.RoomsAsync();
        await using var respondent = await RoomConnection.OpenAsync(api, c.Respondent);
        await using var mediator = await RoomConnection.OpenAsync(api, c.Mediator.Client);
        await respondent.JoinAsync(rooms.Joint);
        await mediator.JoinAsync(rooms.ApplicantCaucus);
        var joinOther = () => respondent.JoinAsync(rooms.ApplicantCaucus);
        (await joinOther.Should().ThrowAsync<HubException>())
            .Which.Message.Should()
            .Contain("HubException: not-found: ");

        await mediator.SendAsync(rooms.ApplicantCaucus, "caucus-1", "您的底线是多少？只在这里说。");
        (await c.Applicant.SayAsync(rooms.ApplicantCaucus, "caucus-2", "最低两千元。"))
            .StatusCode.Should()
            .Be(HttpStatusCode.Created);
        (await c.Applicant.SayAsync(rooms.Joint, "joint-1", "请大家到共同调解室。"))
            .StatusCode.Should()
            .Be(HttpStatusCode.Created);

        // The joint message is the first and only thing the respondent hears.
        (await respondent.NextAsync()).Text().Should().Be("请大家到共同调解室。");
        respondent.Messages.Reader.TryRead(out _).Should().BeFalse();
        await (await c.Respondent.GetAsync($"/api/rooms/{rooms.ApplicantCaucus}/messages")).ShouldBeProblemAsync(
            HttpStatusCode.NotFound
        );
        await (await c.Respondent.SayAsync(rooms.ApplicantCaucus, "x-1", "我也想看看")).ShouldBeProblemAsync(
            HttpStatusCode.NotFound
        );
        var listed = await c.Respondent.GetAsync($"/api/disputes/{c.Id}/rooms").OkJsonAsync();
        listed.EnumerateArray().Select(r => r.Id()).Should().BeEquivalentTo([rooms.Joint, rooms.RespondentCaucus]);
        (await c.Respondent.HistoryAsync(rooms.Joint)).Select(m => m.Text()).Should().Equal("请大家到共同调解室。");
        (await c.Applicant.HistoryAsync(rooms.ApplicantCaucus)).Should().HaveCount(2);
    }

    [Fact]
    public async Task AMediatorRemovedFromTheCaseStopsHearingItsRoomsAndIsRefusedOnTheNextSendOfTheSameConnection()
    {
        var c = await api.CaseInMediationAsync();
        var rooms = await c.RoomsAsync();
        await using var mediator = await RoomConnection.OpenAsync(api, c.Mediator.Client);
        await using var respondent = await RoomConnection.OpenAsync(api, c.Respondent);
        await mediator.JoinAsync(rooms.Joint);
        await mediator.JoinAsync(rooms.ApplicantCaucus);
        await respondent.JoinAsync(rooms.Joint);
        await mediator.SendAsync(rooms.Joint, "before", "各位好，我是本案调解员。");
        (await mediator.NextAsync()).Text().Should().Be("各位好，我是本案调解员。");
        (await respondent.NextAsync()).Text().Should().Be("各位好，我是本案调解员。");

        (
            await c.Applicant.PostAsJsonAsync(
                $"/api/disputes/{c.Id}/mediator-objection",
                new { reason = "调解员与被申请人是亲戚" }
            )
        )
            .StatusCode.Should()
            .Be(HttpStatusCode.NoContent);
        var intake = await api.NewStaffAsync("WD-ZJC-XC", [StaffRoles.Intake]);
        var second = await api.NewStaffAsync("WD-ZJC-XC", [StaffRoles.Mediator], "调解员李");
        await intake
            .Client.PostAsync($"/api/intake/{c.Id}/assign", new { mediatorIds = new[] { second.Id } })
            .OkJsonAsync();

        var left = new[] { await mediator.NextAsync(mediator.Left), await mediator.NextAsync(mediator.Left) };
        left.Select(l => l.GetProperty("roomId").GetGuid())
            .Should()
            .BeEquivalentTo([rooms.Joint, rooms.ApplicantCaucus]);
        (await second.Client.SayAsync(rooms.Joint, "new", "我是新的调解员。"))
            .StatusCode.Should()
            .Be(HttpStatusCode.Created);
        (await respondent.NextAsync()).Text().Should().Be("我是新的调解员。");
        mediator.Messages.Reader.TryRead(out _).Should().BeFalse("the removed mediator no longer hears the room");
        var after = () => mediator.SendAsync(rooms.Joint, "after", "我还能说话吗？");
        (await after.Should().ThrowAsync<HubException>())
            .Which.Message.Should()
            .Contain("HubException: forbidden: ")
            .And.Contain("不能再进入本案的调解室");
        await (await c.Mediator.Client.SayAsync(rooms.Joint, "after-rest", "我还能说话吗？")).ShouldBeProblemAsync(
            HttpStatusCode.Forbidden
        );
        (await c.Applicant.HistoryAsync(rooms.Joint))
            .Select(m => m.Text())
            .Should()
            .Equal("各位好，我是本案调解员。", "我是新的调解员。");
    }

    [Fact]
    public async Task AfterADroppedConnectionTheClientFetchesExactlyTheMessagesItMissed()
    {
        var c = await api.CaseInMediationAsync();
        var rooms = await c.RoomsAsync();
        var respondent = await RoomConnection.OpenAsync(api, c.Respondent);
        await respondent.JoinAsync(rooms.Joint);
        (await c.Applicant.SayAsync(rooms.Joint, "r-1", "第一条")).StatusCode.Should().Be(HttpStatusCode.Created);
        var lastSeen = await respondent.NextAsync();
        lastSeen.Text().Should().Be("第一条");

        var dropped = new TaskCompletionSource();
        respondent.Hub.Closed += _ =>
        {
            dropped.TrySetResult();
            return Task.CompletedTask;
        };
        respondent.Drop();
        await dropped.Task.WaitAsync(TimeSpan.FromSeconds(15));
        await respondent.DisposeAsync();
        (await c.Applicant.SayAsync(rooms.Joint, "r-2", "第二条")).StatusCode.Should().Be(HttpStatusCode.Created);
        (await c.Mediator.Client.SayAsync(rooms.Joint, "r-3", "第三条")).StatusCode.Should().Be(HttpStatusCode.Created);

        await using var again = await RoomConnection.OpenAsync(api, c.Respondent);
        await again.JoinAsync(rooms.Joint);
        var missed = await c.Respondent.HistoryAsync(rooms.Joint, after: lastSeen.Id());
        missed.Select(m => m.Text()).Should().Equal("第二条", "第三条");
        (await c.Applicant.SayAsync(rooms.Joint, "r-4", "第四条")).StatusCode.Should().Be(HttpStatusCode.Created);
        (await again.NextAsync()).Text().Should().Be("第四条");
        (await c.Respondent.HistoryAsync(rooms.Joint, after: missed[^1].Id()))
            .Select(m => m.Text())
            .Should()
            .Equal("第四条");
    }

    [Fact]
    public async Task AMessageSentTwiceWithTheSameClientIdIsStoredOnce()
    {
        var c = await api.CaseInMediationAsync();
        var rooms = await c.RoomsAsync();
        await using var applicant = await RoomConnection.OpenAsync(api, c.Applicant);

        var first = await c.Applicant.SayAsync(rooms.Joint, "same-id", "只应存一次");
        first.StatusCode.Should().Be(HttpStatusCode.Created);
        var stored = await first.Content.ReadFromJsonAsync<JsonElement>();
        var second = await c.Applicant.SayAsync(rooms.Joint, "same-id", "只应存一次");
        second.StatusCode.Should().Be(HttpStatusCode.OK);
        (await second.Content.ReadFromJsonAsync<JsonElement>()).Id().Should().Be(stored.Id());
        (await applicant.SendAsync(rooms.Joint, "same-id", "只应存一次")).Id().Should().Be(stored.Id());

        (await c.Mediator.Client.HistoryAsync(rooms.Joint)).Select(m => m.Id()).Should().Equal(stored.Id());
    }

    [Fact]
    public async Task AnAcceptedOfferSeedsTheDraftAgreementAndACounteredOrRejectedOneCannotBeAccepted()
    {
        var c = await api.CaseInMediationAsync();
        var rooms = await c.RoomsAsync();
        var due = api.Today().AddDays(15);

        var first = await c
            .Applicant.OfferAsync(rooms.Joint, 500_000, "被申请人赔偿修车费五千元。", due)
            .JsonCreatedAsync();
        var counter = await c
            .Respondent.OfferAsync(rooms.Joint, 300_000, "被申请人赔偿修车费三千元。", due, first.Id())
            .JsonCreatedAsync();
        counter.GetProperty("replyToId").GetGuid().Should().Be(first.Id());
        await (
            await c.Respondent.PostAsync($"/api/rooms/{rooms.Joint}/offers/{first.Id()}/accept")
        ).ShouldBeProblemAsync(HttpStatusCode.Conflict, "offer-not-open");
        var rejected = await c.Applicant.OfferAsync(rooms.Joint, 450_000, "四千五百元。", due).JsonCreatedAsync();
        await c.Respondent.PostAsync($"/api/rooms/{rooms.Joint}/offers/{rejected.Id()}/reject").OkJsonAsync();
        await (
            await c.Respondent.PostAsync($"/api/rooms/{rooms.Joint}/offers/{rejected.Id()}/accept")
        ).ShouldBeProblemAsync(HttpStatusCode.Conflict, "offer-not-open");

        var accepted = await c
            .Applicant.PostAsync($"/api/rooms/{rooms.Joint}/offers/{counter.Id()}/accept")
            .OkJsonAsync();
        accepted.GetProperty("kind").GetString().Should().Be("OfferAccepted");
        var draft = await c
            .Mediator.Client.PostAsync($"/api/rooms/{rooms.Joint}/offers/{counter.Id()}/agreement")
            .JsonCreatedAsync();

        draft.GetProperty("status").GetString().Should().Be("Draft");
        draft.GetProperty("terms").GetString().Should().Be("被申请人赔偿修车费三千元。");
        var obligation = draft.GetProperty("obligations")[0];
        obligation.GetProperty("amountFen").GetInt64().Should().Be(300_000);
        obligation.GetProperty("obligorPartyId").GetGuid().Should().Be(c.RespondentPartyId);
        obligation.GetProperty("dueDate").GetString().Should().Be(due.ToString("yyyy-MM-dd"));
    }

    [Fact]
    public async Task ADraftFromAnAcceptedOfferPassesTheSameValidationAsAnyDraft()
    {
        var c = await api.CaseInMediationAsync();
        var rooms = await c.RoomsAsync();
        var offer = await c
            .Applicant.OfferAsync(rooms.Joint, 100_000, "赔偿一千元。", api.Today().AddDays(5))
            .JsonCreatedAsync();
        await c.Respondent.PostAsync($"/api/rooms/{rooms.Joint}/offers/{offer.Id()}/accept").OkJsonAsync();
        // Terms stored before the text check reached them (an older client, an import): a hidden direction mark.
        await api.WithDbAsync(db =>
            db.Set<RoomMessage>()
                .Where(m => m.Id == offer.Id())
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.OfferTerms, "赔偿\u202E一千元。"))
        );

        var response = await c.Mediator.Client.PostAsync($"/api/rooms/{rooms.Joint}/offers/{offer.Id()}/agreement");

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "\"terms\"");
        api.WithDb(db => db.Set<Mediation.Api.Agreements.Agreement>().Any(a => a.DisputeId == c.Id)).Should().BeFalse();
    }

    [Fact]
    public async Task AClosedRoomRefusesMessagesAndACaseThatEndsClosesItsRooms()
    {
        var c = await api.CaseInMediationAsync();
        var rooms = await c.RoomsAsync();
        (await c.Mediator.Client.PostAsync($"/api/rooms/{rooms.RespondentCaucus}/close").OkJsonAsync())
            .GetProperty("open")
            .GetBoolean()
            .Should()
            .BeFalse();
        await (await c.Respondent.SayAsync(rooms.RespondentCaucus, "late", "还在吗？")).ShouldBeProblemAsync(
            HttpStatusCode.Conflict,
            "room-closed"
        );

        await using var applicant = await RoomConnection.OpenAsync(api, c.Applicant);
        await applicant.JoinAsync(rooms.Joint);
        await c
            .Mediator.Client.PostAsync($"/api/disputes/{c.Id}/failure", new { reasonCode = "respondent-refused" })
            .OkJsonAsync();

        (await applicant.NextAsync(applicant.Closed)).GetProperty("roomId").GetGuid().Should().Be(rooms.Joint);
        var send = () => applicant.SendAsync(rooms.Joint, "after-end", "为什么结束了？");
        (await send.Should().ThrowAsync<HubException>()).Which.Message.Should().Contain("HubException: room-closed: ");
        await (await c.Applicant.SayAsync(rooms.Joint, "after-end-rest", "为什么结束了？")).ShouldBeProblemAsync(
            HttpStatusCode.Conflict,
            "room-closed"
        );
        api.WithDb(db => db.Set<MediationRoom>().Where(r => r.DisputeId == c.Id).Select(r => r.ClosedReason).ToList())
            .Should()
            .OnlyContain(reason => reason != null)
            .And.Contain(reason => reason!.Contains("调解不成"));
        await (await c.Mediator.Client.PostAsync($"/api/rooms/{rooms.Joint}/open")).ShouldBeProblemAsync(
            HttpStatusCode.Conflict
        );
    }

    [Fact]
    public async Task APhoneOrIdNumberInAMessageIsMaskedForTheOtherPartiesAndKeptForItsSender()
    {
        var c = await api.CaseInMediationAsync();
        var rooms = await c.RoomsAsync();
        await using var respondent = await RoomConnection.OpenAsync(api, c.Respondent);
        await respondent.JoinAsync(rooms.Joint);
        const string text = "我的电话13912345678，身份证110101199003074514。";

        var mine = await c.Applicant.SayAsync(rooms.Joint, "pii", text).JsonCreatedAsync();

        mine.Text().Should().Be(text);
        var heard = (await respondent.NextAsync()).Text();
        heard.Should().NotContain("13912345678").And.NotContain("110101199003074514").And.Contain("139****5678");
        (await c.Respondent.HistoryAsync(rooms.Joint)).Single().Text().Should().Be(heard);
        (await c.Mediator.Client.HistoryAsync(rooms.Joint)).Single().Text().Should().Be(heard);
        (await c.Applicant.HistoryAsync(rooms.Joint)).Single().Text().Should().Be(text);
        api.WithDb(db => db.Set<RoomMessage>().Single(m => m.Id == mine.Id()).Text).Should().Be(heard);
    }

    [Fact]
    public async Task AParticipantHasOneAllowanceOverTheHubAndRestAndBeyondItGets429()
    {
        var c = await api.CaseInMediationAsync();
        var rooms = await c.RoomsAsync();
        await using var applicant = await RoomConnection.OpenAsync(api, c.Applicant);
        var allowance = new RateLimitOptions().RoomMessages.PerUser;
        for (var i = 0; i < allowance; i++)
            await applicant.SendAsync(rooms.Joint, $"flood-{i}", $"第{i}条");

        var overRest = await c.Applicant.SayAsync(rooms.Joint, "flood-rest", "再一条");
        await overRest.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "too-many-requests");
        overRest.Headers.RetryAfter.Should().NotBeNull();
        var overHub = () => applicant.SendAsync(rooms.Joint, "flood-hub", "再一条");
        (await overHub.Should().ThrowAsync<HubException>())
            .Which.Message.Should()
            .Contain("HubException: too-many-requests: ");
        // A resend of what was stored is no new message and passes.
        (await c.Applicant.SayAsync(rooms.Joint, "flood-0", "第0条")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await c.Respondent.SayAsync(rooms.Joint, "other", "我还可以说话"))
            .StatusCode.Should()
            .Be(HttpStatusCode.Created);
    }
}

public sealed class RoomTestsOnSqlite(OutcomesHost<SqliteDatabase> api)
    : RoomTests(api),
        IClassFixture<OutcomesHost<SqliteDatabase>>;

public sealed class RoomTestsOnPostgres(OutcomesHost<PostgresDatabase> api)
    : RoomTests(api),
        IClassFixture<OutcomesHost<PostgresDatabase>>;
