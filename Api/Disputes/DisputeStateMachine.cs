namespace Mediation.Api.Disputes;

/// <summary>The one place that says which status may follow which. Anything else is a 409.</summary>
public static class DisputeStateMachine
{
    private static readonly Dictionary<DisputeStatus, DisputeStatus[]> Allowed = new()
    {
        [DisputeStatus.Submitted] =
        [
            DisputeStatus.NeedsCorrection,
            DisputeStatus.Accepted,
            DisputeStatus.Rejected,
            DisputeStatus.Transferred,
            DisputeStatus.Withdrawn,
        ],
        [DisputeStatus.NeedsCorrection] = [DisputeStatus.Submitted, DisputeStatus.Lapsed, DisputeStatus.Withdrawn],
        // A transferred case waits in the receiving body's queue and is decided there like a new application.
        [DisputeStatus.Transferred] =
        [
            DisputeStatus.NeedsCorrection,
            DisputeStatus.Accepted,
            DisputeStatus.Rejected,
            DisputeStatus.Transferred,
            DisputeStatus.Withdrawn,
        ],
        [DisputeStatus.Accepted] = [DisputeStatus.MediatorAssigned, DisputeStatus.Transferred, DisputeStatus.Withdrawn],
        // Accepted again when a party objects to the mediator (人民调解法 art. 23) and the case needs reassignment.
        [DisputeStatus.MediatorAssigned] =
        [
            DisputeStatus.InMediation,
            DisputeStatus.Accepted,
            DisputeStatus.Transferred,
            DisputeStatus.Failed,
            DisputeStatus.Withdrawn,
        ],
        [DisputeStatus.InMediation] =
        [
            DisputeStatus.Agreed,
            DisputeStatus.Failed,
            DisputeStatus.Accepted,
            DisputeStatus.Transferred,
            DisputeStatus.Withdrawn,
        ],
        [DisputeStatus.Agreed] = [DisputeStatus.Performing, DisputeStatus.Fulfilled],
        [DisputeStatus.Performing] = [DisputeStatus.Fulfilled, DisputeStatus.Defaulted],
        [DisputeStatus.Defaulted] = [DisputeStatus.Performing, DisputeStatus.Fulfilled, DisputeStatus.Closed],
        [DisputeStatus.Fulfilled] = [DisputeStatus.Closed],
        // A failed mediation may be referred up to another level.
        [DisputeStatus.Failed] = [DisputeStatus.Transferred, DisputeStatus.Closed],
        [DisputeStatus.Lapsed] = [],
        [DisputeStatus.Rejected] = [],
        [DisputeStatus.Withdrawn] = [],
        [DisputeStatus.Closed] = [],
    };

    public static bool CanMove(DisputeStatus from, DisputeStatus to) => Allowed[from].Contains(to);

    /// <summary>Whether the case may have sessions arranged, confirmed or changed: only while a mediator of this body
    /// holds it. Moving to any other status ends the case's pending sessions (Sessions/SessionLifecycle).</summary>
    public static bool HoldsSessions(DisputeStatus status) =>
        status is DisputeStatus.MediatorAssigned or DisputeStatus.InMediation;

    /// <summary>The statuses of <see cref="AwaitsResult"/>, for queries (<c>AwaitingResult.Contains(d.Status)</c>
    /// translates to SQL).</summary>
    public static readonly DisputeStatus[] AwaitingResult = [.. Enum.GetValues<DisputeStatus>().Where(AwaitsResult)];

    /// <summary>Whether the case still waits for a result (an agreement, a failure, a refusal, a withdrawal): what a
    /// referrer's time limit runs against.</summary>
    public static bool AwaitsResult(DisputeStatus status) =>
        status
            is DisputeStatus.Submitted
                or DisputeStatus.NeedsCorrection
                or DisputeStatus.Transferred
                or DisputeStatus.Accepted
                or DisputeStatus.MediatorAssigned
                or DisputeStatus.InMediation;

    /// <summary>Moves the case and writes its status-history row. Returns false, changing nothing, if the move is not
    /// allowed.</summary>
    public static bool TryMove(
        Dispute dispute,
        DisputeStatus to,
        string actorKind,
        Guid? actorId,
        string? reason,
        DateTime now
    )
    {
        if (!CanMove(dispute.Status, to))
            return false;
        dispute.StatusHistory.Add(
            new DisputeStatusChange
            {
                DisputeId = dispute.Id,
                From = dispute.Status,
                To = to,
                At = now,
                ActorKind = actorKind,
                ActorId = actorId,
                Reason = reason,
            }
        );
        dispute.Status = to;
        dispute.UpdatedAt = now;
        dispute.Version++;
        return true;
    }

    public static string DisplayName(DisputeStatus status) =>
        status switch
        {
            DisputeStatus.Submitted => "已提交，待受理",
            DisputeStatus.NeedsCorrection => "待补正",
            DisputeStatus.Lapsed => "逾期未补正",
            DisputeStatus.Accepted => "已受理",
            DisputeStatus.Rejected => "不予受理",
            DisputeStatus.Transferred => "已移送",
            DisputeStatus.MediatorAssigned => "已指派调解员",
            DisputeStatus.InMediation => "调解中",
            DisputeStatus.Agreed => "已达成调解协议",
            DisputeStatus.Failed => "调解不成",
            DisputeStatus.Performing => "协议履行中",
            DisputeStatus.Fulfilled => "协议已履行",
            DisputeStatus.Defaulted => "未按期履行",
            DisputeStatus.Closed => "已结案",
            DisputeStatus.Withdrawn => "已撤回",
            _ => status.ToString(),
        };
}
