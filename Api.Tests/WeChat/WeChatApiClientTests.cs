using System.Net.Http.Headers;
using System.Text;
using Mediation.Api.Tests.Fakes;
using Mediation.Api.WeChat;
using Microsoft.Extensions.Options;

namespace Mediation.Api.Tests.WeChat;

/// <summary>How the client reads WeChat's answers, byte for byte.</summary>
public sealed class WeChatApiClientTests
{
    [Fact]
    public async Task FakeAnswersLikeWeChatOnTheWire()
    {
        await using var fake = await FakeWeChatServer.StartAsync("wx-app", "s3cret");
        using var http = new HttpClient();
        var code = fake.IssueLoginCode("o-alice");

        using var ok = await http.GetAsync(
            $"{fake.BaseUrl}/sns/jscode2session?appid=wx-app&secret=s3cret&js_code={code}&grant_type=authorization_code"
        );
        using var reused = await http.GetAsync(
            $"{fake.BaseUrl}/sns/jscode2session?appid=wx-app&secret=s3cret&js_code={code}&grant_type=authorization_code"
        );

        ok.StatusCode.Should().Be(HttpStatusCode.OK);
        ok.Content.Headers.ContentType!.ToString().Should().Be("application/json; encoding=utf-8");
        var okBody = await ok.Content.ReadAsStringAsync();
        okBody.Should().Contain("\"openid\":\"o-alice\"").And.Contain("\"session_key\"").And.NotContain("errcode");
        reused.StatusCode.Should().Be(HttpStatusCode.OK);
        (await reused.Content.ReadAsStringAsync())
            .Should()
            .MatchRegex(
                "^\\{\"errcode\":40163,\"errmsg\":\"code been used rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}\"\\}$"
            );
    }

    [Fact]
    public async Task MissingErrcodeReadsAsSuccess()
    {
        var response = await ClientAnswering("{\"access_token\":\"T\",\"expires_in\":7200}")
            .ExecuteCgibinStableTokenAsync(new CgibinStableTokenRequest(), default);

        response.ErrorCode.Should().Be(0);
        response.IsSuccessful().Should().BeTrue();
        response.AccessToken.Should().Be("T");
        response.ExpiresIn.Should().Be(7200);
    }

    [Theory]
    [InlineData("86")]
    [InlineData("\"86\"")]
    public async Task CountryCodeIsAcceptedAsNumberOrString(string countryCode)
    {
        var body =
            "{\"errcode\":0,\"errmsg\":\"ok\",\"phone_info\":{\"phoneNumber\":\"13800138000\","
            + "\"purePhoneNumber\":\"13800138000\",\"countryCode\":"
            + countryCode
            + ",\"watermark\":{\"timestamp\":1637744274,\"appid\":\"wx-app\"}}}";

        var response = await ClientAnswering(body)
            .ExecuteWxaBusinessGetUserPhoneNumberAsync(
                new WxaBusinessGetUserPhoneNumberRequest { Code = "c", AccessToken = "T" },
                default
            );

        response.IsSuccessful().Should().BeTrue();
        response.Phone!.CountryCode.Should().Be("86");
        response.Phone.Watermark!.AppId.Should().Be("wx-app");
    }

    [Fact]
    public async Task BodyIsDecodedAsUtf8WhateverTheContentTypeClaims()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }
            .Concat(Encoding.UTF8.GetBytes("{\"errcode\":-1,\"errmsg\":\"系统繁忙\"}"))
            .ToArray();

        var response = await ClientAnswering(bytes, "application/json; charset=iso-8859-1")
            .ExecuteSnsJsCode2SessionAsync(new SnsJsCode2SessionRequest { JsCode = "c" }, default);

        response.ErrorCode.Should().Be(-1);
        response.ErrorMessage.Should().Be("系统繁忙");
    }

    [Fact]
    public async Task HtmlWithStatus200IsATransportFailure()
    {
        var act = () =>
            ClientAnswering("<html>502 Bad Gateway</html>", "text/html")
                .ExecuteSnsJsCode2SessionAsync(new SnsJsCode2SessionRequest { JsCode = "c" }, default);

        (await act.Should().ThrowAsync<WeChatTransportException>()).Which.Path.Should().Be("sns/jscode2session");
    }

    [Fact]
    public async Task RequestsCarryCredentialsAndTokenWhereWeChatExpectsThem()
    {
        var handler = new StubHandler("{}");
        var client = new WeChatApiClient(
            new HttpClient(handler),
            Options.Create(
                new WeChatOptions
                {
                    AppId = "wx-app",
                    AppSecret = "s/3+cret",
                    BaseUrl = "https://gateway.example/wechat",
                }
            )
        );

        await client.ExecuteSnsJsCode2SessionAsync(new SnsJsCode2SessionRequest { JsCode = "c0de" }, default);
        await client.ExecuteCgibinStableTokenAsync(new CgibinStableTokenRequest { ForceRefresh = true }, default);
        await client.ExecuteWxaBusinessGetUserPhoneNumberAsync(
            new WxaBusinessGetUserPhoneNumberRequest { Code = "p", AccessToken = "T&1" },
            default
        );

        handler
            .Requests.Select(r => r.Uri)
            .Should()
            .Equal(
                "https://gateway.example/wechat/sns/jscode2session?appid=wx-app&secret=s%2F3%2Bcret&js_code=c0de&grant_type=authorization_code",
                "https://gateway.example/wechat/cgi-bin/stable_token",
                "https://gateway.example/wechat/wxa/business/getuserphonenumber?access_token=T%261"
            );
        handler
            .Requests[1]
            .Body.Should()
            .Be(
                "{\"grant_type\":\"client_credential\",\"appid\":\"wx-app\",\"secret\":\"s/3+cret\",\"force_refresh\":true}"
            );
        handler.Requests[2].Body.Should().Be("{\"code\":\"p\"}");
    }

    private static WeChatApiClient ClientAnswering(
        string body,
        string contentType = "application/json; encoding=utf-8"
    ) => ClientAnswering(Encoding.UTF8.GetBytes(body), contentType);

    private static WeChatApiClient ClientAnswering(byte[] body, string contentType) =>
        new(
            new HttpClient(new StubHandler(body, contentType)),
            Options.Create(new WeChatOptions { AppId = "wx-app", AppSecret = "s3cret" })
        );

    private sealed class StubHandler(byte[] body, string contentType) : HttpMessageHandler
    {
        public StubHandler(string body)
            : this(Encoding.UTF8.GetBytes(body), "application/json; encoding=utf-8") { }

        public List<(string Uri, string? Body)> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var sent = request.Content is null ? null : await request.Content.ReadAsStringAsync(ct);
            Requests.Add((request.RequestUri!.AbsoluteUri, sent));
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        }
    }
}
