using System.Collections;

namespace Mediation.Api.Infrastructure.Observability;

/// <summary>
/// One id follows a case from the request that started it through every job it enqueued (and the jobs those enqueued):
/// the client's X-Request-Id when it sends a sane one (a gateway's), otherwise the request's own trace identifier. It
/// is the <c>traceId</c> of problem responses, the X-Request-Id response header, and the <c>CorrelationId</c> of every
/// log line's scope; <see cref="JobCorrelationFilter"/> carries it into jobs as a job parameter.
/// </summary>
public static class RequestCorrelation
{
    public const string Header = "X-Request-Id";
    public const string ScopeKey = "CorrelationId";
    private static readonly AsyncLocal<string?> current = new();

    /// <summary>The correlation id of the request or job running on this logical flow, if any.</summary>
    public static string? Current
    {
        get => current.Value;
        internal set => current.Value = value;
    }

    internal static WebApplicationBuilder AddRequestCorrelation(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<JobCorrelationFilter>();
        return builder;
    }

    internal static WebApplication UseRequestCorrelation(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Mediation.Api.Requests");
        app.Use(
            async (http, next) =>
            {
                var id = Sane(http.Request.Headers[Header].FirstOrDefault()) ?? http.TraceIdentifier;
                http.TraceIdentifier = id;
                http.Response.Headers[Header] = id;
                Current = id;
                try
                {
                    using (logger.BeginScope(new CorrelationScope(id)))
                        await next(http);
                }
                finally
                {
                    Current = null;
                }
            }
        );
        return app;
    }

    /// <summary>At most 64 characters of letters, digits and <c>-_.:</c>; anything else is ignored rather than
    /// logged.</summary>
    internal static string? Sane(string? id) =>
        id is { Length: > 0 and <= 64 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':')
            ? id
            : null;
}

/// <summary>A log scope of key/value pairs: structured formatters (JSON console, OpenTelemetry) write each as a
/// field.</summary>
internal sealed class CorrelationScope(string correlationId, string? jobId = null, string? job = null)
    : IReadOnlyList<KeyValuePair<string, object?>>
{
    private readonly KeyValuePair<string, object?>[] items = jobId is null
        ? [new(RequestCorrelation.ScopeKey, correlationId)]
        : [new(RequestCorrelation.ScopeKey, correlationId), new("JobId", jobId), new("Job", job)];

    public KeyValuePair<string, object?> this[int index] => items[index];
    public int Count => items.Length;

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() =>
        ((IEnumerable<KeyValuePair<string, object?>>)items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => string.Join(' ', items.Select(i => $"{i.Key}:{i.Value}"));
}
