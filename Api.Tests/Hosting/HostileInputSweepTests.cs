using System.Text;
using System.Text.Json.Nodes;
using Mediation.Api.Auth;
using Mediation.Api.Infrastructure.Security;
using Mediation.Api.Tests.Intake;
using Xunit.Abstractions;

namespace Mediation.Api.Tests.Hosting;

/// <summary>
/// Walks every operation of the service's own OpenAPI document as a citizen, a staff member and the administrator and
/// sends it what a hostile or broken client would: an empty body, nulls, wrong types, huge and control-character
/// strings, random and malformed ids, garbage query values. Nothing may answer 5xx, and every refusal is problem+json.
/// </summary>
public abstract class HostileInputSweepTests(ApiFactory api, ITestOutputHelper output)
{
    private static readonly string[] Methods = ["get", "post", "put", "delete", "patch"];
    private static readonly string HugeString = new string('x', 5_000) + new string('纠', 5_000);
    private const string ControlString = "张三\u0000\u0007\u001b[31m\u202e";

    [Fact]
    public async Task NoOperationAnswers5xxOrANonProblemErrorToHostileInput()
    {
        var started = DateTime.UtcNow;
        var anonymous = api.CreateClient();
        var document = JsonNode.Parse(await anonymous.GetStringAsync("/openapi/v1.json"))!;
        var schemas = document["components"]?["schemas"]?.AsObject();

        // A real case in mediation, assigned to the staff member, so that handlers get past "not found" to the body.
        var filed = await api.FileCaseAsync();
        var intake = await api.NewStaffAsync("WD-ZJC-XC", [StaffRoles.Intake]);
        var staff = await api.NewStaffAsync(
            "WD-ZJC-XC",
            [StaffRoles.Intake, StaffRoles.Mediator, StaffRoles.Supervisor]
        );
        await intake.Client.PostAsync($"/api/intake/{filed.Id}/accept").OkJsonAsync();
        await intake
            .Client.PostAsync($"/api/intake/{filed.Id}/assign", new { mediatorIds = new[] { staff.Id } })
            .OkJsonAsync();
        var partyId = api.WithDb(db =>
            db.Set<Mediation.Api.Disputes.DisputeParty>().First(p => p.DisputeId == filed.Id).Id
        );
        var known = new Dictionary<string, Guid> { ["id"] = filed.Id, ["partyId"] = partyId };
        var admin = await api.StaffAsync(ApiFactory.AdminUsername, ApiFactory.AdminPassword);
        var callers = new (string Name, HttpClient Client)[]
        {
            ("citizen", filed.Citizen),
            ("staff", staff.Client),
            ("admin", admin),
        };

        var failures = new List<string>();
        var requests = 0;
        var operations = 0;
        foreach (var (path, item) in document["paths"]!.AsObject())
        foreach (var method in Methods)
        {
            if (item![method] is not JsonObject operation)
                continue;
            operations++;
            var parameters = (
                (item["parameters"] as JsonArray ?? []).Concat(operation["parameters"] as JsonArray ?? [])
            )
                .OfType<JsonObject>()
                .ToList();
            var bodies = Bodies(operation, schemas).ToList();
            foreach (var (pathVariant, url) in Urls(path, parameters, known))
            foreach (var (caller, client) in callers)
            foreach (var (bodyName, body, contentType) in bodies)
            {
                requests++;
                using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), url);
                if (body is not null)
                    request.Content = new StringContent(body, Encoding.UTF8, contentType);
                request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
                using var response = await client.SendAsync(request);
                var status = (int)response.StatusCode;
                var mediaType = response.Content.Headers.ContentType?.MediaType;
                if (status >= 500 || (status >= 400 && mediaType != "application/problem+json"))
                {
                    var text = await response.Content.ReadAsStringAsync();
                    failures.Add(
                        $"{status} {method.ToUpperInvariant()} {url} as {caller}, body {bodyName} ({pathVariant}): "
                            + $"{mediaType} {text[..Math.Min(text.Length, 300)]}"
                    );
                }
            }
        }

        output.WriteLine(
            $"{operations} operations, {requests} requests, {failures.Count} failures in {DateTime.UtcNow - started}"
        );
        operations.Should().BeGreaterThan(50, "the document lists every operation");
        failures
            .Should()
            .BeEmpty(
                $"{failures.Count} of {requests} hostile requests were answered badly:\n"
                    + string.Join('\n', failures.Take(200))
            );
    }

    /// <summary>Each URL of an operation: path ids random or malformed (and the real case for {id}), query values
    /// garbage.</summary>
    private static IEnumerable<(string Variant, string Url)> Urls(
        string template,
        List<JsonObject> parameters,
        Dictionary<string, Guid> known
    )
    {
        var query = parameters.Where(p => (string?)p["in"] == "query").Select(p => (string)p["name"]!).ToList();
        string Build(Func<string, string> pathValue, string? queryValue)
        {
            var url = System.Text.RegularExpressions.Regex.Replace(template, @"\{([^}:]+)[^}]*\}", m =>
                Uri.EscapeDataString(pathValue(m.Groups[1].Value))
            );
            if (queryValue is not null && query.Count > 0)
                url += "?" + string.Join('&', query.Select(q => $"{q}={Uri.EscapeDataString(queryValue)}"));
            return url;
        }

        var hasPathParameters = template.Contains('{');
        yield return ("random ids", Build(_ => Guid.NewGuid().ToString(), null));
        if (hasPathParameters)
        {
            yield return ("malformed ids", Build(_ => "not-an-id'--", null));
            yield return ("huge ids", Build(_ => new string('9', 2_000), null));
            if (known.Keys.Any(k => template.Contains("{" + k)))
                yield return (
                    "the real case",
                    Build(name => (known.TryGetValue(name, out var id) ? id : Guid.NewGuid()).ToString(), "-1")
                );
        }
        if (query.Count > 0)
        {
            foreach (
                var garbage in new[]
                {
                    "garbage'\"<>",
                    "-1",
                    "99999999999999999999",
                    "0001-01",
                    "9999-99-99T99:99",
                    "",
                    HugeString[..2_000],
                    "\u0000",
                }
            )
                yield return ($"query {Describe(garbage)}", Build(_ => Guid.NewGuid().ToString(), garbage));
        }
    }

    private static string Describe(string value) =>
        value.Length > 20 ? $"{value.Length} chars" : value.Replace("\u0000", "\\0");

    /// <summary>The bodies sent to an operation: none for those without one, hostile JSON for JSON ones, JSON for
    /// others.</summary>
    private static IEnumerable<(string Name, string? Body, string ContentType)> Bodies(
        JsonObject operation,
        JsonObject? schemas
    )
    {
        var content = operation["requestBody"]?["content"]?.AsObject();
        if (content is null)
        {
            yield return ("none", null, "application/json");
            yield break;
        }
        if (content["application/json"]?["schema"] is not JsonObject schema)
        {
            // multipart or XML: a JSON body, an empty one and garbage of the declared type
            var declared = content.First().Key;
            yield return ("json to " + declared, "{\"file\":null}", "application/json");
            yield return ("empty " + declared, "", declared);
            yield return (
                "garbage " + declared,
                "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>",
                declared
            );
            yield break;
        }

        var resolved = Resolve(schema, schemas);
        yield return ("no body", null, "application/json");
        yield return ("null", "null", "application/json");
        yield return ("{}", "{}", "application/json");
        yield return ("[]", "[]", "application/json");
        if (Properties(resolved, schemas) is not { Count: > 0 } properties)
            yield break;

        yield return ("nulls", Object(properties, _ => null).ToJsonString(), "application/json");
        yield return ("wrong types", Object(properties, p => WrongType(p, schemas)).ToJsonString(), "application/json");
        foreach (var (name, style) in Styles)
            yield return (name, Sample(resolved, schemas, 0, style)?.ToJsonString() ?? "null", "application/json");
        // One huge text at a time among plausible values: a field without a length rule reaches the database's column
        // limit.
        foreach (
            var (name, property) in properties.Where(p =>
                Type(Resolve(p.Value, schemas)) == "string" && Resolve(p.Value, schemas)["format"] is null
            )
        )
        {
            var body = (JsonObject)Sample(resolved, schemas, 0, Styles[0].Style)!;
            body[name] = HugeString;
            yield return ($"huge {name}", body.ToJsonString(), "application/json");
        }
    }

    /// <summary>How a body shaped like the schema is filled in.</summary>
    private sealed record Style(
        string Text,
        bool Extreme = false,
        bool NullItems = false,
        bool NullLeaves = false,
        bool Negative = true
    );

    private static readonly (string Name, Style Style)[] Styles =
    [
        ("plausible", new Style("测试一下这段文字", Negative: false)),
        ("huge strings", new Style(HugeString, Extreme: true)),
        ("control characters", new Style(ControlString)),
        ("null items", new Style("测试", NullItems: true)),
        ("null leaves", new Style("测试", NullLeaves: true)),
    ];

    private static JsonObject Object(Dictionary<string, JsonObject> properties, Func<JsonObject, JsonNode?> value)
    {
        var result = new JsonObject();
        foreach (var (name, property) in properties)
            result[name] = value(property);
        return result;
    }

    private static JsonNode WrongType(JsonObject schema, JsonObject? schemas) =>
        Type(Resolve(schema, schemas)) switch
        {
            "string" => 123,
            "integer" or "number" => "not a number",
            "boolean" => "yes",
            "array" => new JsonObject { ["unexpected"] = true },
            _ => new JsonArray(1, "two"),
        };

    /// <summary>A value shaped like the schema: strings the style's text, numbers extreme or negative, collections of
    /// one (and a null).</summary>
    private static JsonNode? Sample(JsonObject schema, JsonObject? schemas, int depth, Style style)
    {
        var resolved = Resolve(schema, schemas);
        var type = Type(resolved);
        if (depth > 5)
            return null;
        if (style.NullLeaves && depth > 0 && type is not ("object" or "array"))
            return null;
        if (resolved["enum"] is JsonArray values && values.Count > 0)
            return values.Last()?.DeepClone();
        switch (type)
        {
            case "string":
                return (string?)resolved["format"] switch
                {
                    "uuid" => Guid.NewGuid().ToString(),
                    "date-time" => "2026-12-10T10:00:00",
                    "date" => "2026-12-10",
                    "time" => "10:00:00",
                    "duration" => "00:30:00",
                    _ => style.Text,
                };
            case "integer":
                return style.Extreme ? long.MaxValue
                    : style.Negative ? -1
                    : 1;
            case "number":
                return style.Extreme ? 1e300
                    : style.Negative ? -1.5
                    : 1;
            case "boolean":
                return true;
            case "array":
                var items = new JsonArray(Sample(resolved["items"] as JsonObject ?? [], schemas, depth + 1, style));
                if (style.NullItems)
                    items.Add(null);
                return items;
            default:
                var result = new JsonObject();
                foreach (var (name, property) in Properties(resolved, schemas) ?? [])
                    result[name] = Sample(property, schemas, depth + 1, style);
                if (resolved["additionalProperties"] is JsonObject additional)
                {
                    result["k" + depth] = Sample(additional, schemas, depth + 1, style);
                    if (style.NullItems)
                        result["n" + depth] = null;
                }
                return result;
        }
    }

    private static Dictionary<string, JsonObject>? Properties(JsonObject schema, JsonObject? schemas) =>
        Resolve(schema, schemas)["properties"] is JsonObject properties
            ? properties.Where(p => p.Value is JsonObject).ToDictionary(p => p.Key, p => (JsonObject)p.Value!)
            : null;

    private static string? Type(JsonObject schema) =>
        schema["type"] switch
        {
            JsonValue v => (string?)v,
            JsonArray a => a.Select(t => (string?)t).FirstOrDefault(t => t != "null"),
            _ => schema["properties"] is not null || schema["additionalProperties"] is not null ? "object" : null,
        };

    /// <summary>Follows $ref and takes the first non-null branch of oneOf/anyOf/allOf.</summary>
    private static JsonObject Resolve(JsonObject schema, JsonObject? schemas)
    {
        for (var i = 0; i < 10; i++)
        {
            if ((string?)schema["$ref"] is { } reference && schemas?[reference.Split('/').Last()] is JsonObject target)
            {
                schema = target;
                continue;
            }
            var branch = (schema["oneOf"] ?? schema["anyOf"] ?? schema["allOf"]) as JsonArray;
            if (
                branch?.OfType<JsonObject>().FirstOrDefault(b => (string?)b["type"] != "null") is { } first
                && schema["properties"] is null
            )
            {
                schema = first;
                continue;
            }
            break;
        }
        return schema;
    }
}

/// <summary>The sweep sends thousands of requests from three accounts: limits would answer 429 before the handlers are
/// reached.</summary>
internal static class SweepSettings
{
    public static readonly KeyValuePair<string, string?>[] NoRateLimits = [new("RateLimits:Enabled", "false")];
}

public sealed class HostileInputSweepTestsOnSqlite(SweepApi<SqliteDatabase> api, ITestOutputHelper output)
    : HostileInputSweepTests(api, output),
        IClassFixture<SweepApi<SqliteDatabase>>;

/// <summary>PostgreSQL refuses what SQLite stores (a NUL in text, a value longer than its column): the sweep runs on
/// both.</summary>
public sealed class HostileInputSweepTestsOnPostgres(SweepApi<PostgresDatabase> api, ITestOutputHelper output)
    : HostileInputSweepTests(api, output),
        IClassFixture<SweepApi<PostgresDatabase>>;

/// <summary>The service without rate limits: the sweep sends hundreds of requests from one address.</summary>
public sealed class SweepApi<TDatabase>() : ApiFactory(new TDatabase())
    where TDatabase : ITestDatabase, new()
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => SweepSettings.NoRateLimits;
}
