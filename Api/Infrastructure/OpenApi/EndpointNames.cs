namespace Mediation.Api.Infrastructure.OpenApi;

public static class EndpointNames
{
    /// <summary>The endpoint's name (its OpenAPI operationId and link name) and its Chinese summary.</summary>
    public static TBuilder Named<TBuilder>(this TBuilder builder, string name, string summary)
        where TBuilder : IEndpointConventionBuilder => builder.WithName(name).WithSummary(summary);
}
