using Mediation.Api.Disputes;

namespace Mediation.Api.Tests.Disputes;

public sealed class DisputeStateMachineTests
{
    private static readonly DateTime Now = new(2026, 11, 25, 8, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(DisputeStatus.Submitted, DisputeStatus.Accepted)]
    [InlineData(DisputeStatus.Submitted, DisputeStatus.NeedsCorrection)]
    [InlineData(DisputeStatus.NeedsCorrection, DisputeStatus.Submitted)]
    [InlineData(DisputeStatus.NeedsCorrection, DisputeStatus.Lapsed)]
    [InlineData(DisputeStatus.MediatorAssigned, DisputeStatus.InMediation)]
    [InlineData(DisputeStatus.InMediation, DisputeStatus.Withdrawn)]
    [InlineData(DisputeStatus.Agreed, DisputeStatus.Performing)]
    [InlineData(DisputeStatus.Fulfilled, DisputeStatus.Closed)]
    [InlineData(DisputeStatus.Failed, DisputeStatus.Transferred)]
    public void AnAllowedMoveChangesTheStatusAndWritesHistory(DisputeStatus from, DisputeStatus to)
    {
        var dispute = new Dispute
        {
            ApplicationNumber = "SQ20261202-00000001",
            TypeCode = "other",
            Facts = "f",
            Claims = "c",
            Status = from,
            Version = 3,
        };

        DisputeStateMachine.TryMove(dispute, to, "staff", Guid.NewGuid(), "理由", Now).Should().BeTrue();

        dispute.Status.Should().Be(to);
        dispute.Version.Should().Be(4);
        dispute.UpdatedAt.Should().Be(Now);
        var change = dispute.StatusHistory.Should().ContainSingle().Subject;
        (change.From, change.To, change.Reason).Should().Be((from, to, "理由"));
    }

    [Theory]
    [InlineData(DisputeStatus.Agreed, DisputeStatus.Withdrawn)]
    [InlineData(DisputeStatus.Performing, DisputeStatus.Withdrawn)]
    [InlineData(DisputeStatus.Withdrawn, DisputeStatus.Submitted)]
    [InlineData(DisputeStatus.Rejected, DisputeStatus.Accepted)]
    [InlineData(DisputeStatus.Closed, DisputeStatus.InMediation)]
    [InlineData(DisputeStatus.Submitted, DisputeStatus.Agreed)]
    [InlineData(DisputeStatus.Lapsed, DisputeStatus.Submitted)]
    public void AForbiddenMoveChangesNothing(DisputeStatus from, DisputeStatus to)
    {
        var dispute = new Dispute
        {
            ApplicationNumber = "SQ20261202-00000001",
            TypeCode = "other",
            Facts = "f",
            Claims = "c",
            Status = from,
            Version = 3,
        };

        DisputeStateMachine.TryMove(dispute, to, "citizen", null, null, Now).Should().BeFalse();

        dispute.Status.Should().Be(from);
        dispute.Version.Should().Be(3);
        dispute.StatusHistory.Should().BeEmpty();
    }

    [Fact]
    public void EveryStatusHasAChineseDisplayName() =>
        Enum.GetValues<DisputeStatus>()
            .Should()
            .OnlyContain(s => DisputeStateMachine.DisplayName(s).Any(c => c >= '\u4e00' && c <= '\u9fff'));

    [Fact]
    public void TerminalStatusesLeadNowhere() =>
        new[] { DisputeStatus.Rejected, DisputeStatus.Lapsed, DisputeStatus.Withdrawn, DisputeStatus.Closed }
            .Should()
            .OnlyContain(from => Enum.GetValues<DisputeStatus>().All(to => !DisputeStateMachine.CanMove(from, to)));

    [Fact]
    public void CaseNumbersUseTheYearInChinaNotInUtc()
    {
        // 2026-12-31 17:00 UTC is already 2027-01-01 01:00 in Beijing.
        CaseNumbers.YearInChina(new DateTime(2026, 12, 31, 17, 0, 0, DateTimeKind.Utc)).Should().Be(2027);
        CaseNumbers.Format("WD-ZJC", 2027, 42).Should().Be("WD-ZJC-2027-00042");
    }
}
