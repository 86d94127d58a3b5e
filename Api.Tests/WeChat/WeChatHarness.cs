using System.Net.Sockets;
using Mediation.Api.Tests.Fakes;
using Mediation.Api.WeChat;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Mediation.Api.Tests.WeChat;

/// <summary>The real client, token provider and facade, wired by hand to a base URL and a fake clock.</summary>
internal sealed class WeChatHarness : IAsyncDisposable
{
    public const string AppId = "wx0123456789abcdef";
    public const string AppSecret = "0123456789abcdef0123456789abcdef";

    private readonly HttpClient _http;

    private WeChatHarness(
        string baseUrl,
        FakeTimeProvider clock,
        FakeWeChatServer? server,
        string appSecret,
        TimeSpan timeout
    )
    {
        Clock = clock;
        Server = server;
        var options = Options.Create(
            new WeChatOptions
            {
                AppId = AppId,
                AppSecret = appSecret,
                BaseUrl = baseUrl,
            }
        );
        _http = new HttpClient { BaseAddress = options.Value.BaseUri, Timeout = timeout };
        Client = new WeChatApiClient(_http, options);
        Tokens = new WeChatAccessTokenProvider(Client, clock);
        Service = new WeChatService(Client, Tokens, Log);
    }

    public FakeTimeProvider Clock { get; }

    /// <summary>The fake, or null when the harness points at something else.</summary>
    public FakeWeChatServer? Server { get; }

    public WeChatApiClient Client { get; }

    public WeChatAccessTokenProvider Tokens { get; }

    public WeChatService Service { get; }

    public ListLogger<WeChatService> Log { get; } = new();

    public FakeWeChatServer Fake => Server ?? throw new InvalidOperationException("No fake server in this harness.");

    /// <summary>Starts a fake WeChat that shares the harness's clock.</summary>
    public static async Task<WeChatHarness> StartAsync(string appSecret = AppSecret)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero));
        var server = await FakeWeChatServer.StartAsync(AppId, AppSecret, clock);
        return new WeChatHarness(server.BaseUrl, clock, server, appSecret, TimeSpan.FromSeconds(10));
    }

    public static WeChatHarness Connect(string baseUrl, TimeSpan? timeout = null) =>
        new(baseUrl, new FakeTimeProvider(), null, AppSecret, timeout ?? TimeSpan.FromSeconds(10));

    /// <summary>A loopback URL on which nothing listens: connecting is refused.</summary>
    public static string RefusingUrl()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}";
    }

    public async ValueTask DisposeAsync()
    {
        Tokens.Dispose();
        _http.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}

/// <summary>Keeps every formatted log line, to check what reaches the logs.</summary>
internal sealed class ListLogger<T> : ILogger<T>
{
    private readonly List<(LogLevel Level, string Message)> _entries = [];

    public IReadOnlyList<(LogLevel Level, string Message)> Entries
    {
        get
        {
            lock (_entries)
            {
                return [.. _entries];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(
        LogLevel logLevel,
        EventId eventId,
        TState state,
        Exception? exception,
        Func<TState, Exception?, string> formatter
    )
    {
        lock (_entries)
        {
            _entries.Add((logLevel, formatter(state, exception) + (exception is null ? "" : " | " + exception)));
        }
    }
}
