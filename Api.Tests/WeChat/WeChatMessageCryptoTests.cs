using System.Text;
using Mediation.Api.WeChat;

namespace Mediation.Api.Tests.WeChat;

public sealed class WeChatMessageCryptoTests
{
    private const string AesKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    private const string AppId = "wx0123456789abcdef";

    [Fact]
    public void TheEchoSignatureMatchesTheOfficialDocumentsExample() =>
        WeChatMessageCrypto
            .Signature("AAAAA", "1714036504", "1514711492")
            .Should()
            .Be("f464b24fc39322e44b38aa78f5edd27bd1441696");

    [Fact]
    public void ThePlaintextPostSignatureMatchesTheOfficialDocumentsExample() =>
        WeChatMessageCrypto
            .Signature("AAAAA", "1714037059", "486452656")
            .Should()
            .Be("899cf89e464efb63f54ddac96b0a0a235f53aa78");

    [Fact]
    public void SignatureComparisonIgnoresCaseAndRejectsAnythingElse()
    {
        WeChatMessageCrypto
            .SignatureMatches("F464B24FC39322E44B38AA78F5EDD27BD1441696", "AAAAA", "1714036504", "1514711492")
            .Should()
            .BeTrue();
        WeChatMessageCrypto
            .SignatureMatches("f464b24fc39322e44b38aa78f5edd27bd1441697", "AAAAA", "1714036504", "1514711492")
            .Should()
            .BeFalse();
        WeChatMessageCrypto.SignatureMatches(null, "AAAAA", "1714036504", "1514711492").Should().BeFalse();
    }

    [Theory]
    [InlineData("{\"Event\":\"subscribe_msg_popup_event\"}")]
    [InlineData("")]
    [InlineData("调解提醒：您的调解会议将于明天上午九点开始")]
    public void AnEncryptedMessageRoundTripsAndIsPaddedToThirtyTwoBytes(string message)
    {
        var encrypted = WeChatMessageCrypto.Encrypt(AesKey, AppId, message);

        Convert.FromBase64String(encrypted).Length.Should().Be(PaddedLength(message));
        WeChatMessageCrypto.TryDecrypt(AesKey, AppId, encrypted).Should().Be(message);
    }

    [Fact]
    public void AMessageForAnotherAppIsRejected()
    {
        var encrypted = WeChatMessageCrypto.Encrypt(AesKey, "wxotherapp00000000", "{}");

        WeChatMessageCrypto.TryDecrypt(AesKey, AppId, encrypted).Should().BeNull();
    }

    [Fact]
    public void GarbageAndTamperedCiphertextAreRejectedWithoutThrowing()
    {
        var encrypted = Convert.FromBase64String(WeChatMessageCrypto.Encrypt(AesKey, AppId, "{\"a\":1}"));
        encrypted[^1] ^= 0x5a;

        WeChatMessageCrypto.TryDecrypt(AesKey, AppId, Convert.ToBase64String(encrypted)).Should().BeNull();
        WeChatMessageCrypto.TryDecrypt(AesKey, AppId, "not base64!").Should().BeNull();
        WeChatMessageCrypto.TryDecrypt(AesKey, AppId, Convert.ToBase64String(new byte[15])).Should().BeNull();
    }

    private static int PaddedLength(string message)
    {
        var length = 20 + Encoding.UTF8.GetByteCount(message) + AppId.Length;
        return length + (32 - length % 32);
    }
}
