using System.Buffers.Text;
using System.Text;

namespace Mediation.Api.Notifications;

/// <summary>The inbox's opaque keyset cursor: the last item's time (UTC ticks) and its id, which breaks ties. The next
/// page holds what is strictly older than that pair, so a notice arriving meanwhile neither shifts nor repeats a
/// page.</summary>
public readonly record struct InboxCursor(DateTime CreatedAt, Guid Id)
{
    public string Encode() => Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{CreatedAt.Ticks}|{Id:N}"));

    public static bool TryParse(string? value, out InboxCursor cursor)
    {
        cursor = default;
        if (string.IsNullOrEmpty(value) || value.Length > 200)
            return false;
        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(value)).Split('|');
            if (
                parts.Length != 2
                || !long.TryParse(parts[0], out var ticks)
                || ticks < 0
                || ticks > DateTime.MaxValue.Ticks
            )
                return false;
            if (!Guid.TryParseExact(parts[1], "N", out var id))
                return false;
            cursor = new InboxCursor(new DateTime(ticks, DateTimeKind.Utc), id);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
