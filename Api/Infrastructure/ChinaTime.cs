namespace Mediation.Api.Infrastructure;

/// <summary>China time (Asia/Shanghai, UTC+8, no daylight saving): the one place the zone is looked up. Times are stored in
/// UTC; people read, and deadlines fall on, China's calendar.</summary>
public static class ChinaTime
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static DateTime FromUtc(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    public static DateOnly Today(DateTime utcNow) => DateOnly.FromDateTime(FromUtc(utcNow));
}
