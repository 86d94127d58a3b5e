using Xunit;
using FluentAssertions;
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
    [InlineData("12800138000")]    // second digit 2
    [InlineData("23800138000")]    // does not start with 1
    [InlineData("1380013800")]     // 10 digits
    [InlineData("138001380001")]   // 12 digits
    [InlineData("+8613800138000")]
    [InlineData("138-0013-8000")]
    [InlineData("1380013800a")]
    [InlineData("１３８００１３８０００")] // full-width digits
    [InlineData("13800138000\n1")]
    public void AnythingElseIsRejectedAsAMobileNumber(string? phone) =>
        ChineseIdentifiers.IsValidMainlandMobile(phone).Should().BeFalse();
}
