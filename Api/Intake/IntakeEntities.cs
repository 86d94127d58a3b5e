using Mediation.Api.Disputes;

namespace Mediation.Api.Intake;

/// <summary>Who is working a case in the queue. One row per case; it lapses after Intake:ClaimTimeout without
/// activity.</summary>
public sealed class IntakeClaim
{
    public Guid DisputeId { get; set; }
    public Guid StaffUserId { get; set; }
    public DateTime ClaimedAt { get; set; }
    public DateTime LastActivityAt { get; set; }

    /// <summary>Concurrency token: two staff taking over the same lapsed claim cannot both win.</summary>
    public int Version { get; set; }

    public bool IsActive(DateTime now, TimeSpan timeout) => LastActivityAt + timeout > now;
}

public enum HandlingKind
{
    Transferred,
    Escalated,
}

/// <summary>One hand-over of a case between bodies (移送 / 上报): the lineage of its handlers is never rewritten.</summary>
public sealed class DisputeHandling
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid DisputeId { get; set; }
    public HandlingKind Kind { get; set; }
    public Guid FromBodyId { get; set; }
    public Guid ToBodyId { get; set; }
    public DisputeStatus FromStatus { get; set; }
    public required string Reason { get; set; }
    public Guid ByStaffId { get; set; }
    public DateTime At { get; set; }
}

/// <summary>An internal note on a case, for staff and mediators only; never shown to the parties.</summary>
public sealed class CaseNote
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid DisputeId { get; set; }
    public Guid AuthorId { get; set; }
    public required string Text { get; set; }
    public DateTime At { get; set; }
}

/// <summary>A request for corrections (补正): what to fix and by when. Closed when the applicant resubmits or the case
/// lapses.</summary>
public sealed class CorrectionRequest
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid DisputeId { get; set; }
    public List<string> Items { get; set; } = [];
    public DateTime Deadline { get; set; }
    public DateTime RequestedAt { get; set; }
    public Guid RequestedById { get; set; }
    public DateTime? ClosedAt { get; set; }

    /// <summary>Resubmitted, Lapsed or Withdrawn.</summary>
    public string? Outcome { get; set; }
    public string? JobId { get; set; }
}

/// <summary>A party's objection to a mediator (人民调解法 art. 23): that mediator is not assigned to the case
/// again.</summary>
public sealed class MediatorObjection
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid DisputeId { get; set; }
    public Guid MediatorId { get; set; }
    public Guid ByUserId { get; set; }
    public required string Reason { get; set; }
    public DateTime At { get; set; }
}

/// <summary>Why an application is refused (不予受理), as data: the code, its label and the notice text sent to the
/// applicant.</summary>
public sealed class RejectionReason
{
    public required string Code { get; set; }
    public required string Name { get; set; }
    public required string NoticeText { get; set; }
    public int SortOrder { get; set; }
    public bool Active { get; set; } = true;
}
