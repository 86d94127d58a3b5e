using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Mediation.Api.Tests.Fakes;

/// <summary>
/// A credit centre's record endpoint (or a referrer's result endpoint) on loopback, as such a receiver works: it checks the HMAC-SHA256 signature over
/// <c>timestamp + "." + body</c> and a timestamp within 5 minutes of its own clock (401 otherwise), requires an
/// Idempotency-Key (400 without), answers a key it has already accepted with the same 200 and does not record it again,
/// and can be told to answer 500 (or another status) for the next requests.
/// </summary>
public sealed class FakeCreditCentre : IAsyncDisposable
{
    private readonly string _secret;
    private readonly Func<DateTimeOffset> _now;
    private readonly Lock _gate = new();
    private readonly Queue<int> _failures = [];
    private readonly Dictionary<string, JsonElement> _accepted = [];
    private readonly List<JsonElement> _records = [];
    private WebApplication? _app;

    private FakeCreditCentre(string secret, Func<DateTimeOffset> now) => (_secret, _now) = (secret, now);

    public string Url { get; private set; } = "";
    public int Requests { get; private set; }
    public int Replays { get; private set; }
    public int Unauthorized { get; private set; }

    /// <summary>Every distinct record accepted, in order.</summary>
    public IReadOnlyList<JsonElement> Records
    {
        get
        {
            lock (_gate)
                return [.. _records];
        }
    }

    /// <param name="path">Where the receiver listens: the credit centre's record endpoint, or a referrer's result
    /// endpoint (a court's 诉前调解 platform receives results the same way).</param>
    public static async Task<FakeCreditCentre> StartAsync(
        string secret,
        Func<DateTimeOffset> now,
        string path = "/api/credit/records"
    )
    {
        var fake = new FakeCreditCentre(secret, now);
        (var app, var baseUrl) = await LoopbackServer.StartAsync(fake.HandleAsync);
        fake._app = app;
        fake.Url = baseUrl + path;
        return fake;
    }

    public void FailNext(int status, int times = 1)
    {
        lock (_gate)
            for (var i = 0; i < times; i++)
                _failures.Enqueue(status);
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        int? fail;
        lock (_gate)
        {
            Requests++;
            fail = _failures.TryDequeue(out var f) ? f : null;
        }
        if (fail is { } status)
        {
            context.Response.StatusCode = status;
            await context.Response.WriteAsJsonAsync(new { code = status, message = "service unavailable" });
            return;
        }
        var timestamp = context.Request.Headers["X-Timestamp"].ToString();
        var signature = context.Request.Headers["X-Signature"].ToString();
        var expected =
            "sha256="
            + Convert.ToHexStringLower(
                HMACSHA256.HashData(
                    Encoding.UTF8.GetBytes(_secret),
                    Encoding.UTF8.GetBytes(timestamp + ".").Concat(body).ToArray()
                )
            );
        if (
            !long.TryParse(timestamp, out var ts)
            || Math.Abs(_now().ToUnixTimeSeconds() - ts) > 300
            || !CryptographicOperations.FixedTimeEquals(
                Encoding.ASCII.GetBytes(signature),
                Encoding.ASCII.GetBytes(expected)
            )
        )
        {
            lock (_gate)
                Unauthorized++;
            context.Response.StatusCode = 401;
            await context.Response.WriteAsJsonAsync(new { code = 401, message = "invalid signature" });
            return;
        }
        var key = context.Request.Headers["Idempotency-Key"].ToString();
        if (key.Length == 0)
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsJsonAsync(new { code = 400, message = "Idempotency-Key required" });
            return;
        }
        var record = JsonDocument.Parse(body).RootElement.Clone();
        lock (_gate)
        {
            if (_accepted.ContainsKey(key))
                Replays++;
            else
            {
                _accepted[key] = record;
                _records.Add(record);
            }
        }
        await context.Response.WriteAsJsonAsync(new { code = 0, recordNo = "XY-" + key[..8] });
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
            await _app.DisposeAsync();
    }
}
