using Mediation.Api.Infrastructure.Jobs;

namespace Mediation.Api.Evidence;

/// <summary>Evidence (证据): uploads to the object store, checks, audited links, withdrawal and integrity
/// sweeps.</summary>
public static class EvidenceModule
{
    public static WebApplicationBuilder AddEvidence(this WebApplicationBuilder builder)
    {
        builder
            .Services.AddOptions<EvidenceOptions>()
            .BindConfiguration(EvidenceOptions.Section)
            .Validate(
                o => o.MaxFileBytes > 0 && o.MaxVideoBytes > 0 && o.MaxFilesPerCase > 0 && o.MaxBytesPerCase > 0,
                "Evidence limits must be positive."
            )
            .Validate(
                o => o.DirectUploadLifetime > TimeSpan.Zero && o.DirectUploadLifetime <= TimeSpan.FromMinutes(10),
                "Evidence:DirectUploadLifetime must be at most 10 minutes."
            )
            .Validate(
                o => o.DownloadLinkLifetime > TimeSpan.Zero && o.DownloadLinkLifetime <= TimeSpan.FromMinutes(5),
                "Evidence:DownloadLinkLifetime must be at most 5 minutes."
            )
            .ValidateOnStart();
        builder.Services.AddSingleton<EvidenceLinkSigner>();
        builder.Services.AddSingleton<Disputes.ITimelineContributor, EvidenceApi.Timeline>();
        builder.Services.AddScoped<EvidenceCleanupJob>();
        builder.Services.AddScoped<EvidenceVerificationJob>();
        builder.Services.AddRecurringJob<EvidenceCleanupJob>(
            EvidenceCleanupJob.Id,
            j => j.RunAsync(CancellationToken.None),
            sp => sp.GetRequiredService<IOptions<EvidenceOptions>>().Value.CleanupCron
        );
        builder.Services.AddRecurringJob<EvidenceVerificationJob>(
            EvidenceVerificationJob.Id,
            j => j.RunAsync(null, CancellationToken.None),
            sp => sp.GetRequiredService<IOptions<EvidenceOptions>>().Value.VerificationCron
        );
        return builder;
    }

    public static WebApplication MapEvidence(this WebApplication app)
    {
        app.MapEvidenceApi();
        app.MapEvidenceAdminApi();
        return app;
    }
}
