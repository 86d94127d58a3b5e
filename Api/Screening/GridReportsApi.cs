using System.Security.Cryptography;
using FluentValidation;
using Mediation.Api.Auth;
using Mediation.Api.Disputes;
using Mediation.Api.Evidence;
using Mediation.Api.Infrastructure.PersonalData;
using Mediation.Api.Infrastructure.Storage;
using Mediation.Api.Notifications;
using Mediation.Api.ReferenceData;

namespace Mediation.Api.Screening;

public sealed record GridReportPartyInput(string? Name, string? Phone, string? Side);

public sealed record GridReportRequest(
    Guid? ClientId,
    string? Place,
    double? Latitude,
    double? Longitude,
    string? Account,
    GridReportUrgency? Urgency,
    List<GridReportPartyInput>? Parties
);

public sealed record GridReportCaseRequest(Guid? CaseId);

public sealed record GridReportResolutionRequest(string? Resolution);

public sealed record GridReportPartyResponse(string Name, string? Phone, string? Side);

public sealed record GridReportPhotoResponse(Guid Id, string FileName, string ContentType, long SizeBytes, string Url);

public sealed record GridReportResponse(
    Guid Id,
    Guid BodyId,
    string BodyName,
    Guid ReportedById,
    string ReporterName,
    DateTime ReportedAt,
    string Place,
    double? Latitude,
    double? Longitude,
    string Account,
    GridReportUrgency Urgency,
    string UrgencyName,
    List<GridReportPartyResponse> Parties,
    List<GridReportPhotoResponse> Photos,
    GridReportStatus Status,
    string StatusName,
    DateTime? HandledAt,
    string? HandlerName,
    Guid? CaseId,
    string? CaseReference,
    string? Resolution
);

public sealed record GridReportList(List<GridReportResponse> Items);

internal sealed class GridReportRequestValidator : AbstractValidator<GridReportRequest>
{
    public const int MaxParties = 20;

    public GridReportRequestValidator()
    {
        RuleFor(x => x.ClientId).NotNull().WithMessage("缺少上报编号（clientId），请由页面生成");
        RuleFor(x => x.Place)
            .NotEmpty()
            .WithMessage("请填写纠纷发生地点")
            .MaximumLength(200)
            .WithMessage("发生地点不能超过200个字");
        RuleFor(x => x.Latitude).InclusiveBetween(-90, 90).WithMessage("纬度应在-90至90之间");
        RuleFor(x => x.Longitude).InclusiveBetween(-180, 180).WithMessage("经度应在-180至180之间");
        RuleFor(x => x.Longitude).NotNull().When(x => x.Latitude is not null).WithMessage("经纬度须同时提供");
        RuleFor(x => x.Latitude).NotNull().When(x => x.Longitude is not null).WithMessage("经纬度须同时提供");
        RuleFor(x => x.Account)
            .NotEmpty()
            .WithMessage("请简要说明纠纷情况")
            .MaximumLength(2000)
            .WithMessage("情况说明不能超过2000个字");
        RuleFor(x => x.Urgency).NotNull().WithMessage("请选择紧急程度").IsInEnum().WithMessage("紧急程度无效");
        RuleFor(x => x.Parties).Must(p => p is null || p.Count <= MaxParties).WithMessage($"当事人最多{MaxParties}个");
        RuleForEach(x => x.Parties)
            .ChildRules(p =>
            {
                p.RuleFor(x => x.Name)
                    .NotEmpty()
                    .WithMessage("请填写当事人姓名或称呼（不知道全名可写“王某”）")
                    .MaximumLength(50)
                    .WithMessage("姓名不能超过50个字");
                p.RuleFor(x => x.Phone).MainlandMobile().When(x => !string.IsNullOrWhiteSpace(x.Phone));
                p.RuleFor(x => x.Side).MaximumLength(20).WithMessage("身份说明不能超过20个字");
            });
    }
}

internal sealed class GridReportResolutionRequestValidator : AbstractValidator<GridReportResolutionRequest>
{
    public GridReportResolutionRequestValidator() =>
        RuleFor(x => x.Resolution)
            .NotEmpty()
            .WithMessage("请填写处理结果或理由")
            .MaximumLength(1000)
            .WithMessage("处理结果或理由不能超过1000个字");
}

internal sealed class GridReportCaseRequestValidator : AbstractValidator<GridReportCaseRequest>
{
    public GridReportCaseRequestValidator() => RuleFor(x => x.CaseId).NotNull().WithMessage("请选择案件");
}

/// <summary>
/// 网格员排查上报: a grid worker reports from the field what they could not settle on the spot; the village clerk (or a
/// supervisor above) handles it. A grid worker sees only their own reports; the clerk only their jurisdiction's.
/// </summary>
public static class GridReportsApi
{
    public const long MaxPhotoBytes = 10 * 1024 * 1024;
    public const int MaxPhotos = 9;

    public static IEndpointRouteBuilder MapGridReportsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/grid-reports")
            .WithTags("Screening")
            .RequireAuthorization(Policies.Staff)
            .WithValidation();
        group.MapPost("/", ReportDispute).Named(nameof(ReportDispute), "网格员上报排查发现的纠纷（clientId 防重复）");
        group.MapGet("/", ListGridReports).Named(nameof(ListGridReports), "网格员：本人的上报；受理人员：辖区的上报");
        group.MapGet("/{id:guid}", GetGridReport).Named(nameof(GetGridReport), "一条上报");
        group
            .MapPost("/{id:guid}/photos", AddGridReportPhoto)
            .Named(nameof(AddGridReportPhoto), "为上报添加现场照片（multipart/form-data：file）")
            .DisableAntiforgery();
        group
            .MapGet("/{id:guid}/photos/{photoId:guid}", GetGridReportPhoto)
            .Named(nameof(GetGridReportPhoto), "现场照片");
        group.MapPost("/{id:guid}/convert", ConvertGridReport).Named(nameof(ConvertGridReport), "上报转为主动调解案件");
        group.MapPost("/{id:guid}/merge", MergeGridReport).Named(nameof(MergeGridReport), "上报并入已有案件");
        group.MapPost("/{id:guid}/settle", SettleGridReport).Named(nameof(SettleGridReport), "记录就地化解");
        group
            .MapPost("/{id:guid}/dismiss", DismissGridReport)
            .Named(nameof(DismissGridReport), "不予处理（须说明理由）");
        return app;
    }

    public static string UrgencyName(GridReportUrgency u) =>
        u switch
        {
            GridReportUrgency.Urgent => "紧急",
            GridReportUrgency.Critical => "特急",
            _ => "一般",
        };

    public static string StatusName(GridReportStatus s) =>
        s switch
        {
            GridReportStatus.Converted => "已立案",
            GridReportStatus.Merged => "已并案",
            GridReportStatus.Settled => "已就地化解",
            GridReportStatus.Dismissed => "不予处理",
            _ => "待处理",
        };

    private static bool IsGridWorker(ClaimsPrincipal user) => user.IsInRole(StaffRoles.GridWorker);

    /// <summary>Who may see a report: its grid worker, and the clerks and supervisors whose jurisdiction has its
    /// body.</summary>
    private static async Task<GridReport?> VisibleAsync(
        AppDbContext db,
        Guid id,
        ClaimsPrincipal user,
        bool tracking,
        CancellationToken ct
    )
    {
        var query = db.GridReports.Include(r => r.Photos).AsQueryable();
        if (!tracking)
            query = query.AsNoTracking();
        var report = await query.SingleOrDefaultAsync(r => r.Id == id, ct);
        if (report is null)
            return null;
        if (report.ReportedById == user.GetUserId())
            return report;
        return (await DisputeAccess.JurisdictionAsync(user, db, ct)).Contains(report.BodyId) ? report : null;
    }

    public static async Task<
        Results<Created<GridReportResponse>, Ok<GridReportResponse>, ValidationProblem, ProblemHttpResult>
    > ReportDispute(
        GridReportRequest request,
        ClaimsPrincipal user,
        AppDbContext db,
        PersonalDataProtector protector,
        Notifier notifier,
        AuditLog audit,
        TimeProvider clock,
        CancellationToken ct
    )
    {
        if (!IsGridWorker(user) || user.GetBodyId() is not { } bodyId)
            return Problems.Forbidden("无权上报", "只有网格员可以上报排查发现的纠纷。");
        var me = user.GetUserId();
        if (
            await db
                .GridReports.AsNoTracking()
                .Include(r => r.Photos)
                .SingleOrDefaultAsync(r => r.ReportedById == me && r.ClientId == request.ClientId, ct) is
            { } earlier
        )
            return TypedResults.Ok(await ToResponseAsync(db, protector, earlier, ct));

        var now = clock.GetUtcNow().UtcDateTime;
        var report = new GridReport
        {
            BodyId = bodyId,
            ReportedById = me,
            ClientId = request.ClientId!.Value,
            ReportedAt = now,
            Place = request.Place!.Trim(),
            Latitude = request.Latitude,
            Longitude = request.Longitude,
            Account = request.Account!.Trim(),
            Urgency = request.Urgency!.Value,
            Parties = (request.Parties ?? [])
                .Select(p => new GridReportParty
                {
                    Name = p.Name!.Trim(),
                    PhoneCipher = string.IsNullOrWhiteSpace(p.Phone) ? null : protector.Protect(p.Phone.Trim()),
                    Side = string.IsNullOrWhiteSpace(p.Side) ? null : p.Side.Trim(),
                })
                .ToList(),
        };
        db.GridReports.Add(report);
        audit.Record(
            "GridReportSubmitted",
            "GridReport",
            report.Id,
            new
            {
                report.BodyId,
                report.Urgency,
                parties = report.Parties.Count,
            }
        );
        var reporter = await db.StaffUsers.Where(s => s.Id == me).Select(s => s.DisplayName).SingleAsync(ct);
        var notice = new Notice(
            "GridReportSubmitted",
            "GridReportSubmitted",
            $"网格员上报纠纷（{UrgencyName(report.Urgency)}）",
            $"网格员{reporter}上报：{report.Place}，{Shorten(report.Account, 60)}。请在网格上报中处理。",
            null,
            null,
            [],
            InAppOnly: report.Urgency == GridReportUrgency.Normal
        );
        foreach (var clerk in await ClerksAsync(db, bodyId, ct))
            await notifier.StageAsync(Recipient.Staff(clerk), notice, $"grid-report:{report.Id:N}:{clerk:N}", now, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same report sent twice at once: the other request stored it.
            db.ChangeTracker.Clear();
            var stored = await db
                .GridReports.AsNoTracking()
                .Include(r => r.Photos)
                .SingleOrDefaultAsync(r => r.ReportedById == me && r.ClientId == request.ClientId, ct);
            if (stored is null)
                throw;
            return TypedResults.Ok(await ToResponseAsync(db, protector, stored, ct));
        }
        return TypedResults.Created($"/api/grid-reports/{report.Id}", await ToResponseAsync(db, protector, report, ct));
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..max] + "…";

    /// <summary>The body's intake staff, or its supervisors if it has no clerk.</summary>
    private static async Task<List<Guid>> ClerksAsync(AppDbContext db, Guid bodyId, CancellationToken ct)
    {
        var staff = await db
            .StaffUsers.AsNoTracking()
            .Where(s => s.Active && s.BodyId == bodyId)
            .Select(s => new { s.Id, s.Roles })
            .ToListAsync(ct);
        var clerks = staff.Where(s => s.Roles.Contains(StaffRoles.Intake)).Select(s => s.Id).ToList();
        return clerks.Count > 0
            ? clerks
            : staff.Where(s => s.Roles.Contains(StaffRoles.Supervisor)).Select(s => s.Id).ToList();
    }

    public static async Task<Results<Ok<GridReportList>, ValidationProblem>> ListGridReports(
        GridReportStatus? status,
        ClaimsPrincipal user,
        AppDbContext db,
        PersonalDataProtector protector,
        CancellationToken ct
    )
    {
        var me = user.GetUserId();
        var bodies = await DisputeAccess.JurisdictionAsync(user, db, ct);
        var query = db
            .GridReports.AsNoTracking()
            .Include(r => r.Photos)
            .Where(r => r.ReportedById == me || bodies.Contains(r.BodyId));
        if (status is { } s)
            query = query.Where(r => r.Status == s);
        var reports = await query.OrderByDescending(r => r.ReportedAt).Take(200).ToListAsync(ct);
        var items = new List<GridReportResponse>(reports.Count);
        foreach (var r in reports)
            items.Add(await ToResponseAsync(db, protector, r, ct));
        return TypedResults.Ok(new GridReportList(items));
    }

    public static async Task<Results<Ok<GridReportResponse>, NotFound>> GetGridReport(
        Guid id,
        ClaimsPrincipal user,
        AppDbContext db,
        PersonalDataProtector protector,
        CancellationToken ct
    ) =>
        await VisibleAsync(db, id, user, false, ct) is { } report
            ? TypedResults.Ok(await ToResponseAsync(db, protector, report, ct))
            : TypedResults.NotFound();

    public static async Task<
        Results<Created<GridReportPhotoResponse>, NotFound, ValidationProblem, ProblemHttpResult>
    > AddGridReportPhoto(
        Guid id,
        IFormFile? file,
        ClaimsPrincipal user,
        AppDbContext db,
        IObjectStorage storage,
        AuditLog audit,
        TimeProvider clock,
        CancellationToken ct
    )
    {
        var report = await db.GridReports.Include(r => r.Photos).SingleOrDefaultAsync(r => r.Id == id, ct);
        if (report is null || report.ReportedById != user.GetUserId())
            return TypedResults.NotFound();
        if (report.Status != GridReportStatus.Open)
            return Problems.WrongState("上报已处理", "已处理的上报不能再添加照片。");
        if (report.Photos.Count >= MaxPhotos)
            return Problems.Conflict("照片已达上限", $"每条上报最多{MaxPhotos}张照片。", "too-many-photos");
        if (file is null || file.Length == 0)
            return Problems.Invalid("file", "请选择照片");
        if (file.Length > MaxPhotoBytes)
            return Problems.TooLarge("照片过大", $"每张照片不能超过{MaxPhotoBytes / 1024 / 1024}MB。");

        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer, ct);
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        if (
            FileTypes.Detect(bytes[..Math.Min(bytes.Length, FileTypes.HeadBytes)])
            is not { Kind: EvidenceKind.Photo } type
        )
            return Problems.UnsupportedMediaType(
                "不支持的照片格式",
                "请上传 JPEG、PNG、HEIC、WebP 或 GIF 格式的照片。"
            );
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var photo = new GridReportPhoto
        {
            ReportId = report.Id,
            StorageKey = "",
            FileName = FileNames.ForDisplay(file.FileName, type),
            ContentType = type.ContentType,
            SizeBytes = buffer.Length,
            Sha256 = sha256,
            UploadedAt = clock.GetUtcNow().UtcDateTime,
        };
        photo.StorageKey = $"grid-reports/{report.Id:N}/{photo.Id:N}/{FileNames.ForKey(photo.FileName, type)}";
        buffer.Position = 0;
        await storage.PutAsync(
            photo.StorageKey,
            buffer,
            type.ContentType,
            FileNames.ContentDisposition(photo.FileName, type),
            ct
        );
        db.GridReportPhotos.Add(photo);
        audit.Record(
            "GridReportPhotoAdded",
            "GridReport",
            report.Id,
            new
            {
                photoId = photo.Id,
                photo.Sha256,
                photo.SizeBytes,
            }
        );
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch
        {
            await EvidenceUploadApi.TryDeleteAsync(storage, photo.StorageKey);
            throw;
        }
        return TypedResults.Created($"/api/grid-reports/{report.Id}", ToResponse(photo));
    }

    public static async Task<Results<FileStreamHttpResult, NotFound>> GetGridReportPhoto(
        Guid id,
        Guid photoId,
        ClaimsPrincipal user,
        AppDbContext db,
        IObjectStorage storage,
        CancellationToken ct
    )
    {
        if (await VisibleAsync(db, id, user, false, ct) is not { } report)
            return TypedResults.NotFound();
        if (report.Photos.SingleOrDefault(p => p.Id == photoId) is not { } photo)
            return TypedResults.NotFound();
        var stream = await storage.OpenReadAsync(photo.StorageKey, ct);
        return TypedResults.Stream(stream, photo.ContentType, photo.FileName);
    }

    /// <summary>An initiative case (主动调解) the clerk registered from this report (<c>POST /api/intake/cases</c> with
    /// source Initiative): the report is closed as converted and its photos join the case's evidence.</summary>
    public static Task<
        Results<Ok<GridReportResponse>, NotFound, ValidationProblem, ProblemHttpResult>
    > ConvertGridReport(
        Guid id,
        GridReportCaseRequest request,
        ClaimsPrincipal user,
        AppDbContext db,
        PersonalDataProtector protector,
        AuditLog audit,
        TimeProvider clock,
        CancellationToken ct
    ) => AttachAsync(id, request, GridReportStatus.Converted, user, db, protector, audit, clock, ct);

    /// <summary>The same dispute as a case that exists (found with the related-case search): the report joins
    /// it.</summary>
    public static Task<Results<Ok<GridReportResponse>, NotFound, ValidationProblem, ProblemHttpResult>> MergeGridReport(
        Guid id,
        GridReportCaseRequest request,
        ClaimsPrincipal user,
        AppDbContext db,
        PersonalDataProtector protector,
        AuditLog audit,
        TimeProvider clock,
        CancellationToken ct
    ) => AttachAsync(id, request, GridReportStatus.Merged, user, db, protector, audit, clock, ct);

    private static async Task<
        Results<Ok<GridReportResponse>, NotFound, ValidationProblem, ProblemHttpResult>
    > AttachAsync(
        Guid id,
        GridReportCaseRequest request,
        GridReportStatus to,
        ClaimsPrincipal user,
        AppDbContext db,
        PersonalDataProtector protector,
        AuditLog audit,
        TimeProvider clock,
        CancellationToken ct
    )
    {
        if (await HandleableAsync(db, id, user, ct) is not { } report)
            return TypedResults.NotFound();
        if (report.Status != GridReportStatus.Open)
            return AlreadyHandled(report);
        var bodies = await DisputeAccess.JurisdictionAsync(user, db, ct);
        var dispute = await db
            .Disputes.AsNoTracking()
            .Where(d => d.Id == request.CaseId && bodies.Contains(d.BodyId))
            .Select(d => new
            {
                d.Id,
                d.Source,
                d.Status,
            })
            .SingleOrDefaultAsync(ct);
        if (dispute is null)
            return Problems.Invalid("caseId", "案件不存在或不在您的辖区");
        if (to == GridReportStatus.Converted)
        {
            if (dispute.Source != DisputeSource.Initiative)
                return Problems.Invalid("caseId", "转为案件的须是登记为“主动调解”来源的案件；已有案件请选择并案");
            if (
                await db.GridReports.AnyAsync(r => r.CaseId == dispute.Id && r.Status == GridReportStatus.Converted, ct)
            )
                return Problems.Invalid("caseId", "该案件已由另一条上报转来；同一纠纷的其他上报请选择并案");
        }
        else if (!DisputeStateMachine.AwaitsResult(dispute.Status))
            return Problems.Invalid("caseId", "该案件已有调解结果，不能并入；请转为新案件或记录处理结果");

        var now = clock.GetUtcNow().UtcDateTime;
        Close(report, to, user.GetUserId(), now, null);
        report.CaseId = dispute.Id;
        foreach (var photo in report.Photos)
            db.EvidenceItems.Add(
                new EvidenceItem
                {
                    DisputeId = dispute.Id,
                    UploadedByUserId = report.ReportedById,
                    StorageKey = photo.StorageKey,
                    FileName = photo.FileName,
                    ContentType = photo.ContentType,
                    Kind = EvidenceKind.Photo,
                    SizeBytes = photo.SizeBytes,
                    Sha256 = photo.Sha256,
                    Description = $"网格员现场照片（{ChinaTime.Format(photo.UploadedAt)}）",
                    UploadedAt = photo.UploadedAt,
                }
            );
        audit.Record(
            to == GridReportStatus.Converted ? "GridReportConverted" : "GridReportMerged",
            "GridReport",
            report.Id,
            new { caseId = dispute.Id, photos = report.Photos.Count }
        );
        return await SaveAsync(db, protector, report, ct);
    }

    public static async Task<
        Results<Ok<GridReportResponse>, NotFound, ValidationProblem, ProblemHttpResult>
    > SettleGridReport(
        Guid id,
        GridReportResolutionRequest request,
        ClaimsPrincipal user,
        AppDbContext db,
        PersonalDataProtector protector,
        AuditLog audit,
        TimeProvider clock,
        CancellationToken ct
    ) =>
        await ResolveAsync(
            id,
            request,
            GridReportStatus.Settled,
            "GridReportSettled",
            user,
            db,
            protector,
            audit,
            clock,
            ct
        );

    public static async Task<
        Results<Ok<GridReportResponse>, NotFound, ValidationProblem, ProblemHttpResult>
    > DismissGridReport(
        Guid id,
        GridReportResolutionRequest request,
        ClaimsPrincipal user,
        AppDbContext db,
        PersonalDataProtector protector,
        AuditLog audit,
        TimeProvider clock,
        CancellationToken ct
    ) =>
        await ResolveAsync(
            id,
            request,
            GridReportStatus.Dismissed,
            "GridReportDismissed",
            user,
            db,
            protector,
            audit,
            clock,
            ct
        );

    private static async Task<
        Results<Ok<GridReportResponse>, NotFound, ValidationProblem, ProblemHttpResult>
    > ResolveAsync(
        Guid id,
        GridReportResolutionRequest request,
        GridReportStatus to,
        string action,
        ClaimsPrincipal user,
        AppDbContext db,
        PersonalDataProtector protector,
        AuditLog audit,
        TimeProvider clock,
        CancellationToken ct
    )
    {
        if (await HandleableAsync(db, id, user, ct) is not { } report)
            return TypedResults.NotFound();
        if (report.Status != GridReportStatus.Open)
            return AlreadyHandled(report);
        Close(report, to, user.GetUserId(), clock.GetUtcNow().UtcDateTime, request.Resolution!.Trim());
        audit.Record(action, "GridReport", report.Id, new { resolution = report.Resolution });
        return await SaveAsync(db, protector, report, ct);
    }

    /// <summary>The report, tracked, if the caller handles reports of its body (its grid worker does not).</summary>
    private static async Task<GridReport?> HandleableAsync(
        AppDbContext db,
        Guid id,
        ClaimsPrincipal user,
        CancellationToken ct
    )
    {
        var bodies = await DisputeAccess.JurisdictionAsync(user, db, ct);
        return await db
            .GridReports.Include(r => r.Photos)
            .SingleOrDefaultAsync(r => r.Id == id && bodies.Contains(r.BodyId), ct);
    }

    private static ProblemHttpResult AlreadyHandled(GridReport report) =>
        Problems.WrongState("上报已处理", $"该上报已{StatusName(report.Status)}，不能再次处理。");

    private static void Close(GridReport report, GridReportStatus to, Guid by, DateTime now, string? resolution)
    {
        report.Status = to;
        report.HandledById = by;
        report.HandledAt = now;
        report.Resolution = resolution;
        report.Version++;
    }

    private static async Task<
        Results<Ok<GridReportResponse>, NotFound, ValidationProblem, ProblemHttpResult>
    > SaveAsync(AppDbContext db, PersonalDataProtector protector, GridReport report, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.ConcurrentChange();
        }
        return TypedResults.Ok(await ToResponseAsync(db, protector, report, ct));
    }

    private static GridReportPhotoResponse ToResponse(GridReportPhoto p) =>
        new(p.Id, p.FileName, p.ContentType, p.SizeBytes, $"/api/grid-reports/{p.ReportId}/photos/{p.Id}");

    private static async Task<GridReportResponse> ToResponseAsync(
        AppDbContext db,
        PersonalDataProtector protector,
        GridReport r,
        CancellationToken ct
    )
    {
        var people = new[] { r.ReportedById, r.HandledById ?? Guid.Empty };
        var names = await db
            .StaffUsers.AsNoTracking()
            .Where(s => people.Contains(s.Id))
            .ToDictionaryAsync(s => s.Id, s => s.DisplayName, ct);
        var bodyName = await db.Bodies.Where(b => b.Id == r.BodyId).Select(b => b.Name).SingleAsync(ct);
        var caseReference = r.CaseId is { } caseId
            ? await db
                .Disputes.Where(d => d.Id == caseId)
                .Select(d => d.CaseNumber ?? d.ApplicationNumber)
                .SingleOrDefaultAsync(ct)
            : null;
        return new GridReportResponse(
            r.Id,
            r.BodyId,
            bodyName,
            r.ReportedById,
            names.GetValueOrDefault(r.ReportedById, ""),
            r.ReportedAt,
            r.Place,
            r.Latitude,
            r.Longitude,
            r.Account,
            r.Urgency,
            UrgencyName(r.Urgency),
            r.Parties.Select(p => new GridReportPartyResponse(
                    p.Name,
                    Masking.Phone(protector.UnprotectOrNull(p.PhoneCipher)),
                    p.Side
                ))
                .ToList(),
            r.Photos.OrderBy(p => p.UploadedAt).Select(ToResponse).ToList(),
            r.Status,
            StatusName(r.Status),
            r.HandledAt,
            r.HandledById is { } h ? names.GetValueOrDefault(h) : null,
            r.CaseId,
            caseReference,
            r.Resolution
        );
    }
}
