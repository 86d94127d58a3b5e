using FluentValidation;

namespace Mediation.Api.Infrastructure.Validation;

/// <summary>Runs the FluentValidation validator of every argument that has one; a failure answers 400 problem+json naming each field.</summary>
public sealed class ValidationFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var services = context.HttpContext.RequestServices;
        foreach (var argument in context.Arguments)
        {
            if (argument is null) continue;
            var validatorType = typeof(IValidator<>).MakeGenericType(argument.GetType());
            if (services.GetService(validatorType) is not IValidator validator) continue;
            var validation = new ValidationContext<object>(argument);
            validation.RootContextData[ValidationServices.Key] = services;
            var result = await validator.ValidateAsync(validation, context.HttpContext.RequestAborted);
            if (!result.IsValid)
                return TypedResults.ValidationProblem(result.ToDictionary(), title: ProblemTitlesForValidation);
        }
        return await next(context);
    }

    private const string ProblemTitlesForValidation = Errors.ProblemTitles.Validation;
}

public static class ValidationServices
{
    public const string Key = "services";

    /// <summary>A service of the request being validated (e.g. AppDbContext) inside a MustAsync rule.</summary>
    public static T Get<T>(this IValidationContext context) where T : notnull =>
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
            var chain = expression is null ? null : FluentValidation.Internal.PropertyChain.FromExpression(expression).ToString();
            var name = string.IsNullOrEmpty(chain) ? member?.Name : chain;
            return name is null ? null : string.Join('.', name.Split('.').Select(System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName));
        };
        // Singletons: a validator's rules are built once, not per request. Rules that need a scoped service
        // (the database) take it from the request's services with ValidationServices.Get<T>.
        builder.Services.AddValidatorsFromAssemblyContaining<ValidationFilter>(ServiceLifetime.Singleton,
            filter: v => !typeof(INestedValidator).IsAssignableFrom(v.ValidatorType), includeInternalTypes: true);
        return builder;
    }

    public static RouteGroupBuilder WithValidation(this RouteGroupBuilder group) => group.AddEndpointFilter<ValidationFilter>();
}
