using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Mediation.Bench.RoomDelivery;

/// <summary>The part of a pushed <c>message</c> the bench reads.</summary>
internal sealed record Heard(string ClientMessageId);

/// <summary>
/// One participant's WebSocket to /hubs/mediation on its instance (token on the query string, no negotiation, as the
/// mini-program connects), joined to its room. Every message it hears from someone else is timed against the moment
/// the sender's bench loop sent it (one process, one monotonic clock).
/// </summary>
internal sealed class Participant(BenchRoom room, int seat, Uri instance, Delivery delivery) : IAsyncDisposable
{
    private readonly string prefix = $"r{room.Index}p{seat}-";
    private readonly HashSet<string> seen = [];
    private HubConnection hub = null!;
    private long sent;

    public BenchRoom Room => room;
    public int Instance => room.Seats[seat].Instance;

    public async Task ConnectAsync()
    {
        hub = new HubConnectionBuilder()
            .WithUrl(
                new Uri(instance, $"/hubs/mediation?access_token={Uri.EscapeDataString(room.Seats[seat].Token)}"),
                o =>
                {
                    o.Transports = HttpTransportType.WebSockets;
                    o.SkipNegotiation = true;
                }
            )
            .Build();
        hub.ServerTimeout = TimeSpan.FromSeconds(120);
        hub.On<Heard>("message", Hear);
        await hub.StartAsync();
        await hub.InvokeAsync("JoinRoom", room.Id);
    }

    // SignalR calls a connection's handlers one at a time: `seen` needs no lock.
    private void Hear(Heard m)
    {
        var now = Stopwatch.GetTimestamp();
        if (m.ClientMessageId.StartsWith(prefix, StringComparison.Ordinal))
            return;
        if (!seen.Add(m.ClientMessageId))
        {
            Interlocked.Increment(ref delivery.Duplicates);
            return;
        }
        delivery.Record(m.ClientMessageId, now);
    }

    public void Send()
    {
        var id = $"{prefix}{Interlocked.Increment(ref sent)}";
        delivery.Sending(id);
        _ = SendAsync(id);
    }

    private async Task SendAsync(string id)
    {
        try
        {
            await hub.InvokeAsync<Heard>(
                "SendMessage",
                room.Id,
                new { clientMessageId = id, text = "好的，我同意这个方案，请调解员记录。" }
            );
            Interlocked.Increment(ref delivery.Stored);
        }
        catch (Exception e)
        {
            if (Interlocked.Increment(ref delivery.Errors) <= 5)
                Console.Error.WriteLine($"send {id}: {e.GetType().Name}: {e.Message}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (hub is not null)
            await hub.DisposeAsync();
    }
}

/// <summary>Send times, delivery latencies (ms) and counters of one run.</summary>
internal sealed class Delivery(int capacity)
{
    private readonly ConcurrentDictionary<string, (long At, bool Measured)> sentAt = new();
    private readonly double[] latencies = new double[capacity];
    private int count;
    public long Stored,
        Errors,
        Duplicates,
        Unmeasured,
        SentMeasured;
    public volatile bool Measuring;

    public void Sending(string id)
    {
        var measured = Measuring;
        sentAt[id] = (Stopwatch.GetTimestamp(), measured);
        if (measured)
            Interlocked.Increment(ref SentMeasured);
    }

    public void Record(string id, long now)
    {
        if (!sentAt.TryGetValue(id, out var s) || !s.Measured)
        {
            Interlocked.Increment(ref Unmeasured);
            return;
        }
        var i = Interlocked.Increment(ref count) - 1;
        if (i < latencies.Length)
            latencies[i] = Stopwatch.GetElapsedTime(s.At, now).TotalMilliseconds;
    }

    public int Delivered => Math.Min(Volatile.Read(ref count), latencies.Length);

    public double[] Sorted()
    {
        var copy = latencies[..Delivered];
        Array.Sort(copy);
        return copy;
    }
}
