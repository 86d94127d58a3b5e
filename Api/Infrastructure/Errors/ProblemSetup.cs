using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Mvc;

namespace Mediation.Api.Infrastructure.Errors;

/// <summary>Every error leaves the service as RFC 9457 problem+json with a Chinese title, whatever produced
/// it.</summary>
public static class ProblemSetup
{
    public static WebApplicationBuilder AddProblemHandling(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(o =>
            o.CustomizeProblemDetails = context =>
            {
                var problem = context.ProblemDetails;
                var status = problem.Status ?? context.HttpContext.Response.StatusCode;
                if (
                    ProblemTitles.For(status) is { } title
                    && (problem.Title is null || IsFrameworkTitle(problem.Title))
                )
                    problem.Title = title;
                if (problem is HttpValidationProblemDetails)
                    problem.Title = ProblemTitles.Validation;
                problem.Detail ??= ProblemTitles.DefaultDetail(status);
                problem.Extensions.TryAdd(
                    Problems.CodeKey,
                    problem is HttpValidationProblemDetails ? Problems.Codes.Validation
                        : context.Exception is Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException
                            ? Problems.Codes.ConcurrentChange
                        : Problems.Codes.For(status)
                );
                problem.Extensions["traceId"] = context.HttpContext.TraceIdentifier;
            }
        );
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        // Bad bodies throw BadHttpRequestException in every environment, so that one handler maps them
        // to 400/413/415 with a clear message instead of a bare status (or a 500 in Development).
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return builder;
    }

    public static WebApplication UseProblemHandling(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }

    // The framework's English reason phrases and RFC titles are replaced by ours.
    private static bool IsFrameworkTitle(string title) => title.All(c => c < 128);
}

public static class ProblemTitles
{
    public const string Validation = "提交的内容有误，请检查标出的字段";

    public static string? For(int status) =>
        status switch
        {
            400 => "请求有误",
            401 => "未登录或登录已过期，请重新登录",
            403 => "无权执行此操作",
            404 => "未找到请求的内容",
            405 => "不支持该请求方法",
            406 => "不支持请求的响应格式",
            409 => "操作与当前状态冲突",
            413 => "提交的内容过大",
            415 => "不支持的内容类型",
            422 => "请求无法处理",
            429 => "请求过于频繁，请稍后再试",
            500 => "服务器内部错误，请稍后再试",
            502 or 503 or 504 => "服务暂时不可用，请稍后再试",
            _ => null,
        };

    public static string? DefaultDetail(int status) =>
        status switch
        {
            401 => "请先登录后再访问。",
            403 => "当前账号没有执行此操作的权限。",
            404 => "请求的地址或内容不存在，或您无权查看。",
            405 => "该地址不支持此请求方法。",
            415 => "请使用 application/json 提交数据。",
            429 => "操作过于频繁，请稍后再试。",
            _ => null,
        };
}

internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        Dictionary<string, string[]>? errors = null;
        var (status, detail) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, DescribeBadRequest(bad, BodyType(http), out errors)),
            Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException => (
                StatusCodes.Status409Conflict,
                Problems.ConcurrentChangeDetail
            ),
            OperationCanceledException when http.RequestAborted.IsCancellationRequested => (499, null),
            _ => (
                StatusCodes.Status500InternalServerError,
                "服务器处理请求时出错，请稍后再试。如问题持续，请联系管理员并提供追踪编号。"
            ),
        };
        if (status == 499)
            return true; // the client went away; nobody to answer
        if (status >= 500)
            logger.LogError(
                exception,
                "Unhandled exception for {Method} {Path}",
                http.Request.Method,
                http.Request.Path
            );
        else
            logger.LogInformation("Request refused with {Status}: {Message}", status, exception.Message);

        http.Response.StatusCode = status;
        var problem = new ProblemDetails
        {
            Status = status,
            Title = status == 409 ? Problems.ConcurrentChangeTitle : ProblemTitles.For(status),
            Detail = detail,
        };
        // A value of the wrong type names its field as a validation error does; the title stays "请求有误" (not a rule the
        // value broke, a value that could not be read).
        if (errors is not null)
            problem.Extensions["errors"] = errors;
        return await problems.TryWriteAsync(
            new ProblemDetailsContext
            {
                HttpContext = http,
                Exception = exception,
                ProblemDetails = problem,
            }
        );
    }

    // The exception handler runs with the endpoint cleared; the feature keeps the one that failed.
    private static Type? BodyType(HttpContext http) =>
        (http.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? http.GetEndpoint())
            ?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>()
            ?.RequestType;

    private static string DescribeBadRequest(
        BadHttpRequestException bad,
        Type? bodyType,
        out Dictionary<string, string[]>? errors
    )
    {
        errors = null;
        switch (bad.StatusCode)
        {
            case StatusCodes.Status413PayloadTooLarge:
                return "提交的内容超过了允许的大小。";
            case StatusCodes.Status415UnsupportedMediaType:
                return "不支持的内容类型，请使用 application/json 提交数据。";
        }
        var description = BindingErrors.Describe(bad, bodyType);
        errors = description.Errors;
        return description.Detail;
    }
}
