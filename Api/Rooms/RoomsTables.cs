namespace Mediation.Api.Rooms;

/// <summary>This feature's tables on the one <see cref="AppDbContext"/>.</summary>
public static class RoomsTables
{
    extension(AppDbContext db)
    {
        public DbSet<MediationRoom> MediationRooms => db.Set<MediationRoom>();
        public DbSet<RoomMessage> RoomMessages => db.Set<RoomMessage>();
        public DbSet<RoomRecord> RoomRecords => db.Set<RoomRecord>();
        public DbSet<RoomRecordSummary> RoomRecordSummaries => db.Set<RoomRecordSummary>();
        public DbSet<RoomRecordConfirmation> RoomRecordConfirmations => db.Set<RoomRecordConfirmation>();
        public DbSet<RoomMute> RoomMutes => db.Set<RoomMute>();
    }
}
