using FluentValidation;

namespace Mediation.Api.Rooms;

/// <param name="SessionId">The scheduled online session (调解安排) this sitting held, if any.</param>
public sealed record EndSittingRequest(Guid? SessionId);

public sealed record CaucusSummaryInput(Guid? RoomId, string? Summary);

/// <param name="Version">The record's version as the mediator last read it.</param>
public sealed record EditRoomRecordRequest(string? Text, List<CaucusSummaryInput>? CaucusSummaries, int? Version);

public sealed record CaucusSummaryResponse(Guid RoomId, string Name, string Summary);

public sealed record RoomRecordConfirmationResponse(Guid PartyId, string Name, DateTime At, bool OnPaper);

/// <param name="CaucusSummaries">Staff only; null for a party, who never reads a caucus summary.</param>
/// <param name="PendingPartyIds">The parties who have not confirmed the current revision.</param>
public sealed record RoomRecordResponse(
    Guid Id,
    Guid DisputeId,
    Guid RoomId,
    int Number,
    RoomRecordStatus Status,
    int Revision,
    int Version,
    DateTime StartedAt,
    DateTime EndedAt,
    Guid? SessionId,
    string Text,
    string? Sha256,
    IReadOnlyList<CaucusSummaryResponse>? CaucusSummaries,
    IReadOnlyList<RoomRecordConfirmationResponse> Confirmations,
    IReadOnlyList<Guid> PendingPartyIds
);

internal sealed class EditRoomRecordRequestValidator : AbstractValidator<EditRoomRecordRequest>
{
    public EditRoomRecordRequestValidator()
    {
        RuleFor(x => x.Text)
            .NotEmpty()
            .WithMessage("请填写调解记录")
            .MaximumLength(RoomRecords.MaxText)
            .WithMessage($"调解记录不超过{RoomRecords.MaxText}字");
        RuleFor(x => x.Version).NotNull().WithMessage("请提供所编辑记录的版本（version）");
        RuleForEach(x => x.CaucusSummaries)
            .ChildRules(s =>
            {
                s.RuleFor(x => x.RoomId).NotNull().WithMessage("请指明背靠背调解室");
                s.RuleFor(x => x.Summary)
                    .NotNull()
                    .WithMessage("请填写摘要（不写可删去该项）")
                    .MaximumLength(RoomRecords.MaxSummary)
                    .WithMessage($"摘要不超过{RoomRecords.MaxSummary}字");
            });
    }
}
