namespace Mediation.Api.Disputes;

public enum DisputeStatus
{
    Submitted,
    NeedsCorrection,
    Lapsed,
    Accepted,
    Rejected,
    Transferred,
    MediatorAssigned,
    InMediation,
    Agreed,
    Failed,
    Performing,
    Fulfilled,
    Defaulted,
    Closed,
    Withdrawn,
}

/// <summary>How the case reached the committee (统计口径: 主动调解 / 申请调解 / 接受委托移送).</summary>
/// <summary>How a case arrived. The MoJ statistics count 主动调解 (Initiative), 依申请 (MiniProgram, WalkIn, Oral) and
/// 接受委托移送 (the referrals).</summary>
public enum DisputeSource
{
    MiniProgram,
    WalkIn,
    Oral,
    Initiative,
    PoliceReferral,
    CourtReferral,
    ProcuratorateReferral,
    PetitionReferral,
    GovernmentReferral,
    OtherReferral,
}

/// <summary>The unit that referred a case (公调、诉调、检调、访调对接), its document and the time limit it
/// set.</summary>
public sealed class Referral
{
    public required string UnitName { get; set; }
    public string? Contact { get; set; }
    public string? DocumentNumber { get; set; }
    public DateOnly ReceivedOn { get; set; }

    /// <summary>The last day the referrer allows (诉前调解: 30 days unless extended); null when it set none.</summary>
    public DateOnly? DueOn { get; set; }
}

public enum MediationMode
{
    Phone,
    Online,
    OnSite,
}

public enum PartyRole
{
    Applicant,
    Respondent,
    ThirdParty,
}

public enum PartyKind
{
    Person,
    Organization,
}

/// <summary>How likely the dispute is to turn into a criminal case or a mass incident (人民调解法 第二十五条); the Risk feature
/// sets it. Stored as its number, so that the queue sorts by it.</summary>
public enum RiskLevel
{
    Low,
    Medium,
    High,
    Major,
}

public enum Gender
{
    Male,
    Female,
}

public sealed class Dispute
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The application number (申请编号), given at filing without any shared counter.</summary>
    public required string ApplicationNumber { get; set; }

    /// <summary>The case number (案号), given when the committee accepts the case or staff register it; null
    /// before.</summary>
    public string? CaseNumber { get; set; }

    /// <summary>The number people know the case by: the case number once there is one, the application number
    /// before.</summary>
    public string Reference => CaseNumber ?? ApplicationNumber;

    /// <summary>What the number is called: 案号, or 申请编号 before acceptance.</summary>
    public string ReferenceLabel => CaseNumber is null ? "申请编号" : "案号";

    /// <summary>The number with its name, for notices: 「案号 …」 or 「申请编号 …」.</summary>
    public string ReferenceText => CaseNumbers.Describe(CaseNumber, ApplicationNumber);

    public Guid BodyId { get; set; }
    public DisputeStatus Status { get; set; } = DisputeStatus.Submitted;
    public DisputeSource Source { get; set; } = DisputeSource.MiniProgram;
    public required string TypeCode { get; set; }
    public required string Facts { get; set; }
    public required string Claims { get; set; }
    public long? AmountFen { get; set; }
    public string? Place { get; set; }
    public MediationMode PreferredMode { get; set; }
    public Guid? PreferredMediatorId { get; set; }

    /// <summary>The citizen who filed in the mini-program; <see cref="Guid.Empty"/> for a case staff
    /// registered.</summary>
    public Guid FiledByUserId { get; set; }

    /// <summary>The clerk who registered a case that arrived another way (walk-in, oral, screening,
    /// referral).</summary>
    public Guid? RegisteredById { get; set; }
    public Referral? Referral { get; set; }
    public DateTime SubmittedAt { get; set; }

    /// <summary>When the case entered the queue it waits in: filing, resubmission after corrections, or arrival by
    /// transfer. The acceptance deadline runs from here (Intake:AcceptWithin).</summary>
    public DateTime QueuedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>Optimistic-concurrency token: every change increments it, so two simultaneous decisions cannot both
    /// win.</summary>
    public int Version { get; set; }

    /// <summary>The current risk level and its reasons (a JSON list of <see cref="RiskReason"/>), kept on the case so
    /// the queue filters and sorts by them without a join; the Risk feature writes both, and keeps the history of
    /// assessments.</summary>
    public RiskLevel RiskLevel { get; set; }
    public string? RiskReasonsJson { get; set; }

    public List<DisputeParty> Parties { get; set; } = [];
    public List<DisputeStatusChange> StatusHistory { get; set; } = [];
    public List<LegalTextAcceptance> Acceptances { get; set; } = [];
    public List<DisputeMediator> Mediators { get; set; } = [];
}

/// <summary>A mediator assigned to a case. Removal (objection, reassignment) ends the row; it is never
/// deleted.</summary>
public sealed class DisputeMediator
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid DisputeId { get; set; }
    public Guid StaffUserId { get; set; }
    public DateTime AssignedAt { get; set; }
    public Guid? AssignedById { get; set; }
    public DateTime? RemovedAt { get; set; }
    public string? RemovedReason { get; set; }
}

public sealed class DisputeParty
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid DisputeId { get; set; }
    public PartyRole Role { get; set; }
    public PartyKind Kind { get; set; }
    public int Position { get; set; }
    public required string Name { get; set; }
    public Gender? Gender { get; set; }
    public string? Ethnicity { get; set; }
    public DateOnly? BirthDate { get; set; }
    public string? IdNumberCipher { get; set; }
    public string? IdNumberHash { get; set; }
    public string? PhoneCipher { get; set; }
    public string? PhoneHash { get; set; }
    public string? AddressCipher { get; set; }
    public string? Occupation { get; set; }
    public string? CreditCode { get; set; }
    public string? LegalRepresentative { get; set; }

    /// <summary>The mini-program account acting as this party, once known (the filer, or a respondent who bound the
    /// same verified phone).</summary>
    public Guid? UserId { get; set; }
}

/// <summary>One row per status change: who, when, from, to, why.</summary>
public sealed class DisputeStatusChange
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid DisputeId { get; set; }
    public DisputeStatus? From { get; set; }
    public DisputeStatus To { get; set; }
    public DateTime At { get; set; }
    public required string ActorKind { get; set; }
    public Guid? ActorId { get; set; }
    public string? Reason { get; set; }
}

/// <summary>An acknowledged rights notice or a signed credit commitment: the exact text version and hash, signer, time
/// and client address.</summary>
public sealed class LegalTextAcceptance
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid DisputeId { get; set; }
    public Guid PartyId { get; set; }

    /// <summary>The citizen who accepted in the mini-program, or the clerk who recorded a paper
    /// signature.</summary>
    public Guid SignerUserId { get; set; }

    /// <summary>MiniProgram, or Paper: read out and signed on paper at the body, the scan kept as
    /// evidence.</summary>
    public string Method { get; set; } = AcceptanceMethods.MiniProgram;
    public required string Kind { get; set; }
    public required string TextVersion { get; set; }
    public required string TextSha256 { get; set; }
    public DateTime AcceptedAt { get; set; }
    public string? ClientAddress { get; set; }
}

/// <summary>Per body and year, the last case number handed out.</summary>
public sealed class CaseNumberCounter
{
    public required string Scope { get; set; }
    public int Year { get; set; }
    public int LastValue { get; set; }
}

public static class AcceptanceMethods
{
    public const string MiniProgram = "MiniProgram";
    public const string Paper = "Paper";
}
