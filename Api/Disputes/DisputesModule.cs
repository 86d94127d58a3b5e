using Mediation.Api.Auth;
using Mediation.Api.Notifications;

namespace Mediation.Api.Disputes;

/// <summary>Disputes (纠纷): the application as filed, its parties and state machine, and what a citizen does on a
/// case.</summary>
public static class DisputesModule
{
    public static WebApplicationBuilder AddDisputes(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<Filing>();
        builder.Services.AddScoped<IPhoneClaims, PartyPhoneClaims>();
        builder.Services.AddScoped<ICaseDirectory, DisputeDirectory>();
        return builder;
    }

    public static WebApplication MapDisputes(this WebApplication app)
    {
        app.MapDisputesApi();
        return app;
    }
}
