using Mediation.Api.ReferenceData;

namespace Mediation.Api.Admin;

public static class BodiesAdminApi
{
    public static RouteGroupBuilder MapBodiesAdmin(this RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("/bodies");
        group.MapGet("/", ListBodies).Named("AdminListBodies", "全部调解组织（含停用）");
        group.MapPost("/", CreateBody).Named(nameof(CreateBody), "新建调解组织");
        group.MapPut("/{id:guid}", UpdateBody).Named(nameof(UpdateBody), "修改调解组织");
        return admin;
    }

    public static async Task<Ok<List<AdminBodyResponse>>> ListBodies(AppDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await db.Bodies.AsNoTracking().OrderBy(b => b.Code).Select(b => ToResponse(b)).ToListAsync(ct));

    public static async Task<Results<Created<AdminBodyResponse>, ProblemHttpResult>> CreateBody(
        CreateBodyRequest request,
        AppDbContext db,
        AuditLog audit,
        ReferenceCache reference,
        CancellationToken ct
    )
    {
        var code = request.Code!.Trim();
        if (await db.Bodies.AnyAsync(b => b.Code == code, ct))
            return Problems.Conflict("组织代码已被使用", $"组织代码 {code} 已存在，请换一个。");
        if (await ParentProblemAsync(db, null, request.ParentId, request.Level!.Value, ct) is { } bad)
            return bad;

        var body = new MediationBody
        {
            Code = code,
            Name = request.Name!.Trim(),
            Level = request.Level!.Value,
            Kind = request.Kind!.Value,
            ParentId = request.ParentId,
            Region = request.Region?.Trim() ?? "",
        };
        db.Bodies.Add(body);
        audit.Record(
            "BodyCreated",
            "MediationBody",
            body.Id,
            new
            {
                body.Code,
                body.Name,
                body.Level,
                body.ParentId,
            }
        );
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return Problems.Conflict("组织代码已被使用", $"组织代码 {code} 已存在，请换一个。");
        }
        reference.Invalidate();
        return TypedResults.Created($"/api/admin/bodies/{body.Id}", ToResponse(body));
    }

    public static async Task<Results<Ok<AdminBodyResponse>, NotFound, ProblemHttpResult>> UpdateBody(
        Guid id,
        UpdateBodyRequest request,
        AppDbContext db,
        AuditLog audit,
        ReferenceCache reference,
        CancellationToken ct
    )
    {
        var body = await db.Bodies.FirstOrDefaultAsync(b => b.Id == id, ct);
        if (body is null)
            return TypedResults.NotFound();
        if (await ParentProblemAsync(db, id, request.ParentId, request.Level!.Value, ct) is { } bad)
            return bad;

        var before = ToResponse(body);
        body.Name = request.Name!.Trim();
        body.Level = request.Level!.Value;
        body.Kind = request.Kind!.Value;
        body.ParentId = request.ParentId;
        body.Region = request.Region?.Trim() ?? "";
        body.Active = request.Active!.Value;
        audit.Record("BodyUpdated", "MediationBody", body.Id, new { before, after = ToResponse(body) });
        await db.SaveChangesAsync(ct);
        reference.Invalidate();
        return TypedResults.Ok(ToResponse(body));
    }

    /// <summary>A parent must be at the same level or above, and never the body itself or one of its
    /// descendants.</summary>
    private static async Task<ProblemHttpResult?> ParentProblemAsync(
        AppDbContext db,
        Guid? self,
        Guid? parentId,
        BodyLevel level,
        CancellationToken ct
    )
    {
        if (parentId is not { } pid)
            return null;
        var tree = await db
            .Bodies.AsNoTracking()
            .Select(b => new
            {
                b.Id,
                b.ParentId,
                b.Level,
            })
            .ToListAsync(ct);
        var parent = tree.Single(b => b.Id == pid);
        if (parent.Level < level)
            return Problems.Conflict("上级组织层级过低", "上级组织的层级不能低于本组织。");
        for (Guid? cursor = pid; cursor is { } c; cursor = tree.Single(b => b.Id == c).ParentId)
            if (c == self)
                return Problems.Conflict("上级组织无效", "不能把本组织或其下级组织设为上级组织。");
        return null;
    }

    private static AdminBodyResponse ToResponse(MediationBody b) =>
        new(b.Id, b.Code, b.Name, b.Level, b.Kind, b.ParentId, b.Region, b.Active);
}
