using Mediation.Api.Infrastructure.PersonalData;

namespace Mediation.Api.Tests.PersonalData;

public class MaskingTests
{
    [Theory]
    [InlineData("371002198001011232", "3710**********1232")]
    [InlineData("11010519491231002X", "1101**********002X")]
    [InlineData("123456789", "1234*6789")]
    [InlineData("12345678", "*******8")] // too short to keep both ends
    [InlineData("1234", "***4")]
    [InlineData("", "")]
    public void IdNumberKeepsTheFirstFourAndLastFourCharacters(string id, string masked) =>
        Masking.IdNumber(id).Should().Be(masked);

    [Theory]
    [InlineData("13800138000", "138****8000")]
    [InlineData(" 13800138000 ", "138****8000")]
    [InlineData("1380013", "******3")]
    public void PhoneKeepsTheFirstThreeAndLastFourDigits(string phone, string masked) =>
        Masking.Phone(phone).Should().Be(masked);

    [Theory]
    [InlineData("0631-8451234", "0631-***1234")]
    [InlineData("010-12345678-123", "010-****5678-123")]
    [InlineData("400-123-4567", "400-***4567")]
    public void AFixedLineKeepsItsAreaCodeTheLastFourDigitsAndTheExtension(string phone, string masked) =>
        Masking.Phone(phone).Should().Be(masked);

    [Theory]
    [InlineData("山东省威海市文登区米山镇某村12号", "山东省威海市****")]
    [InlineData("黑龙江省鹤岗市", "黑龙江省鹤岗****")]
    [InlineData("鹤岗市某路", "鹤岗****")] // 6 or fewer: only the first half
    [InlineData("", "")]
    public void AddressKeepsTheFirstSixCharactersThenFourStars(string address, string masked) =>
        Masking.Address(address).Should().Be(masked);

    [Fact]
    public void AddressDoesNotSplitARareCharacterOutsideTheBasicPlane()
    {
        const string rare = "𠙶"; // U+20676, two UTF-16 code units
        Masking
            .Address($"{rare}{rare}{rare}{rare}{rare}{rare}村一组")
            .Should()
            .Be($"{rare}{rare}{rare}{rare}{rare}{rare}****");
    }

    [Fact]
    public void NullStaysNull()
    {
        Masking.IdNumber(null).Should().BeNull();
        Masking.Phone(null).Should().BeNull();
        Masking.Address(null).Should().BeNull();
    }
}
