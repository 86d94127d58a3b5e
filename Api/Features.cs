using Mediation.Api.Admin;
using Mediation.Api.Agreements;
using Mediation.Api.Auth;
using Mediation.Api.CaseFile;
using Mediation.Api.CaseReviews;
using Mediation.Api.Credit;
using Mediation.Api.Disputes;
using Mediation.Api.Documents;
using Mediation.Api.Evidence;
using Mediation.Api.Intake;
using Mediation.Api.Mediators;
using Mediation.Api.Notifications;
using Mediation.Api.ReferenceData;
using Mediation.Api.Referrals;
using Mediation.Api.Risk;
using Mediation.Api.Rooms;
using Mediation.Api.Screening;
using Mediation.Api.Sessions;
using Mediation.Api.StaffConsole;
using Mediation.Api.Statistics;
using Mediation.Api.WeChat;

namespace Mediation.Api;

/// <summary>
/// The table of contents: every feature, in the one order of the feature graph (docs/architecture.md). A feature may
/// use the features above it and never one below; <c>Api.Tests/Architecture</c> checks it. Each feature's module
/// registers its services, options, policies and recurring jobs (AddXxx) and its endpoints (MapXxx).
/// </summary>
public static class Features
{
    public static WebApplicationBuilder AddFeatures(this WebApplicationBuilder builder) =>
        builder
            .AddWeChat()
            .AddReferenceData()
            .AddAuth()
            .AddNotifications()
            .AddDisputes()
            .AddEvidence()
            .AddIntake()
            .AddSessions()
            .AddAgreements()
            .AddMediators()
            .AddRooms()
            .AddRisk()
            .AddCredit()
            .AddReferrals()
            .AddScreening()
            .AddDocuments()
            .AddCaseFile()
            .AddStatistics()
            .AddCaseReviews();

    /// <summary>The middleware, in order: the client's address and request id, problems, the console's files, then
    /// security.</summary>
    public static WebApplication UsePipeline(this WebApplication app)
    {
        app.UseHttpPlumbing();
        app.UseProblemHandling();
        app.UseStaffConsole();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
    }

    public static WebApplication MapFeatures(this WebApplication app)
    {
        app.MapInfrastructure();
        app.MapWeChat();
        app.MapReferenceData();
        app.MapAuth();
        app.MapNotifications();
        app.MapDisputes();
        app.MapEvidence();
        app.MapIntake();
        app.MapSessions();
        app.MapAgreements();
        app.MapMediators();
        app.MapRooms();
        app.MapRisk();
        app.MapCredit();
        app.MapReferrals();
        app.MapScreening();
        app.MapDocuments();
        app.MapCaseFile();
        app.MapStatistics();
        app.MapCaseReviews();
        app.MapAdmin();
        app.MapStaffConsole();
        return app;
    }

    /// <summary>Before the first request: the schema, the reference data and the first administrator.</summary>
    public static async Task PrepareAsync(this WebApplication app)
    {
        // Each step's time is logged (category Mediation.Api.Startup, Information) so that a slow start shows where.
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Mediation.Api.Startup");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        async Task Step(string name, Func<Task> step)
        {
            var before = clock.Elapsed;
            await step();
            log.LogInformation(
                "Start-up step {Step} took {Milliseconds:F0} ms",
                name,
                (clock.Elapsed - before).TotalMilliseconds
            );
        }
        await Step("migrate", app.MigrateDatabaseAsync);
        await Step("seed reference data", app.SeedReferenceDataAsync);
        await Step("subsidy rules", app.SeedSubsidyRulesAsync);
        await Step("first admin", app.CreateFirstAdminAsync);
        await Step("risk", app.PrepareRiskAsync);
    }
}
