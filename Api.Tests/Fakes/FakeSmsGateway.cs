using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Mediation.Api.Tests.Fakes;

/// <summary>
/// An HTTP SMS gateway on loopback as a provider would run it: it checks the HMAC-SHA256 signature over
/// <c>timestamp + "\n" + body</c> (401 when it does not match), can answer given statuses (429, 500) on demand,
/// and records every message it accepted.
/// </summary>
public sealed class FakeSmsGateway : IAsyncDisposable
{
    private readonly string _secret;
    private readonly Lock _gate = new();
    private readonly Queue<int> _failures = [];
    private readonly List<Message> _messages = [];
    private WebApplication? _app;

    public sealed record Message(string Phone, string Content, string RequestId);

    private FakeSmsGateway(string secret) => _secret = secret;

    public string Url { get; private set; } = "";
    public int Requests { get; private set; }
    public int Unauthorized { get; private set; }

    /// <summary>Requests whose requestId had already been accepted (a retry after a lost answer or a killed
    /// sender).</summary>
    public int Replays { get; private set; }

    public IReadOnlyList<Message> Messages
    {
        get
        {
            lock (_gate)
                return [.. _messages];
        }
    }

    public static async Task<FakeSmsGateway> StartAsync(string secret)
    {
        var fake = new FakeSmsGateway(secret);
        (var app, var baseUrl) = await LoopbackServer.StartAsync(fake.HandleAsync);
        fake._app = app;
        fake.Url = baseUrl + "/sms/send";
        return fake;
    }

    /// <summary>The next <paramref name="times"/> requests answer <paramref name="status"/> (e.g. 500, 429).</summary>
    public void FailNext(int status, int times = 1)
    {
        lock (_gate)
            for (var i = 0; i < times; i++)
                _failures.Enqueue(status);
    }

    public void ClearFailures()
    {
        lock (_gate)
            _failures.Clear();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var timestamp = context.Request.Headers["X-Timestamp"].ToString();
        var signature = context.Request.Headers["X-Signature"].ToString();
        var expected = Convert.ToHexStringLower(
            HMACSHA256.HashData(Encoding.UTF8.GetBytes(_secret), Encoding.UTF8.GetBytes(timestamp + "\n" + body))
        );
        lock (_gate)
        {
            Requests++;
            if (
                !CryptographicOperations.FixedTimeEquals(
                    Encoding.ASCII.GetBytes(expected),
                    Encoding.ASCII.GetBytes(signature)
                )
            )
            {
                Unauthorized++;
                context.Response.StatusCode = 401;
                return;
            }
            if (_failures.TryDequeue(out var status))
            {
                context.Response.StatusCode = status;
                return;
            }
            var json = JsonDocument.Parse(body).RootElement;
            var requestId = json.GetProperty("requestId").GetString()!;
            // Like the gateways we integrate with, a requestId already accepted is acknowledged again but not sent
            // twice.
            if (_messages.Any(m => m.RequestId == requestId))
                Replays++;
            else
                _messages.Add(
                    new Message(
                        json.GetProperty("phone").GetString()!,
                        json.GetProperty("content").GetString()!,
                        requestId
                    )
                );
        }
        await context.Response.WriteAsJsonAsync(new { code = "OK" });
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
            await _app.DisposeAsync();
    }
}
