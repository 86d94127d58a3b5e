using System.Text.Json.Nodes;
using Mediation.Api.Disputes;

namespace Mediation.Api.Tests.Disputes;

/// <summary>Bad applications get 400 problem+json naming each bad field in Chinese. Validation needs no second
/// provider.</summary>
public sealed class ValidationTests(ApiHost<SqliteDatabase> api) : IClassFixture<ApiHost<SqliteDatabase>>
{
    public static TheoryData<string, string, string> BadApplications =>
        new()
        {
            // mutation, field reported, words in the message
            { "applicant.idNumber=371081198005011236", "applicant.idNumber", "校验位" },
            { "applicant.idNumber=371081198002301233", "applicant.idNumber", "出生日期" },
            { "respondents[1].creditCode=91371081MA3C12345X", "respondents[1].creditCode", "统一社会信用代码" },
            { "respondents[0].phone=1390013900", "respondents[0].phone", "手机号码" },
            { "applicant.phone=23800138000", "applicant.phone", "手机号码" },
            { "applicant.phone=0631-8451234", "applicant.phone", "手机号码" },
            { "respondents[1].phone=0631-845", "respondents[1].phone", "固定电话" },
            { "creditCommitment=null", "creditCommitment", "信用承诺书" },
            { "creditCommitment.signed=false", "creditCommitment.signed", "信用承诺书" },
            { "creditCommitment.sha256=0000", "creditCommitment", "已更新" },
            { "rightsNotice.acknowledged=false", "rightsNotice.acknowledged", "权利义务告知书" },
            { "typeCode=not-a-type", "typeCode", "纠纷类型" },
            { "typeCode=null", "typeCode", "请选择纠纷类型" },
            { "facts=短", "facts", "纠纷简要情况" },
            { "respondents=[]", "respondents", "被申请人" },
            { "amountFen=-1", "amountFen", "金额" },
            { "applicant.gender=Female", "applicant.gender", "性别" },
            { "bodyId=null", "bodyId", "调解组织" },
            { "preferredMode=null", "preferredMode", "调解方式" },
            { "applicant.name=张\u0000三", "applicant.name", "控制字符" },
            { "respondents[0].name=李四\n王五", "respondents[0].name", "控制字符" },
            { "facts=邻居堆放杂物\u001b[2J多次协商未果", "facts", "控制字符" },
            { "claims=请求清除杂物\u202e", "claims", "方向控制符" },
        };

    [Theory]
    [MemberData(nameof(BadApplications))]
    public async Task AnInvalidApplicationIsRefusedNamingTheFieldInChinese(string mutation, string field, string words)
    {
        var citizen = await api.CitizenAsync("val-" + Guid.NewGuid());
        var application = await Applications.ValidAsync(citizen);
        Apply(application, mutation);

        var response = await citizen.FileAsync(application);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await response.JsonAsync();
        problem.GetProperty("title").GetString().Should().Be("提交的内容有误，请检查标出的字段");
        var errors = problem.GetProperty("errors");
        errors.TryGetProperty(field, out var messages).Should().BeTrue($"errors were {errors}");
        messages[0].GetString().Should().Contain(words);
    }

    [Fact]
    public async Task LongFreeTextMayHaveLineBreaksAndTabs()
    {
        var citizen = await api.CitizenAsync("val-lines-" + Guid.NewGuid());
        var application = await Applications.ValidAsync(citizen);
        application["facts"] = "第一，邻居在通道上堆放杂物；\r\n第二，多次协商未果。\t（附照片）";
        application["claims"] = "1. 清除杂物\n2. 恢复通行";

        await citizen.FileOkAsync(application);
    }

    [Fact]
    public async Task SeveralBadFieldsAreAllReportedAtOnce()
    {
        var citizen = await api.CitizenAsync("val2-" + Guid.NewGuid());
        var application = await Applications.ValidAsync(citizen);
        Apply(application, "applicant.idNumber=371081198005011236");
        Apply(application, "respondents[0].phone=123");
        Apply(application, "creditCommitment=null");

        var problem = await (await citizen.FileAsync(application)).JsonAsync();

        problem
            .GetProperty("errors")
            .EnumerateObject()
            .Select(p => p.Name)
            .Should()
            .Contain(["applicant.idNumber", "respondents[0].phone", "creditCommitment"]);
    }

    [Fact]
    public async Task ARefusedApplicationStoresNothing()
    {
        var citizen = await api.CitizenAsync("val3-" + Guid.NewGuid());
        var application = await Applications.ValidAsync(citizen);
        Apply(application, "applicant.idNumber=371081198005011236");
        var before = api.WithDb(db => db.Disputes.Count());

        (await citizen.FileAsync(application, "k-refused")).StatusCode.Should().Be(HttpStatusCode.BadRequest);

        api.WithDb(db => db.Disputes.Count()).Should().Be(before);
        api.WithDb(db => db.IdempotencyRecords.Any(r => r.Key == "k-refused")).Should().BeFalse();
    }

    private static void Apply(JsonObject application, string mutation)
    {
        var (path, raw) = (mutation[..mutation.IndexOf('=')], mutation[(mutation.IndexOf('=') + 1)..]);
        var segments = path.Split('.');
        JsonNode target = application;
        foreach (var segment in segments[..^1])
            target = Step(target, segment)!;
        var last = segments[^1];
        JsonNode? value = raw switch
        {
            "null" => null,
            "true" => true,
            "false" => false,
            "[]" => new JsonArray(),
            _ when last == "amountFen" => long.Parse(raw),
            _ => raw,
        };
        if (last.EndsWith(']'))
            throw new NotSupportedException(last);
        target.AsObject()[last] = value;
    }

    private static JsonNode? Step(JsonNode node, string segment)
    {
        var bracket = segment.IndexOf('[');
        if (bracket < 0)
            return node[segment];
        var index = int.Parse(segment[(bracket + 1)..^1]);
        return node[segment[..bracket]]![index];
    }
}
