using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Mediation.Api.Tests.Fakes;

/// <summary>
/// WeCom group robots on loopback: POST /cgi-bin/webhook/send?key=..., errors as HTTP 200 with errcode — 93000 for an
/// unknown key, 45009 beyond 20 messages a minute per robot — and every accepted text recorded.
/// </summary>
public sealed class FakeWeComRobot : IAsyncDisposable
{
    public const int PerMinute = 20;
    private readonly TimeProvider _clock;
    private readonly Lock _gate = new();
    private readonly HashSet<string> _keys = [];
    private readonly Dictionary<string, List<DateTimeOffset>> _recent = [];
    private readonly List<Message> _messages = [];
    private WebApplication? _app;

    public sealed record Message(string Key, string Content);

    private FakeWeComRobot(TimeProvider clock) => _clock = clock;

    public string BaseUrl { get; private set; } = "";
    public IReadOnlyList<Message> Messages
    {
        get
        {
            lock (_gate)
                return [.. _messages];
        }
    }

    public static async Task<FakeWeComRobot> StartAsync(TimeProvider clock)
    {
        var fake = new FakeWeComRobot(clock);
        (var app, var baseUrl) = await LoopbackServer.StartAsync(fake.HandleAsync);
        fake._app = app;
        fake.BaseUrl = baseUrl;
        return fake;
    }

    /// <summary>Creates a robot and returns its webhook URL.</summary>
    public string NewRobot()
    {
        var key = Guid.NewGuid().ToString();
        lock (_gate)
            _keys.Add(key);
        return $"{BaseUrl}/cgi-bin/webhook/send?key={key}";
    }

    private async Task HandleAsync(HttpContext context)
    {
        var key = context.Request.Query["key"].ToString();
        using var doc = await JsonDocument.ParseAsync(context.Request.Body);
        int errcode;
        lock (_gate)
        {
            var now = _clock.GetUtcNow();
            if (!_keys.Contains(key))
                errcode = 93000;
            else
            {
                var recent = _recent.TryGetValue(key, out var r) ? r : _recent[key] = [];
                recent.RemoveAll(t => now - t >= TimeSpan.FromMinutes(1));
                if (recent.Count >= PerMinute)
                    errcode = 45009;
                else
                {
                    recent.Add(now);
                    _messages.Add(
                        new Message(key, doc.RootElement.GetProperty("text").GetProperty("content").GetString()!)
                    );
                    errcode = 0;
                }
            }
        }
        await context.Response.WriteAsJsonAsync(
            new
            {
                errcode,
                errmsg = errcode switch
                {
                    0 => "ok",
                    93000 => "invalid webhook url",
                    _ => "api freq out of limit",
                },
            }
        );
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
            await _app.DisposeAsync();
    }
}
