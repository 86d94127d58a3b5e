using System.Reflection;
using System.Runtime.CompilerServices;
using FluentValidation;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Mediation.Api.Infrastructure.OpenApi;

/// <summary>The OpenAPI document at /openapi/v1.json: what is required is what the service requires, described in
/// Chinese.</summary>
public static class OpenApiSetup
{
    public static IServiceCollection AddServiceOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(o =>
        {
            o.AddSchemaTransformer<RequiredByTheService>();
            // Descriptions once every schema has its place: a property that refers to a component ($ref) carries its
            // own description beside the reference, and the component keeps the description of what it is.
            o.AddDocumentTransformer(
                (document, _, _) =>
                {
                    foreach (
                        var (name, schema) in document.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>()
                    )
                        if (schema is OpenApiSchema component)
                            Describe(name, component);
                    return Task.CompletedTask;
                }
            );
            o.AddOperationTransformer(
                (operation, _, _) =>
                {
                    foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
                        if (
                            parameter.Name is { } name
                            && FieldGlossary.Properties.TryGetValue(Camel(name), out var description)
                        )
                            parameter.Description ??= description;
                    return Task.CompletedTask;
                }
            );
        });

    private static void Describe(string name, OpenApiSchema schema)
    {
        if (FieldGlossary.Schemas.TryGetValue(name, out var described))
            schema.Description = described;
        foreach (var (property, value) in schema.Properties ?? new Dictionary<string, IOpenApiSchema>())
        {
            if (!FieldGlossary.Properties.TryGetValue(property, out var description))
                continue;
            switch (value)
            {
                case OpenApiSchemaReference reference:
                    reference.Description = description;
                    break;
                case OpenApiSchema inline:
                    inline.Description ??= description;
                    break;
            }
        }
    }

    internal static string Camel(string name) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(name);
}

/// <summary>
/// The framework marks every constructor parameter of a record `required`, so a client generated from the document
/// would have to send `preferredMediatorId` and every other optional field. Here a property is required when it cannot
/// be null, or when the type's validator refuses it missing: the validator is run once on an instance with every
/// property unset, and the properties it names are the required ones (rules guarded by When(... is not null) stay
/// silent, as they should).
/// </summary>
internal sealed class RequiredByTheService(IServiceProvider services) : IOpenApiSchemaTransformer
{
    // NullabilityInfoContext caches without locking: one per call, since hosts in one process (the tests) or two
    // first requests may build documents at the same time.
    public async Task TransformAsync(
        OpenApiSchema schema,
        OpenApiSchemaTransformerContext context,
        CancellationToken ct
    )
    {
        var type = context.JsonTypeInfo.Type;
        if (
            schema.Properties is not { Count: > 0 } properties
            || context.JsonTypeInfo.Kind != System.Text.Json.Serialization.Metadata.JsonTypeInfoKind.Object
        )
            return;

        var refusedWhenMissing = await RefusedWhenMissingAsync(type, ct);
        var required = context
            .JsonTypeInfo.Properties.Where(p =>
                properties.ContainsKey(p.Name) && (!CanBeNull(p) || refusedWhenMissing.Contains(p.Name))
            )
            .Select(p => p.Name)
            .ToList();
        schema.Required = required.Count > 0 ? new SortedSet<string>(required, StringComparer.Ordinal) : null;
    }

    private static bool CanBeNull(System.Text.Json.Serialization.Metadata.JsonPropertyInfo property)
    {
        if (Nullable.GetUnderlyingType(property.PropertyType) is not null)
            return true;
        if (property.PropertyType.IsValueType)
            return false;
        return property.AttributeProvider switch
        {
            PropertyInfo p => new NullabilityInfoContext().Create(p).ReadState != NullabilityState.NotNull,
            FieldInfo f => new NullabilityInfoContext().Create(f).ReadState != NullabilityState.NotNull,
            _ => true,
        };
    }

    /// <summary>The JSON names of the properties the type's validator (if DI has one) refuses when nothing is sent,
    /// unless only under a condition on other fields.</summary>
    private async Task<HashSet<string>> RefusedWhenMissingAsync(Type type, CancellationToken ct)
    {
        if (services.GetService(typeof(IValidator<>).MakeGenericType(type)) is not IValidator validator)
            return [];
        try
        {
            await using var scope = services.CreateAsyncScope();
            var context = new ValidationContext<object>(RuntimeHelpers.GetUninitializedObject(type));
            context.RootContextData[Validation.ValidationServices.Key] = scope.ServiceProvider;
            var result = await validator.ValidateAsync(context, ct);
            // "bodyId unless place is given": a member whose own rules here all carry a condition is not required as
            // such.
            var descriptor = validator.CreateDescriptor();
            bool Conditional(string member) =>
                descriptor.GetRulesForMember(member).ToList() is { Count: > 0 } rules
                && rules.All(r =>
                    r.HasCondition
                    || r.HasAsyncCondition
                    || r.Components.All(c => c.HasCondition || c.HasAsyncCondition)
                );
            return result
                .Errors.Select(e => e.PropertyName)
                .Where(n => !n.Contains('.') && !n.Contains('[') && !Conditional(n))
                .ToHashSet(StringComparer.OrdinalIgnoreCase);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return []; // a validator that cannot run on an empty instance: fall back to nullability alone
        }
    }
}
