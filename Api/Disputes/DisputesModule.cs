namespace Mediation.Api.Disputes;

/// <summary>Disputes (纠纷): the application as filed, its parties and state machine, and what a citizen does on a case.</summary>
public static class DisputesModule
{
    public static WebApplication MapDisputes(this WebApplication app)
    {
        app.MapDisputesApi();
        return app;
    }
}
