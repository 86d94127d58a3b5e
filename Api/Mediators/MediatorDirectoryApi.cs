using Mediation.Api.Auth;
using Mediation.Api.Infrastructure.RateLimiting;
using Mediation.Api.ReferenceData;

namespace Mediation.Api.Mediators;

/// <summary>One mediator as anyone may see them (人民调解法 art. 19, 23: parties choose or accept a mediator). Never a
/// phone, an ID number, a username or the certificate number.</summary>
public sealed record DirectoryEntry(
    Guid Id,
    string DisplayName,
    Guid BodyId,
    string BodyName,
    IReadOnlyList<string> Specialties,
    MediatorLevel? Level,
    bool? FullTime,
    int? Years,
    IReadOnlyList<string> Languages,
    string? Introduction,
    MediatorRating Rating,
    string? PhotoUrl
)
{
    public static DirectoryEntry Of(Candidate c) =>
        new(
            c.Staff.Id,
            c.Staff.DisplayName,
            c.Body.Id,
            c.Body.Name,
            c.Specialties,
            c.Profile?.Level,
            c.Profile?.FullTime,
            c.Years,
            c.Profile?.Languages ?? [],
            c.Profile?.Introduction,
            c.Rating,
            MediatorPhotos.PublicUrl(c.Staff.Id, c.Profile)
        );
}

public static class MediatorDirectoryApi
{
    public const int MaxListed = 200;

    public static IEndpointRouteBuilder MapMediatorDirectory(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/mediators")
            .WithTags("Mediators")
            .WithValidation()
            .AllowAnonymous()
            .RateLimited(RateLimits.PublicReads);
        group.MapGet("/", ListMediators).Named(nameof(ListMediators), "调解员名录（任何人可查，不含联系方式和证件号）");
        group
            .MapGet("/recommendations", RecommendMediators)
            .Named(nameof(RecommendMediators), "推荐调解员（最多三名：擅长类型、当前承办量、评价）");
        group
            .MapGet("/{id:guid}/photo", MediatorPhotos.GetPublicPhoto)
            .Named(nameof(MediatorPhotos.GetPublicPhoto), "调解员照片（任何人可查；不在名录中的调解员没有）");
        return app;
    }

    public static async Task<Results<Ok<List<DirectoryEntry>>, ValidationProblem>> ListMediators(
        Guid? bodyId,
        string? typeCode,
        AppDbContext db,
        TimeProvider clock,
        CancellationToken ct
    )
    {
        if (await QueryProblemAsync(db, bodyId, typeCode, ct) is { } problem)
            return problem;
        var listed = await MediatorPool.ListedAsync(db, clock.GetUtcNow().UtcDateTime, bodyId, ct);
        return TypedResults.Ok(
            listed.Where(c => c.Handles(typeCode)).Take(MaxListed).Select(DirectoryEntry.Of).ToList()
        );
    }

    /// <summary>Before a case exists the service knows no conflict of interest, so none is excluded here; the
    /// clerk's recommendations for a filed case apply the conflict rules.</summary>
    public static async Task<Results<Ok<List<DirectoryEntry>>, ValidationProblem>> RecommendMediators(
        Guid? bodyId,
        string? typeCode,
        AppDbContext db,
        TimeProvider clock,
        CancellationToken ct
    )
    {
        if (await QueryProblemAsync(db, bodyId, typeCode, ct) is { } problem)
            return problem;
        var listed = await MediatorPool.ListedAsync(db, clock.GetUtcNow().UtcDateTime, bodyId, ct);
        return TypedResults.Ok(
            MediatorPool
                .Ranked(listed.Where(c => c.Handles(typeCode) && !c.Full), typeCode)
                .Take(MediatorPool.Recommended)
                .Select(DirectoryEntry.Of)
                .ToList()
        );
    }

    private static async Task<ValidationProblem?> QueryProblemAsync(
        AppDbContext db,
        Guid? bodyId,
        string? typeCode,
        CancellationToken ct
    )
    {
        var errors = new Dictionary<string, string[]>();
        if (bodyId is { } b && !await db.Bodies.AnyAsync(x => x.Id == b && x.Active, ct))
            errors["bodyId"] = ["调解组织不存在或已停用"];
        if (typeCode is not null && !await db.DisputeTypes.AnyAsync(t => t.Code == typeCode && t.Active, ct))
            errors["typeCode"] = [$"纠纷类型不存在：{typeCode}"];
        return errors.Count == 0 ? null : Problems.Invalid(errors);
    }
}
