namespace Mediation.Api.Rooms;

/// <summary>This feature's tables on the one <see cref="AppDbContext"/>.</summary>
public static class RoomsTables
{
    extension(AppDbContext db)
    {
        public DbSet<MediationRoom> MediationRooms => db.Set<MediationRoom>();
        public DbSet<RoomMessage> RoomMessages => db.Set<RoomMessage>();
    }
}
