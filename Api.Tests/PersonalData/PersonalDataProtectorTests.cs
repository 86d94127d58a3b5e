using System.Security.Cryptography;
using Mediation.Api.Infrastructure.PersonalData;

namespace Mediation.Api.Tests.PersonalData;

public sealed class PersonalDataProtectorTests
{
    private readonly PersonalDataProtector protector = new(
        RandomNumberGenerator.GetBytes(32),
        RandomNumberGenerator.GetBytes(32)
    );

    [Fact]
    public void ProtectedValuesRoundTripAndDifferEachTime()
    {
        var first = protector.Protect("371081198005011235");
        var second = protector.Protect("371081198005011235");

        first.Should().NotBe(second, "a fresh nonce is used for every value");
        protector.Unprotect(first).Should().Be("371081198005011235");
        protector.Unprotect(second).Should().Be("371081198005011235");
    }

    [Fact]
    public void ATamperedCiphertextIsRejected()
    {
        var value = protector.Protect("13800138000");
        var bytes = Convert.FromBase64String(value[2..]);
        bytes[^1] ^= 1;

        var act = () => protector.Unprotect("1:" + Convert.ToBase64String(bytes));

        act.Should().Throw<CryptographicException>();
    }

    [Fact]
    public void TheKeyedHashIgnoresCaseAndSpacesButNotTheKey()
    {
        protector.Hash(" 11010519491231002x ").Should().Be(protector.Hash("11010519491231002X"));
        var other = new PersonalDataProtector(RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32));
        other.Hash("11010519491231002X").Should().NotBe(protector.Hash("11010519491231002X"));
    }
}
