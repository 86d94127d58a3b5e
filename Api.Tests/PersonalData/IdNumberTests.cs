using Mediation.Api.Infrastructure.PersonalData;
using Microsoft.Extensions.Time.Testing;

namespace Mediation.Api.Tests.PersonalData;

// Check characters of the vectors below were computed independently (Python) from the GB 11643 formula.
public class IdNumberTests
{
    // 2025-06-15 12:00 UTC = 20:00 Beijing time.
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2025, 6, 15, 12, 0, 0, TimeSpan.Zero));

    [Theory]
    [InlineData("11010519491231002X")] // widely published sample
    [InlineData("371002198001011232")]
    [InlineData("320106200002290043")] // 29 Feb of a leap year
    [InlineData("440303190001010014")] // earliest accepted date
    [InlineData("430102201212310051")]
    [InlineData("210203197711048889")]
    public void WellFormedIdNumberWithCorrectCheckCharacterIsAccepted(string id) =>
        ChineseIdentifiers.IsValidIdNumber(id, Clock).Should().BeTrue();

    [Theory]
    [InlineData("11010519491231002x")]
    [InlineData("  11010519491231002X ")]
    public void LowerCaseXAndSurroundingSpacesAreNormalizedAway(string id) =>
        ChineseIdentifiers.IsValidIdNumber(id, Clock).Should().BeTrue();

    [Fact]
    public void NormalizeIdNumberTrimsAndUpperCases() =>
        ChineseIdentifiers.NormalizeIdNumber(" 11010519491231002x ").Should().Be("11010519491231002X");

    [Theory]
    [InlineData("371002198001011234")]
    [InlineData("110105194912310021")]
    public void IdNumberWithWrongCheckDigitIsRejected(string id)
    {
        ChineseIdentifiers.IsValidIdNumber(id, Clock).Should().BeFalse();
        ChineseIdentifiers.CheckIdNumber(id, Clock).Should().Be(IdNumberProblem.CheckDigit);
    }

    [Fact]
    public void ChangingAnySingleCharacterOfAValidIdNumberMakesItInvalid()
    {
        const string valid = "371002198001011232";
        for (var i = 0; i < 18; i++)
            foreach (var c in "0123456789X")
            {
                if (c == valid[i])
                    continue;
                var changed = valid[..i] + c + valid[(i + 1)..];
                ChineseIdentifiers
                    .IsValidIdNumber(changed, Clock)
                    .Should()
                    .BeFalse(because: $"{changed} differs at {i}");
            }
    }

    [Theory]
    [InlineData("110105198002300031")] // 30 Feb, check character otherwise correct
    [InlineData("510107190002290022")] // 1900 was not a leap year
    [InlineData("44030318991231001X")] // before 1900
    [InlineData("310115202506160019")] // tomorrow
    public void IdNumberWithImpossibleBirthDateIsRejectedForTheDate(string id)
    {
        ChineseIdentifiers.IsValidIdNumber(id, Clock).Should().BeFalse();
        ChineseIdentifiers.CheckIdNumber(id, Clock).Should().Be(IdNumberProblem.BirthDate);
    }

    [Fact]
    public void BirthTodayInBeijingIsAcceptedEvenWhileUtcIsStillYesterday()
    {
        var justAfterMidnightBeijing = new FakeTimeProvider(new DateTimeOffset(2025, 6, 14, 16, 30, 0, TimeSpan.Zero));
        ChineseIdentifiers.IsValidIdNumber("310115202506150021", justAfterMidnightBeijing).Should().BeTrue();
        ChineseIdentifiers.IsValidIdNumber("310115202506160019", justAfterMidnightBeijing).Should().BeFalse();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("11010519491231002")] // 17 characters
    [InlineData("11010519491231002X1")] // 19 characters
    [InlineData("1101051949123100X2")] // X not last
    [InlineData("11010519491231002Y")]
    [InlineData("110105 19491231002X")]
    [InlineData("１１０１０５１９４９１２３１００２Ｘ")] // full-width digits
    [InlineData("110105194912٣1002X")] // Arabic-Indic digit
    [InlineData("110105491231002")] // old 15-digit format
    public void IdNumberThatIsNotSeventeenDigitsAndACheckCharacterIsRejectedAsMalformed(string? id) =>
        ChineseIdentifiers.CheckIdNumber(id, Clock).Should().Be(IdNumberProblem.Format);

    [Fact]
    public void BirthDateIsReadFromAValidIdNumber() =>
        ChineseIdentifiers.BirthDateFromIdNumber("11010519491231002X", Clock).Should().Be(new DateOnly(1949, 12, 31));

    [Theory]
    [InlineData("11010519491231002X", "Female")] // 17th digit 2
    [InlineData("210203197711048889", "Female")] // 17th digit 8
    [InlineData("440303190001010014", "Male")] // 17th digit 1
    [InlineData("430102201212310051", "Male")] // 17th digit 5
    public void GenderFollowsTheParityOfTheSeventeenthDigit(string id, string gender) =>
        ChineseIdentifiers.GenderFromIdNumber(id, Clock).Should().Be(gender);

    [Theory]
    [InlineData(null)]
    [InlineData("110105194912310021")]
    [InlineData("110105198002300031")]
    public void BirthDateAndGenderAreNullForAnInvalidIdNumber(string? id)
    {
        ChineseIdentifiers.BirthDateFromIdNumber(id, Clock).Should().BeNull();
        ChineseIdentifiers.GenderFromIdNumber(id, Clock).Should().BeNull();
    }
}
