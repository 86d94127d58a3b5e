namespace Mediation.Api.Admin;

/// <summary>Administration: mediation bodies and staff accounts.</summary>
public static class AdminModule
{
    public static WebApplication MapAdmin(this WebApplication app)
    {
        app.MapAdminApi();
        return app;
    }
}
