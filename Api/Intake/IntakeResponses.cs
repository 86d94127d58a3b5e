using Mediation.Api.Disputes;

namespace Mediation.Api.Intake;

public sealed record ClaimInfo(Guid StaffId, string StaffName, DateTime ClaimedAt, DateTime ExpiresAt);

public sealed record RelatedCase(
    Guid Id,
    string ApplicationNumber,
    string? CaseNumber,
    DisputeStatus Status,
    string StatusName,
    string BodyName,
    DateTime SubmittedAt,
    IReadOnlyList<string> MatchedBy
);

public sealed record QueueItem(
    Guid Id,
    string ApplicationNumber,
    string? CaseNumber,
    DisputeStatus Status,
    string StatusName,
    DisputeSource Source,
    string TypeCode,
    string TypeName,
    Guid BodyId,
    string BodyName,
    string ApplicantName,
    IReadOnlyList<string> RespondentNames,
    DateTime SubmittedAt,
    DateTime QueuedAt,
    double HoursWaiting,
    DateTime AcceptDeadline,
    bool Overdue,
    DateTime? CorrectionDeadline,
    ClaimInfo? Claim,
    IReadOnlyList<RelatedCase> RelatedCases,
    DateOnly? ReferralDueOn,
    RiskLevel RiskLevel,
    IReadOnlyList<RiskReason> RiskReasons
);

/// <summary>A page of the queue. A count equal to <c>CountLimit</c> means "at least that many".</summary>
public sealed record QueuePage(
    IReadOnlyList<QueueItem> Items,
    string? NextCursor,
    IReadOnlyDictionary<DisputeStatus, int> Counts,
    int CountLimit
);

public sealed record DecisionResponse(
    Guid Id,
    string ApplicationNumber,
    string? CaseNumber,
    DisputeStatus Status,
    string StatusName,
    Guid BodyId,
    DateTime UpdatedAt
);

public sealed record HandlingResponse(
    HandlingKind Kind,
    Guid FromBodyId,
    string FromBodyName,
    Guid ToBodyId,
    string ToBodyName,
    DisputeStatus FromStatus,
    string Reason,
    Guid ByStaffId,
    DateTime At
);

public sealed record MediatorAssignment(
    Guid StaffId,
    string Name,
    DateTime AssignedAt,
    DateTime? RemovedAt,
    string? RemovedReason
);

public sealed record CorrectionResponse(
    Guid Id,
    IReadOnlyList<string> Items,
    DateTime Deadline,
    DateTime RequestedAt,
    DateTime? ClosedAt,
    string? Outcome
);

public sealed record NoteResponse(Guid Id, Guid AuthorId, string AuthorName, string Text, DateTime At);

public sealed record StatusChangeResponse(
    DisputeStatus? From,
    DisputeStatus To,
    DateTime At,
    string ActorKind,
    Guid? ActorId,
    string? Reason
);

/// <summary>The case as intake staff see it: personal data masked (reveal is a separate, logged call).</summary>
public sealed record IntakeCaseResponse(
    DisputeResponse Case,
    DateTime QueuedAt,
    double HoursWaiting,
    DateTime AcceptDeadline,
    bool Overdue,
    ClaimInfo? Claim,
    IReadOnlyList<HandlingResponse> Lineage,
    IReadOnlyList<MediatorAssignment> Mediators,
    IReadOnlyList<CorrectionResponse> Corrections,
    IReadOnlyList<StatusChangeResponse> History,
    IReadOnlyList<RelatedCase> RelatedCases,
    IReadOnlyList<NoteResponse> Notes,
    IReadOnlyList<ParticipationResponse> Participation,
    Guid? RegisteredById,
    ReferralResponse? Referral,
    RiskLevel RiskLevel,
    IReadOnlyList<RiskReason> RiskReasons
);

/// <summary>The unit that referred the case and the time limit it set.</summary>
public sealed record ReferralResponse(
    string UnitName,
    string? Contact,
    string? DocumentNumber,
    DateOnly ReceivedOn,
    DateOnly? DueOn,
    bool Overdue
);

public sealed record RevealedParty(
    Guid PartyId,
    string Name,
    string? IdNumber,
    DateOnly? BirthDate,
    string? Phone,
    string? Address
);

public sealed record RejectionReasonResponse(string Code, string Name, string NoticeText);
