using System.Net.WebSockets;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Mediation.Api.Tests.Rooms;

/// <summary>The rooms of one case as its mediator lists them.</summary>
public sealed record CaseRooms(Guid Joint, Guid ApplicantCaucus, Guid RespondentCaucus);

/// <summary>
/// One participant's live connection to /hubs/mediation over a WebSocket of the test server, with the token on the
/// query string as the mini-program sends it. What the hub pushes is kept in channels to read in order.
/// </summary>
public sealed class RoomConnection : IAsyncDisposable
{
    private WebSocket? socket;
    public HubConnection Hub { get; }
    public Channel<JsonElement> Messages { get; } = Channel.CreateUnbounded<JsonElement>();
    public Channel<JsonElement> Closed { get; } = Channel.CreateUnbounded<JsonElement>();
    public Channel<JsonElement> Left { get; } = Channel.CreateUnbounded<JsonElement>();

    private RoomConnection(ApiFactory api, string token)
    {
        Hub = new HubConnectionBuilder()
            .WithUrl(
                new Uri(api.Server.BaseAddress, $"/hubs/mediation?access_token={Uri.EscapeDataString(token)}"),
                o =>
                {
                    o.Transports = HttpTransportType.WebSockets;
                    o.SkipNegotiation = true;
                    o.WebSocketFactory = async (context, ct) =>
                        socket = await api.Server.CreateWebSocketClient().ConnectAsync(context.Uri, ct);
                }
            )
            .Build();
        Hub.On<JsonElement>("message", m => Messages.Writer.TryWrite(m));
        Hub.On<JsonElement>("roomClosed", m => Closed.Writer.TryWrite(m));
        Hub.On<JsonElement>("roomLeft", m => Left.Writer.TryWrite(m));
    }

    public static async Task<RoomConnection> OpenAsync(ApiFactory api, HttpClient client)
    {
        var connection = new RoomConnection(api, client.DefaultRequestHeaders.Authorization!.Parameter!);
        await connection.Hub.StartAsync();
        return connection;
    }

    public Task JoinAsync(Guid roomId) => Hub.InvokeAsync("JoinRoom", roomId);

    public Task<JsonElement> SendAsync(Guid roomId, string clientMessageId, string text) =>
        Hub.InvokeAsync<JsonElement>("SendMessage", roomId, new { clientMessageId, text });

    /// <summary>The socket drops under the client (a lost network), not a close it asked for.</summary>
    public void Drop() => socket!.Abort();

    public async Task<JsonElement> NextAsync(Channel<JsonElement>? from = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        return await (from ?? Messages).Reader.ReadAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync() => await Hub.DisposeAsync();
}

public static class RoomsHarness
{
    public static async Task<CaseRooms> RoomsAsync(this PartyCase c)
    {
        var rooms = await c.Mediator.Client.GetAsync($"/api/disputes/{c.Id}/rooms").OkJsonAsync();
        Guid Of(Func<JsonElement, bool> which) => rooms.EnumerateArray().Single(which).GetProperty("id").GetGuid();
        bool Caucus(JsonElement r, Guid party) =>
            r.GetProperty("kind").GetString() == "Caucus"
            && r.GetProperty("partyIds").EnumerateArray().Any(p => p.GetGuid() == party);
        return new CaseRooms(
            Of(r => r.GetProperty("kind").GetString() == "Joint"),
            Of(r => Caucus(r, c.ApplicantPartyId)),
            Of(r => Caucus(r, c.RespondentPartyId))
        );
    }

    public static Task<HttpResponseMessage> SayAsync(
        this HttpClient client,
        Guid roomId,
        string clientMessageId,
        string text
    ) => client.PostAsJsonAsync($"/api/rooms/{roomId}/messages", new { clientMessageId, text });

    public static Task<HttpResponseMessage> OfferAsync(
        this HttpClient client,
        Guid roomId,
        long amountFen,
        string terms,
        DateOnly dueDate,
        Guid? counterOfferId = null
    ) =>
        client.PostAsJsonAsync(
            $"/api/rooms/{roomId}/messages",
            new
            {
                clientMessageId = "offer-" + Guid.NewGuid().ToString("N"),
                offer = new
                {
                    amountFen,
                    terms,
                    dueDate,
                },
                counterOfferId,
            }
        );

    public static async Task<List<JsonElement>> HistoryAsync(this HttpClient client, Guid roomId, Guid? after = null)
    {
        var page = await client
            .GetAsync($"/api/rooms/{roomId}/messages{(after is { } a ? $"?after={a}" : "")}")
            .OkJsonAsync();
        return [.. page.GetProperty("items").EnumerateArray()];
    }

    public static Guid Id(this JsonElement e) => e.GetProperty("id").GetGuid();

    public static string? Text(this JsonElement e) => e.GetProperty("text").GetString();
}
