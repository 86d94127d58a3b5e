using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Mediation.Api.Tests.Fakes;

/// <summary>The endpoints; each runs under the server's lock and returns the JSON to send.</summary>
public sealed partial class FakeWeChatServer
{
    private JsonObject JsCode2Session(IQueryCollection query)
    {
        if (CheckCredentials(query["appid"], query["secret"], wrongSecret: (40125, "invalid appsecret")) is { } error)
        {
            return error;
        }

        if (query["grant_type"] != "authorization_code")
        {
            return Error(40002, "invalid grant_type");
        }

        if (string.IsNullOrEmpty(query["js_code"]))
        {
            return Error(41008, "missing code");
        }

        if (!_codes.TryGetValue(query["js_code"]!, out var code) || code.OpenId is null || Expired(code))
        {
            return Error(40029, "invalid code");
        }

        if (code.Used)
        {
            return Error(40163, "code been used");
        }

        code.Used = true;

        var session = new JsonObject
        {
            ["session_key"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)),
            ["openid"] = code.OpenId,
        };
        if (code.UnionId is not null)
        {
            session["unionid"] = code.UnionId;
        }

        return session;
    }

    private JsonObject StableToken(string method, string body)
    {
        if (!HttpMethods.IsPost(method))
        {
            return Error(43002, "require POST method");
        }

        if (string.IsNullOrWhiteSpace(body))
        {
            return Error(44002, "empty post data");
        }

        JsonObject request;
        try
        {
            request = JsonNode.Parse(body) as JsonObject ?? throw new JsonException();
        }
        catch (JsonException)
        {
            return Error(47001, "data format error");
        }

        if (request["grant_type"]?.GetValue<string>() != "client_credential")
        {
            return Error(40002, "invalid grant_type");
        }

        var wrongSecret = (40001, "invalid credential, access_token is invalid or not latest");
        if (
            CheckCredentials(
                request["appid"]?.GetValue<string>(),
                request["secret"]?.GetValue<string>(),
                wrongSecret
            ) is
            { } error
        )
        {
            return error;
        }

        var now = _clock.GetUtcNow();
        if (request["force_refresh"]?.GetValue<bool>() == true && _stableToken is not null)
        {
            _stableToken.Revoked = true;
        }

        // Normal mode hands out the current token until its last 5 minutes, then a new one.
        if (_stableToken is null || _stableToken.Revoked || now >= _stableToken.ExpiresAt - TokenRenewal)
        {
            _stableToken = NewToken(now);
        }

        return new JsonObject
        {
            ["access_token"] = _stableToken.Value,
            ["expires_in"] = (int)(_stableToken.ExpiresAt - now).TotalSeconds,
        };
    }

    // Our client must never call this; it answers like WeChat so that a stray call is counted, not crashed.
    private JsonObject LegacyToken(IQueryCollection query)
    {
        var wrongSecret = (40001, "invalid credential, access_token is invalid or not latest");
        if (CheckCredentials(query["appid"], query["secret"], wrongSecret) is { } error)
        {
            return error;
        }

        var token = NewToken(_clock.GetUtcNow());
        return new JsonObject { ["access_token"] = token.Value, ["expires_in"] = (int)TokenLifetime.TotalSeconds };
    }

    private JsonObject PhoneNumber(HttpRequest request, string body)
    {
        if (!HttpMethods.IsPost(request.Method))
        {
            return Error(43002, "require POST method");
        }

        if (CheckAccessToken(request) is { } tokenError)
        {
            return tokenError;
        }

        if (string.IsNullOrWhiteSpace(body))
        {
            return Error(44002, "empty post data");
        }

        string? phoneCode;
        try
        {
            phoneCode = (JsonNode.Parse(body) as JsonObject)?["code"]?.GetValue<string>();
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return Error(47001, "data format error");
        }

        // WeChat answers 40029 for unknown, expired and reused phone codes alike.
        if (
            phoneCode is null
            || !_codes.TryGetValue(phoneCode, out var code)
            || code.PhoneNumber is null
            || code.Used
            || Expired(code)
        )
        {
            return Error(40029, "invalid code");
        }

        code.Used = true;

        return new JsonObject
        {
            ["errcode"] = 0,
            ["errmsg"] = "ok",
            ["phone_info"] = new JsonObject
            {
                ["phoneNumber"] = code.PhoneNumber,
                ["purePhoneNumber"] = code.PhoneNumber,
                ["countryCode"] = 86,
                ["watermark"] = new JsonObject
                {
                    ["timestamp"] = _clock.GetUtcNow().ToUnixTimeSeconds(),
                    ["appid"] = _appId,
                },
            },
        };
    }

    /// <summary>What every token-authorised business API checks first.</summary>
    private JsonObject? CheckAccessToken(HttpRequest request)
    {
        string? accessToken = request.Query["access_token"];
        if (string.IsNullOrEmpty(accessToken))
        {
            return Error(41001, "access_token missing");
        }

        if (!_tokens.TryGetValue(accessToken, out var token) || token.Revoked)
        {
            return Error(40001, "invalid credential, access_token is invalid or not latest");
        }

        return _clock.GetUtcNow() >= token.ExpiresAt ? Error(42001, "access_token expired") : null;
    }
}
