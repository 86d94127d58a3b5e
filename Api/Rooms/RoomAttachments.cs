using Mediation.Api.Evidence;

namespace Mediation.Api.Rooms;

/// <summary>Images and voice clips in rooms are evidence items of the case, uploaded through the evidence upload (its
/// streaming, SHA-256 and magic-byte check, <see cref="FileTypes"/>); one meant for a caucus room carries that room's
/// side (<see cref="EvidenceItem.CaucusSide"/>), so the other side's parties never read it.</summary>
public static class RoomAttachments
{
    public static RoomMessageKind? KindOf(EvidenceKind kind) =>
        kind switch
        {
            EvidenceKind.Photo => RoomMessageKind.Image,
            EvidenceKind.Audio => RoomMessageKind.Voice,
            _ => null,
        };
}
