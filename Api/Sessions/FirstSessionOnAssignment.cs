using Hangfire;
using Mediation.Api.Infrastructure.Events;
using Mediation.Api.Intake;

namespace Mediation.Api.Sessions;

/// <summary>Once an assignment is committed, the first session is proposed in the background (<see
/// cref="FirstSessionProposalJob"/>).</summary>
public sealed class FirstSessionOnAssignment(
    UnitOfWork work,
    IBackgroundJobClient jobs,
    IOptions<SessionsOptions> options
) : IHandles<MediatorsAssigned>
{
    public Task HandleAsync(MediatorsAssigned e, CancellationToken ct)
    {
        if (options.Value.ProposeFirstSession)
            work.OnCommit(() =>
                jobs.Enqueue<FirstSessionProposalJob>(job => job.RunAsync(e.DisputeId, CancellationToken.None))
            );
        return Task.CompletedTask;
    }
}
