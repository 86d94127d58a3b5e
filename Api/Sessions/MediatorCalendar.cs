using System.Security.Cryptography;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Mediation.Api.Auth;
using Mediation.Api.Disputes;
using Mediation.Api.Infrastructure.PersonalData;

namespace Mediation.Api.Sessions;

public sealed record CalendarTokenResponse(string Token, string Path);

/// <summary>
/// A mediator's sessions as an iCalendar feed for their phone's calendar. Calendar apps cannot send our bearer token,
/// so the feed URL carries a per-mediator secret; only its keyed hash is stored, and issuing a new one revokes the old.
/// </summary>
public static class MediatorCalendar
{
    public static IEndpointRouteBuilder MapMediatorCalendar(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/mediator/calendar.ics", GetCalendar)
            .WithTags("Sessions")
            .AllowAnonymous()
            .Named(nameof(GetCalendar), "调解日程（iCalendar，凭订阅地址中的密钥访问）");
        return app;
    }

    public static async Task<Ok<CalendarTokenResponse>> RotateCalendarToken(
        ClaimsPrincipal user,
        AppDbContext db,
        PersonalDataProtector protector,
        AuditLog audit,
        CancellationToken ct
    )
    {
        var me = user.GetUserId();
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        var profile = await db.MediatorProfiles.FirstOrDefaultAsync(p => p.StaffUserId == me, ct);
        if (profile is null)
            db.MediatorProfiles.Add(profile = new MediatorProfile { StaffUserId = me });
        profile.CalendarTokenHash = protector.Hash(token);
        audit.Record("CalendarTokenRotated", "StaffUser", me);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new CalendarTokenResponse(token, $"/api/mediator/calendar.ics?token={token}"));
    }

    public static async Task<Results<ContentHttpResult, NotFound>> GetCalendar(
        string? token,
        AppDbContext db,
        PersonalDataProtector protector,
        TimeProvider clock,
        CancellationToken ct
    )
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100)
            return TypedResults.NotFound();
        var hash = protector.Hash(token);
        var mediator = await db
            .MediatorProfiles.AsNoTracking()
            .Where(p => p.CalendarTokenHash == hash)
            .Select(p => (Guid?)p.StaffUserId)
            .FirstOrDefaultAsync(ct);
        if (mediator is not { } me)
            return TypedResults.NotFound();
        // The token dies with the account: a deactivated staff member, or one who is no longer a mediator, has no feed
        // (checked at each request).
        var account = await db
            .StaffUsers.AsNoTracking()
            .Where(u => u.Id == me)
            .Select(u => new { u.Active, u.Roles })
            .FirstOrDefaultAsync(ct);
        if (account is not { Active: true } || !account.Roles.Contains(StaffRoles.Mediator))
            return TypedResults.NotFound();

        var now = clock.GetUtcNow().UtcDateTime;
        var (from, to) = (now.AddDays(-30), now.AddDays(180));
        // A cancelled session leaves the feed (the calendar app drops the event at its next refresh).
        var rows = await db
            .MediationSessions.AsNoTracking()
            .Where(s => s.StartsAt < to && s.EndsAt > from && s.Status != SessionStatus.Cancelled)
            .Join(
                db.Disputes,
                s => s.DisputeId,
                d => d.Id,
                (s, d) => new { Session = s, CaseNumber = d.CaseNumber ?? d.ApplicationNumber }
            )
            .ToListAsync(ct);
        var calendar = new Calendar { ProductId = "-//xinyitiao//mediation sessions//ZH" };
        calendar.AddProperty("X-WR-CALNAME", "调解日程");
        foreach (var r in rows.Where(r => r.Session.MediatorIds.Contains(me)).OrderBy(r => r.Session.StartsAt))
        {
            var s = r.Session;
            calendar.Events.Add(
                new CalendarEvent
                {
                    Uid = $"{s.Id:N}@xinyitiao",
                    Summary = $"{SessionScheduling.ModeName(s.Mode)} {r.CaseNumber}",
                    Start = new CalDateTime(s.StartsAt),
                    End = new CalDateTime(s.EndsAt),
                    Location = SessionScheduling.Place(s),
                    Description = s.JoinUrl is { } url ? $"会议链接：{url}" : null,
                    Status = s.Status == SessionStatus.Proposed ? EventStatus.Tentative : EventStatus.Confirmed,
                    Sequence = s.Version,
                    DtStamp = new CalDateTime(s.UpdatedAt),
                }
            );
        }
        return TypedResults.Content(
            new CalendarSerializer().SerializeToString(calendar),
            "text/calendar; charset=utf-8"
        );
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
