namespace Mediation.Api.ReferenceData;

public sealed record DisputeTypeResponse(string Code, string Name, string ListVersion);

public sealed record BodyResponse(
    Guid Id,
    string Code,
    string Name,
    BodyLevel Level,
    BodyKind Kind,
    Guid? ParentId,
    string Region
);

public sealed record LegalTextResponse(string Kind, string Version, string Text, string Sha256);

public static class ReferenceDataApi
{
    public static IEndpointRouteBuilder MapReferenceDataApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").WithTags("Reference data");
        group
            .MapGet("/dispute-types", ListDisputeTypes)
            .Named(nameof(ListDisputeTypes), "纠纷类型（司法部统计口径，版本化）");
        group.MapGet("/bodies", ListBodies).Named(nameof(ListBodies), "调解组织");
        group
            .MapGet("/legal-texts/{kind}", GetLegalText)
            .Named(nameof(GetLegalText), "权利义务告知书、信用承诺书的现行文本");
        return app;
    }

    public static async Task<Ok<List<DisputeTypeResponse>>> ListDisputeTypes(AppDbContext db, CancellationToken ct) =>
        TypedResults.Ok(
            await db
                .DisputeTypes.AsNoTracking()
                .Where(t => t.Active)
                .OrderBy(t => t.SortOrder)
                .Select(t => new DisputeTypeResponse(t.Code, t.Name, t.ListVersion))
                .ToListAsync(ct)
        );

    public static async Task<Ok<List<BodyResponse>>> ListBodies(AppDbContext db, CancellationToken ct) =>
        TypedResults.Ok(
            await db
                .Bodies.AsNoTracking()
                .Where(b => b.Active)
                .OrderBy(b => b.Code)
                .Select(b => new BodyResponse(b.Id, b.Code, b.Name, b.Level, b.Kind, b.ParentId, b.Region))
                .ToListAsync(ct)
        );

    public static Results<Ok<LegalTextResponse>, NotFound> GetLegalText(string kind, LegalTextCatalog catalog) =>
        catalog.Current(kind) is { } text
            ? TypedResults.Ok(new LegalTextResponse(text.Kind, text.Version, text.Text, text.Sha256))
            : TypedResults.NotFound();
}
