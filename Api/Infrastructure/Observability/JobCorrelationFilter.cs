using System.Diagnostics;
using Hangfire.Client;
using Hangfire.Common;
using Hangfire.Server;

namespace Mediation.Api.Infrastructure.Observability;

/// <summary>
/// Hangfire filter of this app (registered through its own <see cref="IJobFilterProvider"/>, not Hangfire's static
/// globals, so that two apps in one process do not run each other's filters). When a job is created it stores the
/// current correlation id as a job parameter; when it runs, it restores that id (a log scope with CorrelationId, JobId
/// and Job, and <see cref="RequestCorrelation.Current"/> so the jobs it enqueues inherit it), logs the outcome and
/// counts the run.
/// </summary>
public sealed class JobCorrelationFilter(ILoggerFactory loggers, ServiceMetrics metrics) : IClientFilter, IServerFilter
{
    public const string Parameter = "CorrelationId";
    private readonly ILogger logger = loggers.CreateLogger("Mediation.Api.Jobs");

    public void OnCreating(CreatingContext context)
    {
        if (RequestCorrelation.Current is { } id)
            context.SetJobParameter(Parameter, id);
    }

    public void OnCreated(CreatedContext context) { }

    public void OnPerforming(PerformingContext context)
    {
        var id = RequestCorrelation.Sane(context.GetJobParameter<string>(Parameter))
            ?? $"job-{context.BackgroundJob.Id}";
        RequestCorrelation.Current = id;
        context.Items[nameof(CorrelationScope)] = logger.BeginScope(
            new CorrelationScope(id, context.BackgroundJob.Id, Name(context.BackgroundJob.Job))
        );
        context.Items[nameof(Stopwatch)] = Stopwatch.GetTimestamp();
    }

    public void OnPerformed(PerformedContext context)
    {
        var elapsed = context.Items.TryGetValue(nameof(Stopwatch), out var started)
            ? Stopwatch.GetElapsedTime((long)started)
            : TimeSpan.Zero;
        var job = Name(context.BackgroundJob.Job);
        var outcome = context.Exception switch
        {
            null => "succeeded",
            OperationCanceledException or JobAbortedException => "cancelled",
            _ => "failed",
        };
        metrics.JobRan(job, outcome, elapsed);
        if (outcome == "failed")
            logger.LogWarning(
                context.Exception,
                "Job {Job} failed after {ElapsedMs} ms",
                job,
                (long)elapsed.TotalMilliseconds
            );
        else
            logger.LogInformation(
                "Job {Job} {Outcome} in {ElapsedMs} ms",
                job,
                outcome,
                (long)elapsed.TotalMilliseconds
            );
        if (context.Items.TryGetValue(nameof(CorrelationScope), out var scope))
            (scope as IDisposable)?.Dispose();
        RequestCorrelation.Current = null;
    }

    public static string Name(Job? job) => job is null ? "unknown" : $"{job.Type.Name}.{job.Method.Name}";

    /// <summary>Hangfire's own providers (attributes, global filters) plus this app's filter.</summary>
    internal sealed class Provider(JobCorrelationFilter filter) : IJobFilterProvider
    {
        private readonly JobFilterProviderCollection all = [JobFilterProviders.Providers, new Own(filter)];

        public IEnumerable<JobFilter> GetFilters(Job job) => all.GetFilters(job);

        private sealed class Own(JobCorrelationFilter filter) : IJobFilterProvider
        {
            private readonly JobFilter[] filters = [new(filter, JobFilterScope.Global, null)];

            public IEnumerable<JobFilter> GetFilters(Job job) => filters;
        }
    }
}
