using FluentValidation;
using Mediation.Api.Disputes;

namespace Mediation.Api.Screening;

public sealed record ScreeningRoundRequest(
    Guid? BodyId,
    DateOnly? On,
    string? Area,
    string? Screeners,
    int? Visited,
    int? DisputesFound,
    string? Note
);

public sealed record ScreeningRoundResponse(
    Guid Id,
    Guid BodyId,
    DateOnly On,
    string Area,
    string Screeners,
    int Visited,
    int DisputesFound,
    string? Note,
    Guid RecordedById,
    DateTime RecordedAt
);

public sealed record ScreeningRoundList(List<ScreeningRoundResponse> Items, bool ZeroReport);

public sealed record ZeroReportRequest(Guid? BodyId, string? Month, string? Note);

public sealed record ZeroReportResponse(Guid Id, Guid BodyId, string Month, string? Note, DateTime ReportedAt);

internal sealed class ScreeningRoundRequestValidator : AbstractValidator<ScreeningRoundRequest>
{
    public ScreeningRoundRequestValidator(TimeProvider clock)
    {
        RuleFor(x => x.BodyId).NotNull().WithMessage("请选择调解组织");
        RuleFor(x => x.On)
            .NotNull()
            .WithMessage("请填写排查日期")
            .Must(d => d <= ChinaTime.Date(clock.GetUtcNow().UtcDateTime))
            .WithMessage("排查日期不能晚于今天");
        RuleFor(x => x.Area)
            .NotEmpty()
            .WithMessage("请填写排查区域")
            .MaximumLength(100)
            .WithMessage("排查区域不能超过100个字");
        RuleFor(x => x.Screeners)
            .NotEmpty()
            .WithMessage("请填写排查人员")
            .MaximumLength(100)
            .WithMessage("排查人员不能超过100个字");
        RuleFor(x => x.Visited)
            .NotNull()
            .InclusiveBetween(0, 100_000)
            .WithMessage("走访户数（单位数）应在0至100000之间");
        RuleFor(x => x.DisputesFound).NotNull().InclusiveBetween(0, 10_000).WithMessage("发现纠纷数应在0至10000之间");
        RuleFor(x => x.Note).MaximumLength(1000).WithMessage("备注不能超过1000个字");
    }
}

/// <summary>排查与零上报: a body records its screening rounds; a month without any dispute is reported as such on
/// purpose, so that an empty month is a report and not a gap.</summary>
public static class ScreeningApi
{
    public static IEndpointRouteBuilder MapScreeningApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/screening")
            .WithTags("Screening")
            .RequireAuthorization(Policies.Staff)
            .WithValidation();
        group.MapPost("/rounds", RecordRound).Named(nameof(RecordRound), "记录一次矛盾纠纷排查");
        group.MapGet("/rounds", ListRounds).Named(nameof(ListRounds), "排查记录（按调解组织和月份）");
        group.MapPost("/zero-reports", ReportZero).Named(nameof(ReportZero), "纠纷零上报（本月无纠纷）");
        return app;
    }

    /// <summary>The clerk, mediator or supervisor of the body (a supervisor: and below), as for registering a
    /// case.</summary>
    private static async Task<bool> MayRecordAsync(
        ClaimsPrincipal user,
        Guid bodyId,
        AppDbContext db,
        CancellationToken ct
    )
    {
        var bodies = await DisputeAccess.JurisdictionAsync(user, db, ct);
        return bodies.Contains(bodyId) || (user.IsInRole(StaffRoles.Mediator) && user.GetBodyId() == bodyId);
    }

    public static async Task<
        Results<Created<ScreeningRoundResponse>, ValidationProblem, ProblemHttpResult>
    > RecordRound(
        ScreeningRoundRequest request,
        ClaimsPrincipal user,
        AppDbContext db,
        AuditLog audit,
        TimeProvider clock,
        CancellationToken ct
    )
    {
        if (!await MayRecordAsync(user, request.BodyId!.Value, db, ct))
            return Problems.Forbidden(
                "无权为该调解组织记录排查",
                "只能为本人所在的调解组织（站长：及其下级组织）记录排查。"
            );
        var month = new DateOnly(request.On!.Value.Year, request.On.Value.Month, 1);
        if (
            request.DisputesFound > 0
            && await db.ZeroReports.AnyAsync(z => z.BodyId == request.BodyId && z.Month == month, ct)
        )
            return Problems.Conflict(
                "本月已零上报",
                "该调解组织已就本月作出零上报，不能再记录发现纠纷的排查；如确有纠纷请联系上级更正。",
                "zero-report-exists"
            );
        var round = new ScreeningRound
        {
            BodyId = request.BodyId.Value,
            On = request.On.Value,
            Area = request.Area!.Trim(),
            Screeners = request.Screeners!.Trim(),
            Visited = request.Visited!.Value,
            DisputesFound = request.DisputesFound!.Value,
            Note = request.Note?.Trim(),
            RecordedById = user.GetUserId(),
            RecordedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.ScreeningRounds.Add(round);
        audit.Record(
            "ScreeningRecorded",
            "ScreeningRound",
            round.Id,
            new
            {
                round.BodyId,
                round.On,
                round.DisputesFound,
            }
        );
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/screening/rounds?bodyId={round.BodyId}", ToResponse(round));
    }

    public static async Task<Results<Ok<ScreeningRoundList>, ValidationProblem, ProblemHttpResult>> ListRounds(
        Guid? bodyId,
        string? month,
        ClaimsPrincipal user,
        AppDbContext db,
        CancellationToken ct
    )
    {
        if (bodyId is not { } body)
            return Problems.Invalid("bodyId", "请选择调解组织");
        if (!TryMonth(month, out var first))
            return Problems.Invalid("month", "月份格式应为 YYYY-MM");
        if (!await MayRecordAsync(user, body, db, ct))
            return Problems.Forbidden(
                "无权查看该调解组织的排查记录",
                "只能查看本人所在调解组织（站长：及其下级组织）的排查记录。"
            );
        var next = first.AddMonths(1);
        var rounds = await db
            .ScreeningRounds.AsNoTracking()
            .Where(r => r.BodyId == body && r.On >= first && r.On < next)
            .OrderBy(r => r.On)
            .ToListAsync(ct);
        var zero = await db.ZeroReports.AnyAsync(z => z.BodyId == body && z.Month == first, ct);
        return TypedResults.Ok(new ScreeningRoundList(rounds.Select(ToResponse).ToList(), zero));
    }

    public static async Task<Results<Created<ZeroReportResponse>, ValidationProblem, ProblemHttpResult>> ReportZero(
        ZeroReportRequest request,
        ClaimsPrincipal user,
        AppDbContext db,
        AuditLog audit,
        TimeProvider clock,
        CancellationToken ct
    )
    {
        if (request.BodyId is not { } body)
            return Problems.Invalid("bodyId", "请选择调解组织");
        if (!TryMonth(request.Month, out var first))
            return Problems.Invalid("month", "月份格式应为 YYYY-MM");
        var now = clock.GetUtcNow().UtcDateTime;
        if (first > ChinaTime.Date(now))
            return Problems.Invalid("month", "不能为尚未开始的月份零上报");
        if (!await MayRecordAsync(user, body, db, ct))
            return Problems.Forbidden(
                "无权为该调解组织零上报",
                "只能为本人所在的调解组织（站长：及其下级组织）零上报。"
            );
        if (await db.ZeroReports.AnyAsync(z => z.BodyId == body && z.Month == first, ct))
            return Problems.Conflict("本月已零上报", "该调解组织本月已作出零上报。", "zero-report-exists");
        var next = first.AddMonths(1);
        var (from, to) = (ChinaTime.Utc(first, TimeSpan.Zero), ChinaTime.Utc(next, TimeSpan.Zero));
        if (
            await db.ScreeningRounds.AnyAsync(
                r => r.BodyId == body && r.On >= first && r.On < next && r.DisputesFound > 0,
                ct
            ) || await db.Disputes.AnyAsync(d => d.BodyId == body && d.SubmittedAt >= from && d.SubmittedAt < to, ct)
        )
            return Problems.Conflict(
                "本月有纠纷，不能零上报",
                "本月已有排查发现的纠纷或收到的案件，零上报只用于确无纠纷的月份。",
                "month-has-disputes"
            );
        var report = new ZeroReport
        {
            BodyId = body,
            Month = first,
            Note = request.Note?.Trim(),
            ReportedById = user.GetUserId(),
            ReportedAt = now,
        };
        db.ZeroReports.Add(report);
        audit.Record("ZeroReported", "ZeroReport", report.Id, new { body, month = request.Month });
        await db.SaveChangesAsync(ct);
        return TypedResults.Created(
            $"/api/screening/rounds?bodyId={body}&month={request.Month}",
            new ZeroReportResponse(report.Id, body, request.Month!, report.Note, now)
        );
    }

    private static bool TryMonth(string? text, out DateOnly first) =>
        DateOnly.TryParseExact(
            (text ?? "") + "-01",
            "yyyy-MM-dd",
            System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.None,
            out first
        );

    private static ScreeningRoundResponse ToResponse(ScreeningRound r) =>
        new(
            r.Id,
            r.BodyId,
            r.On,
            r.Area,
            r.Screeners,
            r.Visited,
            r.DisputesFound,
            r.Note,
            r.RecordedById,
            r.RecordedAt
        );
}

/// <summary>Screening (排查): screening rounds and zero reports of a body.</summary>
public static class ScreeningModule
{
    public static WebApplicationBuilder AddScreening(this WebApplicationBuilder builder) => builder;

    public static WebApplication MapScreening(this WebApplication app)
    {
        app.MapScreeningApi();
        app.MapGridReportsApi();
        return app;
    }
}
