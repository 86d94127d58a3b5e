using Mediation.Api.Infrastructure.Realtime;

namespace Mediation.Api.Rooms;

/// <summary>Online mediation rooms (在线调解室): the joint room and the caucus rooms of a case, messages and offers
/// over REST, and live delivery over SignalR (docs/rooms.md).</summary>
public static class RoomsModule
{
    public static WebApplicationBuilder AddRooms(this WebApplicationBuilder builder)
    {
        // The hub speaks the REST API's JSON: enums as names, times as the API writes them. With SignalR:Redis set, hub
        // messages reach the connections of every instance (messages are stored before they are broadcast, so Redis
        // only carries notices; Infrastructure/Realtime/RedisBackplane.cs).
        builder
            .Services.AddSignalR()
            .AddJsonProtocol(o =>
            {
                o.PayloadSerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
                o.PayloadSerializerOptions.Converters.AddWireTimeConverters();
            })
            .AddRedisBackplane(builder);
        builder.Services.AddScoped<RoomAccess>();
        builder.Services.AddScoped<RoomMessaging>();
        builder.Services.AddSingleton<IRoomBroadcaster, HubBroadcaster>();
        builder.Services.AddSingleton<RoomSendLimiter>();
        builder.Services.AddSingleton<RoomListeners>();
        builder.Services.AddScoped<Microsoft.EntityFrameworkCore.Diagnostics.ISaveChangesInterceptor, RoomLifecycle>();
        return builder;
    }

    public static WebApplication MapRooms(this WebApplication app)
    {
        app.MapRoomsApi();
        app.MapHub<MediationHub>(MediationHub.Path);
        return app;
    }
}
