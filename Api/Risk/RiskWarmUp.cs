namespace Mediation.Api.Risk;

/// <summary>
/// Loads jieba.NET's dictionary (~1 s of CPU) once the host has started rather than on the path to the first request. A
/// filing that arrives before it is done waits for the same load inside <see cref="Segmenter"/>, so no assessment is
/// skipped or made without the dictionary.
/// </summary>
internal sealed class RiskWarmUp(IServiceProvider services, ILogger<RiskWarmUp> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Run(
            () =>
            {
                try
                {
                    _ = services.GetRequiredService<Segmenter>();
                }
                catch (Exception e)
                {
                    logger.LogError(e, "The risk segmenter could not load its dictionary");
                }
            },
            stoppingToken
        );
}
