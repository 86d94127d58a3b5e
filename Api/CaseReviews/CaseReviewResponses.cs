namespace Mediation.Api.CaseReviews;

public sealed record ChecklistItemResponse(string Code, string Title, int MaxPoints);

public sealed record ChecklistResponse(
    Guid Id,
    int Version,
    DateTime CreatedAt,
    int MaxPoints,
    IReadOnlyList<ChecklistItemResponse> Items
);

public sealed record ItemScoreResponse(string ItemCode, string Title, int MaxPoints, int? Points, string? Note);

public sealed record CaseReviewResponse(
    Guid Id,
    Guid SampleId,
    Guid CaseId,
    string CaseNumber,
    string TypeCode,
    Guid BodyId,
    string Status,
    int ChecklistVersion,
    int? TotalPoints,
    int MaxPoints,
    double? PercentScore,
    string? Note,
    IReadOnlyList<ItemScoreResponse> Scores,
    DateTime? ScoredAt,
    DateOnly? RectificationDueOn,
    string? RectificationReason,
    int TimesReturned,
    DateTime? RectifiedAt,
    string? RectificationReply,
    IReadOnlyList<Guid> MediatorIds,
    int Version
);

public sealed record SampleResponse(
    Guid Id,
    Guid BodyId,
    DateTime FromUtc,
    DateTime ToUtc,
    string DrawMethod,
    string? Seed,
    int? Size,
    string? TypeCode,
    Guid? MediatorId,
    int Candidates,
    DateTime CreatedAt,
    IReadOnlyList<CaseReviewResponse> Cases
);

public sealed record CaseReviewList(IReadOnlyList<CaseReviewResponse> Items);

public sealed record QualityFigures(double? AverageScore, int ReviewedCount, int ReturnedCount);

public sealed record BodyQuality(Guid BodyId, string BodyName, QualityFigures Quality);

public sealed record MediatorQuality(Guid MediatorId, string DisplayName, QualityFigures Quality);

public sealed record MonthQuality(string Month, QualityFigures Quality);

/// <summary>Quality scores (百分制: the points given over the checklist's maximum, times 100) of the reviews scored in
/// the range.</summary>
public sealed record QualityReport(
    Guid BodyId,
    DateTime FromUtc,
    DateTime ToUtc,
    QualityFigures Overall,
    IReadOnlyList<BodyQuality> Bodies,
    IReadOnlyList<MediatorQuality> Mediators,
    IReadOnlyList<MonthQuality> Months
);
