using Mediation.Api.Disputes;
using Mediation.Api.Infrastructure.Events;

namespace Mediation.Api.Agreements;

/// <summary>An obligation was performed in full (the obligee confirmed the last payment); Credit withdraws or repairs
/// its steps.</summary>
public sealed record ObligationFulfilled(Dispute Dispute, Obligation Obligation) : IDomainEvent;

/// <summary>Enforcement of a judicially confirmed agreement was applied for while these obligations were still open;
/// Credit proposes 失信惩戒 for each obligor, for a supervisor to decide.</summary>
public sealed record EnforcementApplied(
    Dispute Dispute,
    Agreement Agreement,
    IReadOnlyList<Obligation> Unperformed,
    Guid ByUserId
) : IDomainEvent;
