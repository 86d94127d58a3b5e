using System.Globalization;

namespace Mediation.Api.Infrastructure;

/// <summary>China time (Asia/Shanghai, UTC+8, no daylight saving): the one place the zone is looked up. Times are
/// stored in UTC; people read them, and deadlines fall, on China's calendar.</summary>
public static class ChinaTime
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static DateOnly Date(DateTime utc) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(utc, Zone));

    public static string Format(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(utc, Zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>The UTC instant of a local date and time of day.</summary>
    public static DateTime Utc(DateOnly date, TimeSpan timeOfDay) =>
        TimeZoneInfo.ConvertTimeToUtc(
            DateTime.SpecifyKind(date.ToDateTime(TimeOnly.MinValue) + timeOfDay, DateTimeKind.Unspecified),
            Zone
        );
}
