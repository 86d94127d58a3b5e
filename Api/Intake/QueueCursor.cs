using System.Buffers.Text;
using System.Text;

namespace Mediation.Api.Intake;

/// <summary>
/// The opaque keyset cursor: the sort in use, the sort key of the last row (UTC ticks) and its id, which breaks ties.
/// The next page starts strictly after that (key, id) pair, so it costs the same at any depth. Sorted by risk, the key
/// is the risk level (highest first) and then the time of filing.
/// </summary>
public readonly record struct QueueCursor(string Sort, long Ticks, Guid Id, int Level = 0)
{
    public const string Age = "age";
    public const string Deadline = "deadline";
    public const string Risk = "risk";

    public DateTime Key => new(Ticks, DateTimeKind.Utc);

    public string Encode() =>
        Base64Url.EncodeToString(
            Encoding.UTF8.GetBytes(Sort == Risk ? $"{Sort}|{Level}|{Ticks}|{Id:N}" : $"{Sort}|{Ticks}|{Id:N}")
        );

    public static bool TryParse(string? value, out QueueCursor cursor)
    {
        cursor = default;
        if (string.IsNullOrEmpty(value) || value.Length > 200)
            return false;
        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(value)).Split('|');
            var level = 0;
            if (parts is [Risk, var l, _, _] && int.TryParse(l, out level) && level is >= 0 and <= 3)
                parts = [Risk, parts[2], parts[3]];
            else if (parts.Length != 3 || parts[0] is not (Age or Deadline))
                return false;
            if (!long.TryParse(parts[1], out var ticks) || ticks < 0 || ticks > DateTime.MaxValue.Ticks)
                return false;
            if (!Guid.TryParseExact(parts[2], "N", out var id))
                return false;
            cursor = new QueueCursor(parts[0], ticks, id, level);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
