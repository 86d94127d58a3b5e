using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mediation.Bench.ReminderLag;

/// <summary>
/// WeChat's server as the service sees it, on loopback in this process: <c>cgi-bin/stable_token</c> hands out a token
/// (two hours, as WeChat does) and <c>cgi-bin/message/subscribe/send</c> checks it and answers <c>errcode 0</c> with a
/// <c>msgid</c>, or 40001 for a wrong token, 47001 for a bad body, 40037 for an unknown template, 47003 for a missing
/// value. Each accepted message is recorded with the time it arrived.
/// </summary>
public sealed class FakeWeChat : IAsyncDisposable
{
    public const string AppId = "wx-bench-app";
    public const string Secret = "bench-secret";
    private const string Token = "bench-access-token-0001";
    private readonly WebApplication app;
    private readonly ConcurrentQueue<Received> received = new();
    private readonly HashSet<string> templates;
    private long messageId = 1988810812324364291L;
    private int tokenCalls,
        refused;

    public sealed record Received(string OpenId, string TemplateId, DateTime At);

    private FakeWeChat(WebApplication app, IEnumerable<string> templates)
    {
        this.app = app;
        this.templates = [.. templates];
    }

    public string BaseUrl { get; private set; } = "";
    public IReadOnlyCollection<Received> Messages => received;
    public int TokenCalls => tokenCalls;
    public int Refused => refused;

    public static async Task<FakeWeChat> StartAsync(params string[] templateIds)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeWeChat(app, templateIds);
        app.MapPost("/cgi-bin/stable_token", fake.StableToken);
        app.MapPost("/cgi-bin/message/subscribe/send", fake.SubscribeSend);
        await app.StartAsync();
        fake.BaseUrl =
            app.Services.GetRequiredService<IServer>()
                .Features.GetRequiredFeature<IServerAddressesFeature>()
                .Addresses.First() + "/";
        return fake;
    }

    private async Task<IResult> StableToken(HttpRequest request)
    {
        var body = await JsonNode.ParseAsync(request.Body) as JsonObject;
        Interlocked.Increment(ref tokenCalls);
        if (body?["appid"]?.GetValue<string>() != AppId || body["secret"]?.GetValue<string>() != Secret)
            return Json(new JsonObject { ["errcode"] = 40001, ["errmsg"] = "invalid credential" });
        return Json(new JsonObject { ["access_token"] = Token, ["expires_in"] = 7200 });
    }

    private async Task<IResult> SubscribeSend(HttpRequest request)
    {
        if (request.Query["access_token"] != Token)
            return Refuse(40001, "invalid credential, access_token is invalid or not latest");
        JsonObject? message;
        try
        {
            message = await JsonNode.ParseAsync(request.Body) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            message = null;
        }
        if (message is null)
            return Refuse(47001, "data format error");
        var openId = message["touser"]?.GetValue<string>();
        var templateId = message["template_id"]?.GetValue<string>();
        if (string.IsNullOrEmpty(openId))
            return Refuse(40003, "invalid openid");
        if (templateId is null || !templates.Contains(templateId))
            return Refuse(40037, "invalid template_id");
        if (
            message["data"] is not JsonObject data
            || data.Count == 0
            || data.Any(kv => string.IsNullOrEmpty(kv.Value?["value"]?.GetValue<string>()))
        )
            return Refuse(47003, "argument invalid! data.value is empty");
        received.Enqueue(new Received(openId, templateId, DateTime.UtcNow));
        return Json(
            new JsonObject
            {
                ["errcode"] = 0,
                ["errmsg"] = "ok",
                ["msgid"] = Interlocked.Increment(ref messageId),
            }
        );
    }

    private IResult Refuse(int code, string text)
    {
        Interlocked.Increment(ref refused);
        return Json(new JsonObject { ["errcode"] = code, ["errmsg"] = text });
    }

    private static IResult Json(JsonObject body) => Results.Text(body.ToJsonString(), "application/json");

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
