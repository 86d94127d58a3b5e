using System.Text.RegularExpressions;
using FluentValidation;
using Mediation.Api.Infrastructure.PersonalData;

namespace Mediation.Api.Rooms;

public sealed record OfferInput(long? AmountFen, string? Terms, DateOnly? DueDate);

/// <param name="ClientMessageId">The sender's own id for this message: sending it again stores nothing new.</param>
/// <param name="CounterOfferId">With an offer: the other side's open offer this one counters.</param>
public sealed record SendMessageRequest(
    string? ClientMessageId,
    string? Text,
    Guid? EvidenceId,
    OfferInput? Offer,
    Guid? CounterOfferId = null,
    Guid? AttachmentId = null
);

/// <param name="Reason">Why (kept in the audit log; shown to no one else).</param>
public sealed record MuteRequest(Guid? PartyId, string? Reason);

public sealed record RemoveMessageRequest(string? Reason);

/// <summary>An image or voice clip of a message: an evidence item of the case, fetched through its audited
/// link.</summary>
public sealed record AttachmentResponse(Guid Id, RoomMessageKind Kind, string ContentType, long Size);

/// <param name="MutedPartyIds">The parties the mediator muted in this room.</param>
public sealed record RoomResponse(
    Guid Id,
    RoomKind Kind,
    string Name,
    IReadOnlyList<Guid> PartyIds,
    bool Open,
    IReadOnlyList<Guid>? MutedPartyIds = null
);

public sealed record OfferResponse(long AmountFen, string Terms, DateOnly? DueDate, OfferStatus Status);

public sealed record RoomMessageResponse(
    Guid Id,
    Guid RoomId,
    long Seq,
    RoomMessageKind Kind,
    string SenderRole,
    string SenderName,
    string ClientMessageId,
    string? Text,
    Guid? EvidenceId,
    OfferResponse? Offer,
    Guid? ReplyToId,
    DateTime SentAt,
    bool Removed = false,
    AttachmentResponse? Attachment = null
);

public sealed record RoomMessagePage(IReadOnlyList<RoomMessageResponse> Items);

internal sealed class MuteRequestValidator : AbstractValidator<MuteRequest>
{
    public MuteRequestValidator()
    {
        RuleFor(x => x.PartyId).NotNull().WithMessage("请指明要禁言的当事人");
        RuleFor(x => x.Reason).MaximumLength(200).WithMessage("理由不超过200字");
    }
}

internal sealed class RemoveMessageRequestValidator : AbstractValidator<RemoveMessageRequest>
{
    public RemoveMessageRequestValidator() => RuleFor(x => x.Reason).MaximumLength(200).WithMessage("理由不超过200字");
}

internal sealed class SendMessageRequestValidator : AbstractValidator<SendMessageRequest>
{
    public SendMessageRequestValidator()
    {
        RuleFor(x => x.ClientMessageId)
            .NotEmpty()
            .WithMessage("请提供消息的客户端编号（clientMessageId）")
            .MaximumLength(64)
            .WithMessage("客户端编号不超过64个字符")
            .Matches("^[A-Za-z0-9_.:-]+$")
            .WithMessage("客户端编号只能包含字母、数字和 _ . : -");
        RuleFor(x => x.Text).MaximumLength(1000).WithMessage("消息不超过1000字");
        RuleFor(x => x)
            .Must(x =>
                new[]
                {
                    !string.IsNullOrWhiteSpace(x.Text),
                    x.EvidenceId is not null,
                    x.Offer is not null,
                    x.AttachmentId is not null,
                }.Count(b => b) == 1
            )
            .WithName("text")
            .OverridePropertyName("text")
            .WithMessage("一条消息只能是文字、证据、图片或语音、方案中的一种");
        RuleFor(x => x.CounterOfferId).Null().When(x => x.Offer is null).WithMessage("还价须附上新的方案");
        When(
            x => x.Offer is not null,
            () =>
            {
                RuleFor(x => x.Offer!.AmountFen)
                    .NotNull()
                    .WithMessage("请填写方案金额（单位：分）")
                    .GreaterThanOrEqualTo(0)
                    .WithMessage("金额不能为负数")
                    .LessThanOrEqualTo(100_000_000_000)
                    .WithMessage("金额超出范围")
                    .OverridePropertyName("offer.amountFen");
                RuleFor(x => x.Offer!.Terms)
                    .NotEmpty()
                    .WithMessage("请填写方案内容")
                    .MaximumLength(1000)
                    .WithMessage("方案内容不超过1000字")
                    .OverridePropertyName("offer.terms");
            }
        );
    }
}

/// <summary>Phone and ID numbers in free text, masked as everywhere else (<see cref="Masking"/>).</summary>
public static partial class TextMasking
{
    [GeneratedRegex(@"(?<![0-9])([1-9][0-9]{16}[0-9Xx])(?![0-9A-Za-z])")]
    private static partial Regex IdNumber();

    [GeneratedRegex(@"(?<![0-9])(1[3-9][0-9]{9})(?![0-9])")]
    private static partial Regex Mobile();

    public static string Mask(string text)
    {
        var masked = IdNumber().Replace(text, m => Masking.IdNumber(m.Value)!);
        return Mobile().Replace(masked, m => Masking.Phone(m.Value)!);
    }
}
