using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Mediation.Api.Tests.Operations;

/// <summary>Keeps every log entry of the app with the key/value pairs of its scopes, as a structured log sink would see
/// them.</summary>
public sealed class LogCapture : ILoggerProvider, ISupportExternalScope
{
    public sealed record Entry(
        string Category,
        LogLevel Level,
        string Message,
        IReadOnlyDictionary<string, object?> Scope
    );

    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();
    public ConcurrentQueue<Entry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose() { }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => capture.scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(
            LogLevel logLevel,
            EventId eventId,
            TState state,
            Exception? exception,
            Func<TState, Exception?, string> formatter
        )
        {
            var scope = new Dictionary<string, object?>();
            capture.scopes.ForEachScope(
                (s, d) =>
                {
                    if (s is IEnumerable<KeyValuePair<string, object?>> pairs)
                        foreach (var (k, v) in pairs)
                            d[k] = v;
                },
                scope
            );
            capture.Entries.Enqueue(new Entry(category, logLevel, formatter(state, exception), scope));
        }
    }
}
