using Mediation.Api.Infrastructure.PersonalData;

namespace Mediation.Api.Tests.PersonalData;

// Check characters of the vectors below were computed independently (Python) from the GB 32100 formula.
public class CreditCodeTests
{
    [Theory]
    [InlineData("91350100M000100Y43")] // widely published sample
    [InlineData("91110108MA01KPRT5E")]
    [InlineData("12100000400012345P")]
    [InlineData("52370100MJD60421XH")]
    [InlineData("31440300MA5FUQ7Y0J")]
    [InlineData("91370100MA3C00000E")]
    public void WellFormedCreditCodeWithCorrectCheckCharacterIsAccepted(string code) =>
        ChineseIdentifiers.IsValidCreditCode(code).Should().BeTrue();

    [Fact]
    public void LowerCaseAndSurroundingSpacesAreNormalizedAway()
    {
        ChineseIdentifiers.IsValidCreditCode(" 91350100m000100y43 ").Should().BeTrue();
        ChineseIdentifiers.NormalizeCreditCode(" 91350100m000100y43 ").Should().Be("91350100M000100Y43");
    }

    [Theory]
    [InlineData("91350100M000100Y44")]
    [InlineData("91110108MA01KPRT5F")]
    public void CreditCodeWithWrongCheckCharacterIsRejected(string code) =>
        ChineseIdentifiers.IsValidCreditCode(code).Should().BeFalse();

    [Fact]
    public void ChangingAnySingleCharacterOfAValidCreditCodeMakesItInvalid()
    {
        const string valid = "91350100M000100Y43";
        foreach (var i in Enumerable.Range(0, 18))
        foreach (var c in "0123456789ABCDEFGHJKLMNPQRTUWXY")
        {
            if (c == valid[i])
                continue;
            var changed = valid[..i] + c + valid[(i + 1)..];
            ChineseIdentifiers.IsValidCreditCode(changed).Should().BeFalse(because: $"{changed} differs at {i}");
        }
    }

    [Theory]
    [InlineData("91350100M000100I43")] // I is not in the alphabet
    [InlineData("91350100M000100O43")]
    [InlineData("91350100M000100Z43")]
    [InlineData("91350100M000100S43")]
    [InlineData("91350100M000100V43")]
    public void CreditCodeContainingAForbiddenLetterIsRejected(string code) =>
        ChineseIdentifiers.IsValidCreditCode(code).Should().BeFalse();

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("91350100M000100Y4")]
    [InlineData("91350100M000100Y433")]
    [InlineData("91350100-M000100Y43")]
    public void CreditCodeOfTheWrongShapeIsRejected(string? code) =>
        ChineseIdentifiers.IsValidCreditCode(code).Should().BeFalse();
}
