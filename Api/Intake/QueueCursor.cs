using System.Buffers.Text;
using System.Text;

namespace Mediation.Api.Intake;

/// <summary>
/// The opaque keyset cursor: the sort in use, the sort key of the last row (UTC ticks) and its id, which breaks ties.
/// The next page starts strictly after that (key, id) pair, so it costs the same at any depth.
/// </summary>
public readonly record struct QueueCursor(string Sort, long Ticks, Guid Id)
{
    public const string Age = "age";
    public const string Deadline = "deadline";

    public DateTime Key => new(Ticks, DateTimeKind.Utc);

    public string Encode() => Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{Sort}|{Ticks}|{Id:N}"));

    public static bool TryParse(string? value, out QueueCursor cursor)
    {
        cursor = default;
        if (string.IsNullOrEmpty(value) || value.Length > 200)
            return false;
        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(value)).Split('|');
            if (parts.Length != 3 || parts[0] is not (Age or Deadline))
                return false;
            if (!long.TryParse(parts[1], out var ticks) || ticks < 0 || ticks > DateTime.MaxValue.Ticks)
                return false;
            if (!Guid.TryParseExact(parts[2], "N", out var id))
                return false;
            cursor = new QueueCursor(parts[0], ticks, id);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
