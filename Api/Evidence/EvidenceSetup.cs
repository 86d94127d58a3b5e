namespace Mediation.Api.Evidence;

public static class EvidenceSetup
{
    public static WebApplicationBuilder AddEvidence(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<EvidenceOptions>().BindConfiguration(EvidenceOptions.Section)
            .Validate(o => o.MaxFileBytes > 0 && o.MaxVideoBytes > 0 && o.MaxFilesPerCase > 0 && o.MaxBytesPerCase > 0, "Evidence limits must be positive.")
            .Validate(o => o.DirectUploadLifetime > TimeSpan.Zero && o.DirectUploadLifetime <= TimeSpan.FromMinutes(10), "Evidence:DirectUploadLifetime must be at most 10 minutes.")
            .Validate(o => o.DownloadLinkLifetime > TimeSpan.Zero && o.DownloadLinkLifetime <= TimeSpan.FromMinutes(5), "Evidence:DownloadLinkLifetime must be at most 5 minutes.")
            .ValidateOnStart();
        builder.Services.AddSingleton<EvidenceLinkSigner>();
        builder.Services.AddScoped<EvidenceCleanupJob>();
        builder.Services.AddScoped<EvidenceVerificationJob>();
        builder.Services.AddHostedService<EvidenceJobSchedule>();
        return builder;
    }
}
