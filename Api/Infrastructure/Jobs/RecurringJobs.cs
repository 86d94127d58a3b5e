using System.Linq.Expressions;
using Hangfire;

namespace Mediation.Api.Infrastructure.Jobs;

/// <summary>A recurring job as its feature declares it: id, what runs, and when (the cron may come from the feature's
/// options).</summary>
public sealed record RecurringJobDeclaration(string Id, Action<IRecurringJobManager, IServiceProvider> Register);

/// <summary>
/// Features declare their recurring jobs in their module (<c>services.AddRecurringJob&lt;T&gt;(…)</c>); the one
/// registrar below hands them all to Hangfire when the host starts. No feature touches <see
/// cref="IRecurringJobManager"/> to schedule itself.
/// </summary>
public static class RecurringJobs
{
    public static IServiceCollection AddRecurringJob<TJob>(
        this IServiceCollection services,
        string id,
        Expression<Func<TJob, Task>> run,
        Func<IServiceProvider, string> cron,
        TimeZoneInfo? timeZone = null
    )
        where TJob : class
    {
        services.AddSingleton(
            new RecurringJobDeclaration(id, (jobs, sp) =>
                jobs.AddOrUpdate(id, run, cron(sp), new RecurringJobOptions { TimeZone = timeZone ?? TimeZoneInfo.Utc })
            )
        );
        return services;
    }

    public static IServiceCollection AddRecurringJob<TJob>(
        this IServiceCollection services,
        string id,
        Expression<Func<TJob, Task>> run,
        string cron,
        TimeZoneInfo? timeZone = null
    )
        where TJob : class => services.AddRecurringJob(id, run, _ => cron, timeZone);

    internal sealed class Registrar(
        IRecurringJobManager jobs,
        IEnumerable<RecurringJobDeclaration> declarations,
        IServiceProvider services
    ) : IHostedService
    {
        public Task StartAsync(CancellationToken ct)
        {
            foreach (var declaration in declarations)
                declaration.Register(jobs, services);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    }
}
