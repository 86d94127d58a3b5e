using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mediation.Api.Infrastructure;

/// <summary>
/// How a time a client sends is read, in bodies and in query strings alike: with "Z" or an offset it is that instant;
/// without one (a clerk typing 2026-12-10T10:00:00) it is Beijing time (Asia/Shanghai), the only zone the service
/// serves. Inside the service every instant is UTC.
/// </summary>
public static class WireTime
{
    public static readonly TimeZoneInfo China = ChinaTime.Zone;

    /// <summary>The UTC instant of a time as parsed: UTC and local kinds as they are, an unspecified one as Beijing
    /// time.</summary>
    public static DateTime ToUtc(DateTime value) =>
        value.Kind switch
        {
            DateTimeKind.Utc => value,
            DateTimeKind.Local => value.ToUniversalTime(),
            _ => TimeZoneInfo.ConvertTimeToUtc(value, China),
        };

    public static void AddWireTimeConverters(this IList<JsonConverter> converters)
    {
        converters.Add(new DateTimeConverter());
        converters.Add(new DateTimeOffsetConverter());
    }

    private static DateTime ReadUtc(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String || !reader.TryGetDateTime(out var value))
            throw new JsonException();
        // With an offset the reader gives the machine's local time; the offset itself gives the instant exactly.
        return value.Kind == DateTimeKind.Local && reader.TryGetDateTimeOffset(out var exact)
            ? exact.UtcDateTime
            : ToUtc(value);
    }

    /// <summary>ISO 8601 as System.Text.Json reads it; the result is always UTC. Written as the default converter
    /// writes.</summary>
    private sealed class DateTimeConverter : JsonConverter<DateTime>
    {
        public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            ReadUtc(ref reader);

        public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value);
    }

    private sealed class DateTimeOffsetConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(
            ref Utf8JsonReader reader,
            Type typeToConvert,
            JsonSerializerOptions options
        )
        {
            return new DateTimeOffset(ReadUtc(ref reader), TimeSpan.Zero);
        }

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value);
    }
}
