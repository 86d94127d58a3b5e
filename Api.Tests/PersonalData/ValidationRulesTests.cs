using FluentValidation;
using Mediation.Api.Infrastructure.PersonalData;
using Microsoft.Extensions.Time.Testing;

namespace Mediation.Api.Tests.PersonalData;

public class ValidationRulesTests
{
    private sealed record Party(string? IdNumber, string? CreditCode, string? Phone);

    private sealed class PartyValidator : AbstractValidator<Party>
    {
        public PartyValidator(TimeProvider clock)
        {
            RuleFor(p => p.IdNumber).ChineseIdNumber(clock);
            RuleFor(p => p.CreditCode).UnifiedSocialCreditCode();
            RuleFor(p => p.Phone).MainlandMobile();
        }
    }

    private static readonly PartyValidator Validator = new(
        new FakeTimeProvider(new DateTimeOffset(2025, 6, 15, 12, 0, 0, TimeSpan.Zero))
    );

    private static IEnumerable<string> Messages(Party p) => Validator.Validate(p).Errors.Select(e => e.ErrorMessage);

    [Fact]
    public void ValidPartyHasNoErrors() =>
        Validator
            .Validate(new Party("11010519491231002X", "91350100M000100Y43", "13800138000"))
            .IsValid.Should()
            .BeTrue();

    [Fact]
    public void MissingValuesAreLeftToNotEmpty() =>
        Validator.Validate(new Party(null, "", "  ")).IsValid.Should().BeTrue();

    [Fact]
    public void IdNumberWithWrongCheckDigitGetsTheGeneralChineseMessage() =>
        Messages(new Party("110105194912310021", null, null)).Should().Equal("身份证号码格式不正确或校验位错误");

    [Fact]
    public void MalformedIdNumberGetsTheGeneralChineseMessage() =>
        Messages(new Party("1101051949", null, null)).Should().Equal("身份证号码格式不正确或校验位错误");

    [Theory]
    [InlineData("110105198002300031")] // 30 Feb
    [InlineData("310115202506160019")] // born tomorrow
    public void IdNumberWithImpossibleBirthDateGetsOnlyTheBirthDateMessage(string id)
    {
        var errors = Validator.Validate(new Party(id, null, null)).Errors;
        errors.Select(e => e.ErrorMessage).Should().Equal("身份证号码中的出生日期无效");
        errors.Single().ErrorCode.Should().Be(ValidationRules.IdNumberBirthDateCode);
        errors
            .Single()
            .PropertyName.Should()
            .BeEquivalentTo(nameof(Party.IdNumber), "the service camel-cases names globally");
    }

    [Fact]
    public void BadCreditCodeGetsTheChineseMessage() =>
        Messages(new Party(null, "91350100M000100Y44", null)).Should().Equal("统一社会信用代码格式不正确或校验位错误");

    [Fact]
    public void BadPhoneGetsTheChineseMessage() =>
        Messages(new Party(null, null, "12800138000")).Should().Equal("手机号码格式不正确，应为11位中国大陆手机号");

    [Fact]
    public void RulesComposeWithNotEmptyForRequiredFields()
    {
        var required = new InlineValidator<Party>();
        required.RuleFor(p => p.Phone).NotEmpty().MainlandMobile();
        required.Validate(new Party(null, null, null)).IsValid.Should().BeFalse();
        required.Validate(new Party(null, null, "13800138000")).IsValid.Should().BeTrue();
    }
}
