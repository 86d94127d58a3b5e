using FluentValidation;

namespace Mediation.Api.Infrastructure.Validation;

/// <summary>
/// Runs the FluentValidation validator of every handler argument that has one, and the <see cref="TextCheck"/> on its
/// texts; a failure answers 400 problem+json naming each field. Which arguments have a validator is worked out once per
/// endpoint, when it is built; the validators are built on first use.
/// </summary>
public static class ValidationFilter
{
    public static EndpointFilterDelegate Create(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        // Which arguments have a validator is decided here from the registrations alone; the validator itself (a
        // singleton, see AddRequestValidation) is built on the endpoint's first request, not while every endpoint is
        // built at start-up (building all of them cost about a second of CPU before the first request).
        var registrations = context.ApplicationServices.GetRequiredService<IServiceProviderIsService>();
        var validated = context
            .MethodInfo.GetParameters()
            .Select(
                (parameter, index) =>
                    (Index: index, Type: typeof(IValidator<>).MakeGenericType(parameter.ParameterType))
            )
            .Where(v => registrations.IsService(v.Type))
            .Select(v =>
                (
                    v.Index,
                    Validator: new Lazy<IValidator>(() =>
                        (IValidator)context.ApplicationServices.GetRequiredService(v.Type)
                    )
                )
            )
            .ToArray();
        // Plain texts bound from the route or the query string have no validator, and reach the database all the
        // same (PostgreSQL refuses a NUL with an error, not an empty answer): the same text check as a body's.
        var texts = context
            .MethodInfo.GetParameters()
            .Select(
                (parameter, index) =>
                    (Index: index, Name: System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(parameter.Name ?? ""))
            )
            .Where(p => context.MethodInfo.GetParameters()[p.Index].ParameterType == typeof(string))
            .ToArray();
        if (validated.Length == 0 && texts.Length == 0)
            return next;

        return async invocation =>
        {
            foreach (var (index, name) in texts)
                if (invocation.Arguments[index] is string text && !TextCheck.IsClean(text, multiline: false))
                    return Problems.Invalid(name, TextCheck.SingleLineMessage);
            foreach (var (index, validator) in validated)
            {
                if (invocation.Arguments[index] is not { } argument)
                    continue;
                var http = invocation.HttpContext;
                if (
                    await RequestValidation.ErrorsAsync(
                        argument,
                        validator.Value,
                        http.RequestServices,
                        http.RequestAborted
                    ) is
                    { } errors
                )
                    return Problems.Invalid(errors);
            }
            return await next(invocation);
        };
    }
}

/// <summary>
/// The one validation of a request: the <see cref="TextCheck"/> on its texts, then its FluentValidation validator. The
/// filter runs it on every endpoint argument; code that builds a request itself (a draft from an offer) or takes one
/// outside HTTP (a hub method) runs the same.
/// </summary>
public static class RequestValidation
{
    /// <summary>The errors by field path, or null when the request is valid.</summary>
    public static async Task<Dictionary<string, string[]>?> ErrorsAsync(
        object argument,
        IValidator validator,
        IServiceProvider services,
        CancellationToken ct
    )
    {
        // Texts first: rules look values up in the database, and PostgreSQL fails on a NUL rather than finding
        // nothing.
        if (TextCheck.Check(argument) is { Count: > 0 } textErrors)
            return textErrors;
        var validation = new ValidationContext<object>(argument);
        validation.RootContextData[ValidationServices.Key] = services;
        var result = await validator.ValidateAsync(validation, ct);
        return result.IsValid ? null : new Dictionary<string, string[]>(result.ToDictionary());
    }

    /// <summary>The same with the registered validator of <typeparamref name="T"/> (text checks only if none).</summary>
    public static Task<Dictionary<string, string[]>?> ErrorsAsync<T>(
        this IServiceProvider services,
        T argument,
        CancellationToken ct
    )
        where T : notnull =>
        services.GetService<IValidator<T>>() is { } validator
            ? ErrorsAsync(argument, validator, services, ct)
            : Task.FromResult(TextCheck.Check(argument) is { Count: > 0 } errors ? errors : null);
}

public static class ValidationServices
{
    public const string Key = "services";

    /// <summary>A service of the request being validated (e.g. AppDbContext) inside a MustAsync rule.</summary>
    public static T Get<T>(this IValidationContext context)
        where T : notnull =>
        context.RootContextData.TryGetValue(Key, out var services) && services is IServiceProvider provider
            ? provider.GetRequiredService<T>()
            : throw new InvalidOperationException("Validated outside the ValidationFilter: no request services.");
}

/// <summary>A validator that a parent validator constructs for one of its members; never resolved from DI.</summary>
public interface INestedValidator;

public static class ValidationSetup
{
    public static WebApplicationBuilder AddRequestValidation(this WebApplicationBuilder builder)
    {
        ValidatorOptions.Global.LanguageManager.Culture = new System.Globalization.CultureInfo("zh-CN");
        // Error keys follow the JSON names the client sent (camelCase), e.g. "respondents[0].idNumber".
        ValidatorOptions.Global.PropertyNameResolver = (_, member, expression) =>
        {
            var chain = expression is null
                ? null
                : FluentValidation.Internal.PropertyChain.FromExpression(expression).ToString();
            var name = string.IsNullOrEmpty(chain) ? member?.Name : chain;
            return name is null
                ? null
                : string.Join('.', name.Split('.').Select(System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName));
        };
        // Singletons: a validator's rules are built once, not per request. Rules that need a scoped service
        // (the database) take it from the request's services with ValidationServices.Get<T>.
        builder.Services.AddValidatorsFromAssembly(
            typeof(ValidationFilter).Assembly,
            ServiceLifetime.Singleton,
            filter: v => !typeof(INestedValidator).IsAssignableFrom(v.ValidatorType),
            includeInternalTypes: true
        );
        return builder;
    }

    public static RouteGroupBuilder WithValidation(this RouteGroupBuilder group) =>
        group.AddEndpointFilterFactory(ValidationFilter.Create);
}
