using Mediation.Api.Agreements;
using Mediation.Api.Infrastructure.Events;

namespace Mediation.Api.Credit;

/// <summary>What the agreement's performance means for credit, in the same unit of work as the agreement's
/// change.</summary>
public sealed class AgreementCreditHandlers(CreditSteps credit)
    : IHandles<ObligationFulfilled>,
        IHandles<EnforcementApplied>
{
    public Task HandleAsync(ObligationFulfilled e, CancellationToken ct) =>
        credit.OnPerformedAsync(e.Dispute, e.Obligation, ct);

    public async Task HandleAsync(EnforcementApplied e, CancellationToken ct)
    {
        var (dispute, agreement) = (e.Dispute, e.Agreement);
        foreach (var obligation in e.Unperformed.DistinctBy(o => o.ObligorPartyId))
            await credit.ProposeAsync(
                dispute,
                obligation.ObligorPartyId,
                CreditStep.Enforcement,
                CreditTrigger.Enforcement,
                $"调解协议{agreement.Number}经司法确认（{agreement.JudicialRulingNumber}）后仍未履行，已申请强制执行（{agreement.EnforcementCaseNumber}）",
                obligation.Id,
                e.ByUserId,
                $"enforcement:{agreement.Id:N}:{obligation.ObligorPartyId:N}",
                ct
            );
    }
}
