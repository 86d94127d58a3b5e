namespace Mediation.Api.Statistics;

/// <summary>One row of the report per dispute type (the Ministry of Justice list, plus any local additions).</summary>
public sealed record TypeRow(
    string Code,
    string Name,
    int Received,
    int Accepted,
    int Refused,
    int Successful,
    int Failed,
    long AgreementAmountFen
);

/// <summary>One row per statistical source: 主动调解 / 申请调解 / 接受委托移送.</summary>
public sealed record SourceRow(string Key, string Name, int Received, int Accepted, int Successful, int Failed);

/// <summary>
/// A body's monthly report, covering the body and every body below it. Counting rules (see README, "Monthly
/// statistics"): received = filed in the month (SubmittedAt); accepted / refused / successful / failed = a status
/// change into Accepted (from Submitted or Transferred) / Rejected / Agreed / Failed within the month, each case
/// counted once. Rates are fractions (0..1, four decimals), 0 when the denominator is 0. AgreementAmountFen sums the
/// successful cases' effective agreements (their payment obligations); ApplicationAmountFen is the part of it taken
/// from the application of successful cases whose agreement names no amount.
/// </summary>
public sealed record MonthlyReport(
    Guid BodyId,
    string BodyName,
    string Month,
    DateTime FromUtc,
    DateTime ToUtc,
    int BodiesIncluded,
    int Received,
    int Accepted,
    int Refused,
    int Successful,
    int Failed,
    double SuccessRate,
    long AgreementAmountFen,
    long ApplicationAmountFen,
    int Agreements,
    int Fulfilled,
    double PerformanceRate,
    int PreventedCriminalCases,
    int PreventedMassPetitions,
    int PreventedCriminalCasesKnown,
    int MajorDisputeReports,
    int MajorDisputeReportsAcknowledged,
    IReadOnlyList<TypeRow> ByType,
    IReadOnlyList<SourceRow> BySource,
    ScreeningFigures Screening,
    ConsultationFigures ExpertConsultations
);

/// <summary>专家咨询: consultations of the month on the cases of the body and below: experts invited (InvitedAt in the
/// month, withdrawn ones included) and opinions written (OpinionAt in the month).</summary>
public sealed record ConsultationFigures(int Invited, int Answered);

/// <summary>排查: the month's screening rounds of the body and below, what they visited and found, and how many bodies
/// made a deliberate zero report (零上报).</summary>
public sealed record ScreeningFigures(int Rounds, int Visited, int DisputesFound, int ZeroReports);

public sealed record PreventionRequest(
    Guid? BodyId,
    string? Month,
    int? PreventedCriminalCases,
    int? PreventedMassPetitions
);

public sealed record PreventionResponse(
    Guid BodyId,
    string Month,
    int PreventedCriminalCases,
    int PreventedMassPetitions,
    Guid UpdatedById,
    DateTime UpdatedAt
);

/// <summary>Query of GET /api/stats/monthly. Format: json (default), xlsx or csv; an xlsx Accept header also selects
/// xlsx.</summary>
public sealed record MonthlyQuery(Guid? BodyId, string? Month, string? Format);
