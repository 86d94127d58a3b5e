using Mediation.Api.Infrastructure.PersonalData;

namespace Mediation.Api.Tests.PersonalData;

public class MobileNumberTests
{
    [Theory]
    [InlineData("13800138000")]
    [InlineData("19912345678")]
    [InlineData("15012345678")]
    [InlineData(" 13800138000 ")]
    public void ElevenDigitNumberStartingWithOneThreeToNineIsAccepted(string phone) =>
        ChineseIdentifiers.IsValidMainlandMobile(phone).Should().BeTrue();

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("12800138000")] // second digit 2
    [InlineData("23800138000")] // does not start with 1
    [InlineData("1380013800")] // 10 digits
    [InlineData("138001380001")] // 12 digits
    [InlineData("+8613800138000")]
    [InlineData("138-0013-8000")]
    [InlineData("1380013800a")]
    [InlineData("１３８００１３８０００")] // full-width digits
    [InlineData("13800138000\n1")]
    public void AnythingElseIsRejectedAsAMobileNumber(string? phone) =>
        ChineseIdentifiers.IsValidMainlandMobile(phone).Should().BeFalse();

    [Theory]
    [InlineData("0631-8451234")]
    [InlineData("010-12345678")]
    [InlineData("010-12345678-123")]
    [InlineData("021-6123456")]
    [InlineData("400-123-4567")]
    [InlineData("4001234567")]
    public void AFixedLineWithItsAreaCodeIsALandline(string phone) =>
        ChineseIdentifiers.IsValidLandline(phone).Should().BeTrue();

    [Theory]
    [InlineData(null)]
    [InlineData("8451234")] // no area code
    [InlineData("06318451234")] // no dash between area code and number
    [InlineData("0631-0451234")] // a local number never starts with 0
    [InlineData("0631-845123")] // 6 digits
    [InlineData("0631-8451234-1234567")] // extension of 7 digits
    [InlineData("13800138000")] // a mobile
    [InlineData("0631-845\n1234")]
    public void AnythingElseIsNotALandline(string? phone) =>
        ChineseIdentifiers.IsValidLandline(phone).Should().BeFalse();
}
