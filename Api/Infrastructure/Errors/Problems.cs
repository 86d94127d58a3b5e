namespace Mediation.Api.Infrastructure.Errors;

/// <summary>
/// The one vocabulary of refusals. Each is RFC 9457 problem+json with a Chinese title and detail for people and a
/// stable <c>code</c> for programs (the mini-program and the console branch on it, never on the wording). Problems the
/// framework writes (404 of an unknown route, 401 of a missing token, validation) get the code of their status in <see
/// cref="ProblemSetup"/>.
/// </summary>
public static class Problems
{
    public const string CodeKey = "code";

    public static class Codes
    {
        public const string BadRequest = "bad-request";
        public const string Validation = "validation-failed";
        public const string Unauthenticated = "unauthenticated";
        public const string Forbidden = "forbidden";
        public const string NotFound = "not-found";
        public const string Conflict = "conflict";
        public const string WrongState = "wrong-state";
        public const string ConcurrentChange = "concurrent-change";
        public const string TooLarge = "too-large";
        public const string UnsupportedMediaType = "unsupported-media-type";
        public const string Unprocessable = "unprocessable";
        public const string TooManyRequests = "too-many-requests";
        public const string Unavailable = "unavailable";
        public const string ServerError = "server-error";

        public static string For(int status) =>
            status switch
            {
                400 => BadRequest,
                401 => Unauthenticated,
                403 => Forbidden,
                404 => NotFound,
                409 => Conflict,
                413 => TooLarge,
                415 => UnsupportedMediaType,
                422 => Unprocessable,
                429 => TooManyRequests,
                502 or 503 or 504 => Unavailable,
                >= 500 => ServerError,
                _ => BadRequest,
            };
    }

    /// <summary>What a concurrent change answers everywhere (an optimistic-concurrency token lost the race).</summary>
    public const string ConcurrentChangeTitle = "内容已被他人修改";
    public const string ConcurrentChangeDetail = "您提交时，该内容刚被其他人修改，请刷新后查看最新状态再操作。";

    /// <summary>A problem with its machine-readable code; without a title, the status's Chinese title.</summary>
    public static ProblemHttpResult Of(int status, string? title, string? detail = null, string? code = null) =>
        TypedResults.Problem(
            title: title ?? ProblemTitles.For(status),
            detail: detail,
            statusCode: status,
            extensions: new Dictionary<string, object?> { [CodeKey] = code ?? Codes.For(status) }
        );

    public static ProblemHttpResult BadRequest(string? title, string? detail = null, string? code = null) =>
        Of(400, title, detail, code);

    public static ProblemHttpResult Unauthorized(string? title, string? detail = null, string? code = null) =>
        Of(401, title, detail, code);

    public static ProblemHttpResult Forbidden(string? title, string? detail = null, string? code = null) =>
        Of(403, title, detail, code);

    public static ProblemHttpResult NotFound(string? title, string? detail = null, string? code = null) =>
        Of(404, title, detail, code);

    public static ProblemHttpResult Conflict(string? title, string? detail = null, string? code = null) =>
        Of(409, title, detail, code);

    public static ProblemHttpResult TooLarge(string? title, string? detail = null, string? code = null) =>
        Of(413, title, detail, code);

    public static ProblemHttpResult UnsupportedMediaType(string? title, string? detail = null, string? code = null) =>
        Of(415, title, detail, code);

    public static ProblemHttpResult Unprocessable(string? title, string? detail = null, string? code = null) =>
        Of(422, title, detail, code);

    public static ProblemHttpResult TooManyRequests(string? title, string? detail = null, string? code = null) =>
        Of(429, title, detail, code);

    /// <summary>A 400 with one field's message under <c>errors</c>, as the validation filter answers a
    /// validator.</summary>
    public static ValidationProblem Invalid(string field, string message) =>
        Invalid(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>A 400 with messages by field path under <c>errors</c>.</summary>
    public static ValidationProblem Invalid(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: ProblemTitles.Validation);

    /// <summary>Adds a field beside the code (e.g. WeChat's own error number).</summary>
    public static ProblemHttpResult WithExtension(this ProblemHttpResult problem, string key, object? value)
    {
        problem.ProblemDetails.Extensions[key] = value;
        return problem;
    }

    /// <summary>The case (or record) is not in a state that allows this action.</summary>
    public static ProblemHttpResult WrongState(string title, string? detail = null) =>
        Of(409, title, detail, Codes.WrongState);

    public static ProblemHttpResult ConcurrentChange(string? detail = null) =>
        Of(409, ConcurrentChangeTitle, detail ?? ConcurrentChangeDetail, Codes.ConcurrentChange);
}
