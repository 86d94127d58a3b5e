using System.Reflection;
using System.Text.Json;

namespace Mediation.Api.Infrastructure.Idempotency;

/// <summary>
/// What the handler of an idempotent POST needs: the record that answers retries, to add in the same transaction as
/// what the request creates (<see cref="Prepare{T}"/>). Null when the client sent no key on an operation where it is
/// optional.
/// </summary>
public sealed class IdempotentRequest
{
    internal string? Key { get; set; }
    internal string Operation { get; set; } = "";
    internal string RequestHash { get; set; } = "";
    internal Guid UserId { get; set; }

    public IdempotencyRecord? Prepare<T>(Guid resourceId, T response, DateTime now) =>
        Key is null ? null : IdempotencyKeys.Record(UserId, Key, Operation, RequestHash, resourceId, response, now);
}

/// <summary>
/// The Idempotency-Key protocol of POSTs that create something, in one place: the key is checked; a retry with the same
/// request gets the first answer again (201 with the stored body) without running the handler, one with another request
/// gets 422; two identical requests at once both get the one committed answer (the unique (user, key) index makes the
/// later insert fail, and the filter replays the winner). The request is the route values and the body (the handler's
/// <c>…Request</c> parameter).
/// </summary>
public static class IdempotencyFilter
{
    /// <param name="location">Where the created resource lives, with {0} for its id (e.g. "/api/disputes/{0}").</param>
    /// <param name="required">False where older clients may send no key; then nothing is remembered.</param>
    public static RouteHandlerBuilder Idempotent(
        this RouteHandlerBuilder builder,
        string operation,
        string location,
        bool required = true
    ) =>
        builder
            .AddOpenApiOperationTransformer(
                (op, _, _) =>
                {
                    op.Parameters ??= [];
                    op.Parameters.Add(
                        new Microsoft.OpenApi.OpenApiParameter
                        {
                            Name = IdempotencyKeys.Header,
                            In = Microsoft.OpenApi.ParameterLocation.Header,
                            Required = required,
                            Description = "每次新操作一个新的随机值（不超过 100 个可见 ASCII 字符），重试时保持不变",
                            Schema = new Microsoft.OpenApi.OpenApiSchema
                            {
                                Type = Microsoft.OpenApi.JsonSchemaType.String,
                                MaxLength = IdempotencyKeys.MaxLength,
                            },
                        }
                    );
                    return Task.CompletedTask;
                }
            )
            .AddEndpointFilterFactory(
                (factory, next) =>
                {
                    var bodies = factory
                        .MethodInfo.GetParameters()
                        .Select((p, i) => (p, i))
                        .Where(x => IsBody(x.p))
                        .Select(x => x.i)
                        .ToArray();
                    return async context =>
                    {
                        var http = context.HttpContext;
                        var key = http.Request.Headers[IdempotencyKeys.Header].FirstOrDefault();
                        if (key is null && !required)
                            return await next(context);
                        if (IdempotencyKeys.CheckKey(key) is { } badKey)
                            return badKey;

                        var idempotency = http.RequestServices.GetRequiredService<IdempotentRequest>();
                        (idempotency.Key, idempotency.Operation, idempotency.UserId) = (
                            key,
                            operation,
                            http.User.GetUserId()
                        );
                        idempotency.RequestHash = IdempotencyKeys.HashRequest(
                            new
                            {
                                route = http
                                    .Request.RouteValues.OrderBy(v => v.Key, StringComparer.Ordinal)
                                    .Select(v => $"{v.Key}={v.Value}")
                                    .ToArray(),
                                body = bodies.Select(i => context.Arguments[i]).ToArray(),
                            }
                        );
                        var db = http.RequestServices.GetRequiredService<AppDbContext>();
                        if (await ReplayAsync(db, idempotency, location, http.RequestAborted) is { } replay)
                            return replay;
                        try
                        {
                            return await next(context);
                        }
                        catch (DbUpdateException)
                        {
                            // The same request, sent twice at once: the one that committed first answers both.
                            db.ChangeTracker.Clear();
                            if (await ReplayAsync(db, idempotency, location, http.RequestAborted) is { } winner)
                                return winner;
                            throw;
                        }
                    };
                }
            );

    private static bool IsBody(ParameterInfo p) =>
        p.ParameterType.Name.EndsWith("Request", StringComparison.Ordinal)
        && p.ParameterType.Namespace?.StartsWith("Mediation.Api", StringComparison.Ordinal) == true;

    private static async Task<IResult?> ReplayAsync(
        AppDbContext db,
        IdempotentRequest idempotency,
        string location,
        CancellationToken ct
    )
    {
        if (await IdempotencyKeys.FindAsync(db, idempotency.UserId, idempotency.Key!, ct) is not { } record)
            return null;
        var (response, mismatch) = IdempotencyKeys.Replay<JsonElement>(
            record,
            idempotency.Operation,
            idempotency.RequestHash
        );
        return mismatch ?? (IResult)TypedResults.Created(string.Format(location, record.ResourceId), response);
    }
}
