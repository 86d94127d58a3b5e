using System.Security.Cryptography;

namespace Mediation.Api.Tests.Rooms;

/// <summary>
/// Two instances of the service on one PostgreSQL database and one Redis (the SignalR backplane, SignalR:Redis), as
/// compose.yaml runs api-1 and api-2: the same keys, so a token issued by one is good on the other. Instance A
/// creates and migrates the database; B starts on it afterwards.
/// </summary>
public sealed class TwoRoomInstances : IAsyncLifetime
{
    private readonly SharedPostgres database = new();
    private readonly KeyValuePair<string, string?>[] shared =
    [
        new("Auth:SigningKey", Key()),
        new("PersonalData:EncryptionKey", Key()),
        new("PersonalData:HashKey", Key()),
        // 100 messages each way in a few seconds: the per-participant allowance is not what this test is about.
        new("RateLimits:RoomMessages:PerUser", "100000"),
        .. TestRedis.Settings(TestRedis.NewChannelPrefix()),
    ];

    public RoomInstance A { get; private set; } = null!;
    public RoomInstance B { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        A = new RoomInstance(database, shared);
        await A.InitializeAsync();
        B = new RoomInstance(database, shared);
        await B.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        if (B is not null)
            await B.DisposeAsync();
        if (A is not null)
            await A.DisposeAsync();
        await database.DropAsync();
    }

    private static string Key() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>One database for both hosts; it is dropped once, by the fixture, after both are gone.</summary>
    private sealed class SharedPostgres : ITestDatabase
    {
        private readonly TestPostgres.Database database = TestPostgres.NewDatabase();
        private bool created;

        public async Task<IEnumerable<KeyValuePair<string, string?>>> CreateAsync()
        {
            if (!created)
                await database.CreateAsync();
            created = true;
            return database.Settings;
        }

        Task ITestDatabase.DropAsync() => Task.CompletedTask;

        public Task DropAsync() => database.DropAsync();
    }
}

/// <summary>One instance of the pair: the rooms' test service with the settings both share, on the real clock (two
/// fake clocks would disagree).</summary>
public sealed class RoomInstance(ITestDatabase database, IEnumerable<KeyValuePair<string, string?>> shared)
    : OutcomesFactory(database)
{
    protected override bool UsesRealClock => true;

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => base.ExtraSettings.Concat(shared);

    /// <summary>A client of this instance speaking as the holder of <paramref name="other"/>'s token.</summary>
    public HttpClient As(HttpClient other)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = other.DefaultRequestHeaders.Authorization;
        return client;
    }
}

public sealed class TwoInstanceRoomTests(TwoRoomInstances instances) : IClassFixture<TwoRoomInstances>
{
    private const int EachWay = 100;

    [Fact]
    public async Task APartyOnOneInstanceAndTheMediatorOnTheOtherHearEachOfTheOthersMessagesOnceAndInOrder()
    {
        var (a, b) = (instances.A, instances.B);
        (await a.CreateClient().GetStringAsync("/health/ready")).Should().Be("Healthy");
        (await b.CreateClient().GetStringAsync("/health/ready")).Should().Be("Healthy");
        var c = await a.CaseInMediationAsync();
        var rooms = await c.RoomsAsync();
        await using var party = await RoomConnection.OpenAsync(a, c.Applicant);
        await using var mediator = await RoomConnection.OpenAsync(b, c.Mediator.Client);
        await party.JoinAsync(rooms.Joint);
        await mediator.JoinAsync(rooms.Joint);

        // Both talk at once, each waiting for its own send to be stored before the next, as a client does.
        async Task TalkAsync(RoomConnection who, string prefix)
        {
            for (var i = 0; i < EachWay; i++)
                await who.SendAsync(rooms.Joint, $"{prefix}-{i}", $"{prefix} 第{i}条");
        }
        await Task.WhenAll(TalkAsync(party, "party"), TalkAsync(mediator, "mediator"));

        // Everyone in the room hears every message, their own included: 200 each, then nothing more.
        var heardByParty = await ReceiveAsync(party, 2 * EachWay);
        var heardByMediator = await ReceiveAsync(mediator, 2 * EachWay);
        await Task.Delay(300);
        party.Messages.Reader.TryRead(out _).Should().BeFalse("no message arrives twice");
        mediator.Messages.Reader.TryRead(out _).Should().BeFalse("no message arrives twice");
        string[] Said(string prefix) => [.. Enumerable.Range(0, EachWay).Select(i => $"{prefix} 第{i}条")];
        List<string?> From(List<JsonElement> heard, string role) =>
            [.. heard.Where(m => m.GetProperty("senderRole").GetString() == role).Select(m => m.Text())];
        From(heardByParty, "Mediator").Should().Equal(Said("mediator"), "the party on A hears B's mediator live");
        From(heardByMediator, "Applicant").Should().Equal(Said("party"), "the mediator on B hears A's party live");
        From(heardByParty, "Applicant").Should().Equal(Said("party"));
        From(heardByMediator, "Mediator").Should().Equal(Said("mediator"));
        heardByParty
            .Select(m => m.Id())
            .Should()
            .OnlyHaveUniqueItems()
            .And.BeEquivalentTo(heardByMediator.Select(m => m.Id()));

        // Both instances read the same history from the database, in the order of the room's sequence.
        var historyOnA = await c.Applicant.HistoryPageAsync(rooms.Joint);
        var historyOnB = await b.As(c.Mediator.Client).HistoryPageAsync(rooms.Joint);
        historyOnA.Should().HaveCount(2 * EachWay);
        historyOnB.Select(m => m.Id()).Should().Equal(historyOnA.Select(m => m.Id()));
        historyOnA.Select(m => m.GetProperty("seq").GetInt64()).Should().BeInAscendingOrder();
        historyOnA.Select(m => m.Id()).Should().BeEquivalentTo(heardByParty.Select(m => m.Id()));
    }

    private static async Task<List<JsonElement>> ReceiveAsync(RoomConnection who, int count)
    {
        var heard = new List<JsonElement>(count);
        while (heard.Count < count)
            heard.Add(await who.NextAsync());
        return heard;
    }
}

internal static class TwoInstanceHarness
{
    public static async Task<List<JsonElement>> HistoryPageAsync(this HttpClient client, Guid roomId)
    {
        var page = await client.GetAsync($"/api/rooms/{roomId}/messages?limit=200").OkJsonAsync();
        return [.. page.GetProperty("items").EnumerateArray()];
    }
}
