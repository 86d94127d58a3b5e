using System.Globalization;
using System.Text.Json;
using FluentValidation;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mediation.Api.Sessions;

/// <summary>One working period of a weekday, local (Asia/Shanghai) "HH:mm" times.</summary>
public sealed record WorkPeriod(DayOfWeek Day, string From, string To);

public sealed record AvailabilityRequest(List<WorkPeriod>? WeeklyHours, List<DateOnly>? DaysOff);

public sealed record AvailabilityResponse(
    IReadOnlyList<WorkPeriod> WeeklyHours,
    IReadOnlyList<DateOnly> DaysOff,
    bool IsDefault
);

/// <summary>A mediator's own weekly hours and days off; without a row the Sessions:WorkingHours defaults
/// apply.</summary>
public sealed class MediatorAvailability
{
    public Guid StaffUserId { get; set; }
    public required string WeeklyHoursJson { get; set; }
    public List<DateOnly> DaysOff { get; set; } = [];
    public DateTime UpdatedAt { get; set; }
}

internal sealed class MediatorAvailabilityConfiguration : IEntityTypeConfiguration<MediatorAvailability>
{
    public void Configure(EntityTypeBuilder<MediatorAvailability> e)
    {
        e.ToTable("MediatorAvailabilities");
        e.HasKey(x => x.StaffUserId);
        e.Property(x => x.WeeklyHoursJson).HasMaxLength(4000);
        e.PrimitiveCollection(x => x.DaysOff);
        e.HasOne<Auth.StaffUser>().WithMany().HasForeignKey(x => x.StaffUserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AvailabilityRequestValidator : AbstractValidator<AvailabilityRequest>
{
    public AvailabilityRequestValidator()
    {
        RuleFor(x => x.WeeklyHours)
            .Cascade(CascadeMode.Stop)
            .NotNull()
            .WithMessage("请填写每周工作时间")
            .Must(w => w!.Count <= 28)
            .WithMessage("每周工作时段不超过28个");
        RuleForEach(x => x.WeeklyHours)
            .NotNull()
            .WithMessage("工作时段不能为空")
            .Must(p =>
                p is null || Availability.Minutes(p.From) is { } f && Availability.Minutes(p.To) is { } t && f < t
            )
            .WithMessage("工作时段应为 HH:mm 格式，且结束晚于开始");
        RuleFor(x => x.DaysOff).Must(d => d is null || d.Count <= 366).WithMessage("休息日不超过366天");
    }
}

public static class Availability
{
    private static readonly TimeZoneInfo China = ChinaTime.Zone;

    public static async Task<Ok<AvailabilityResponse>> GetAvailability(
        ClaimsPrincipal user,
        AppDbContext db,
        IOptions<SessionsOptions> options,
        CancellationToken ct
    ) => TypedResults.Ok(await ReadAsync(db, user.GetUserId(), options.Value, ct));

    public static async Task<Ok<AvailabilityResponse>> PutAvailability(
        AvailabilityRequest request,
        ClaimsPrincipal user,
        AppDbContext db,
        IOptions<SessionsOptions> options,
        TimeProvider clock,
        CancellationToken ct
    )
    {
        var me = user.GetUserId();
        var row = await db.Set<MediatorAvailability>().FirstOrDefaultAsync(a => a.StaffUserId == me, ct);
        if (row is null)
            db.Add(row = new MediatorAvailability { StaffUserId = me, WeeklyHoursJson = "[]" });
        row.WeeklyHoursJson = JsonSerializer.Serialize(
            request.WeeklyHours!.OrderBy(p => p.Day).ThenBy(p => p.From).ToList()
        );
        row.DaysOff = (request.DaysOff ?? []).Distinct().Order().ToList();
        row.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await ReadAsync(db, me, options.Value, ct));
    }

    public static async Task<AvailabilityResponse> ReadAsync(
        AppDbContext db,
        Guid mediatorId,
        SessionsOptions options,
        CancellationToken ct
    )
    {
        var row = await db.Set<MediatorAvailability>()
            .AsNoTracking()
            .FirstOrDefaultAsync(a => a.StaffUserId == mediatorId, ct);
        if (row is not null)
            return new AvailabilityResponse(
                JsonSerializer.Deserialize<List<WorkPeriod>>(row.WeeklyHoursJson)!,
                row.DaysOff,
                false
            );
        var defaults = options.WorkingHours.EffectiveDays.SelectMany(d =>
            options.WorkingHours.EffectivePeriods.Select(p => p.Split('-')).Select(p => new WorkPeriod(d, p[0], p[1]))
        );
        return new AvailabilityResponse(defaults.ToList(), [], true);
    }

    /// <summary>The earliest start (UTC) of <paramref name="duration"/> within the mediator's hours over today and the next
    /// <see cref="SessionsOptions.FirstSessionWithin"/> working days that clashes with none of their sessions; null if none.</summary>
    public static async Task<DateTime?> EarliestSlotAsync(
        AppDbContext db,
        Guid mediatorId,
        TimeSpan duration,
        DateTime now,
        SessionsOptions o,
        CancellationToken ct
    ) =>
        (await FreeSlotsAsync(db, [mediatorId], duration, now, o.FirstSessionWithin, 1, null, o, ct)) is [var first]
            ? first
            : null;

    /// <summary>
    /// Up to <paramref name="max"/> starts (UTC, every 30 minutes) of <paramref name="duration"/> within the hours of every
    /// one of <paramref name="mediatorIds"/> over today and the next <paramref name="workingDays"/> working days (the first
    /// mediator's), clashing with none of their sessions but <paramref name="except"/>, and no earlier than the lead time.
    /// </summary>
    public static async Task<List<DateTime>> FreeSlotsAsync(
        AppDbContext db,
        IReadOnlyList<Guid> mediatorIds,
        TimeSpan duration,
        DateTime now,
        int workingDays,
        int max,
        Guid? except,
        SessionsOptions o,
        CancellationToken ct
    )
    {
        var found = new List<DateTime>();
        if (mediatorIds.Count == 0)
            return found;
        var hours = new List<AvailabilityResponse>();
        foreach (var m in mediatorIds)
            hours.Add(await ReadAsync(db, m, o, ct));
        var earliest = now + o.ProposalLeadTime;
        var horizon = now.AddDays(workingDays * 3 + 7);
        var busy = (
            await db
                .MediationSessions.AsNoTracking()
                .Where(s =>
                    (s.Status == SessionStatus.Scheduled || s.Status == SessionStatus.Proposed)
                    && s.EndsAt > now
                    && s.StartsAt < horizon
                    && s.Id != except
                )
                .Select(s => new
                {
                    s.StartsAt,
                    s.EndsAt,
                    s.MediatorIds,
                })
                .ToListAsync(ct)
        ).Where(s => s.MediatorIds.Any(mediatorIds.Contains)).ToList();
        bool Within(AvailabilityResponse h, DateOnly day, DateTime t) =>
            !h.DaysOff.Contains(day)
            && h.WeeklyHours.Any(p =>
                p.Day == day.DayOfWeek
                && ToUtc(day, Minutes(p.From)!.Value) <= t
                && t + duration <= ToUtc(day, Minutes(p.To)!.Value)
            );
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(now, China));
        var workingDaysSeen = 0;
        for (var day = today; workingDaysSeen <= workingDays && day < today.AddDays(60); day = day.AddDays(1))
        {
            var periods = hours[0].WeeklyHours.Where(p => p.Day == day.DayOfWeek).ToList();
            if (periods.Count == 0 || hours[0].DaysOff.Contains(day))
                continue;
            if (day != today)
                workingDaysSeen++;
            if (workingDaysSeen > workingDays)
                break;
            foreach (var p in periods.OrderBy(p => p.From, StringComparer.Ordinal))
            {
                var start = ToUtc(day, Minutes(p.From)!.Value);
                var end = ToUtc(day, Minutes(p.To)!.Value);
                for (var t = start; t + duration <= end; t = t.AddMinutes(30))
                    if (
                        t >= earliest
                        && hours.Skip(1).All(h => Within(h, day, t))
                        && !busy.Any(b => b.StartsAt < t + duration + o.Buffer && b.EndsAt + o.Buffer > t)
                    )
                    {
                        found.Add(t);
                        if (found.Count >= max)
                            return found;
                    }
            }
        }
        return found;
    }

    internal static int? Minutes(string? hhmm) =>
        TimeOnly.TryParseExact(hhmm, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
            ? t.Hour * 60 + t.Minute
            : null;

    private static DateTime ToUtc(DateOnly day, int minutes) =>
        TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue).AddMinutes(minutes), China);
}
