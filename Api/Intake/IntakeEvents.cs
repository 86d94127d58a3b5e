using Mediation.Api.Infrastructure.Events;

namespace Mediation.Api.Intake;

/// <summary>Mediators were assigned to a case, in the save that commits the assignment (Sessions proposes the first
/// session).</summary>
public sealed record MediatorsAssigned(Guid DisputeId, IReadOnlyList<Guid> MediatorIds) : IDomainEvent;
