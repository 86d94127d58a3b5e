using System.Text.Json;
using System.Text.RegularExpressions;

namespace Mediation.Api.Infrastructure.Errors;

/// <summary>
/// What the framework's binding failures (a body that does not fit the request type, a query value that does not parse)
/// mean to the client: a Chinese detail and, where one field is to blame, an `errors` entry keyed by its path
/// ("typeCode", "respondents[0].birthDate", "limit"), as validation errors are.
/// </summary>
public static partial class BindingErrors
{
    public sealed record Description(string Detail, Dictionary<string, string[]>? Errors);

    /// <param name="bodyType">The endpoint's request body type: the path is followed through it to the type the value should have had.</param>
    public static Description Describe(BadHttpRequestException bad, Type? bodyType)
    {
        if (bad.InnerException is JsonException json)
        {
            var field = FieldOf(json.Path);
            var expected = TypeAt(bodyType, field);
            var message = expected is null ? "格式不正确" : Expectation(expected);
            if (field is null)
                return new(
                    expected is null ? "请求内容不是有效的 JSON。" : $"请求内容无法解析：请求内容{message}。",
                    null
                );
            return new($"请求内容无法解析：字段 {field} 的值{message}。", new() { [field] = [message] });
        }

        if (ParameterPattern().Match(bad.Message) is { Success: true } parameter)
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(parameter.Groups["name"].Value);
            var type = parameter.Groups["type"].Value;
            if (bad.Message.StartsWith("Failed to bind", StringComparison.Ordinal))
            {
                var message = Expectation(type);
                return new($"参数 {name} 的值{message}。", new() { [name] = [message] });
            }
            if (bad.Message.Contains("from header", StringComparison.OrdinalIgnoreCase))
                return new("缺少必需的请求头或请求头格式不正确。", new() { [name] = ["缺少必需的请求头"] });
            if (
                bad.Message.Contains("from query", StringComparison.OrdinalIgnoreCase)
                || bad.Message.Contains("from route", StringComparison.OrdinalIgnoreCase)
            )
                return new($"缺少参数 {name}。", new() { [name] = ["缺少此参数"] });
        }

        return new(
            bad.Message switch
            {
                var m when m.Contains("header", StringComparison.OrdinalIgnoreCase) =>
                    "缺少必需的请求头或请求头格式不正确。",
                var m when m.Contains("body", StringComparison.OrdinalIgnoreCase) =>
                    "缺少请求内容，或请求内容格式不正确。",
                _ => "请求参数格式不正确。",
            },
            null
        );
    }

    /// <summary>"$.respondents[0].phone" → "respondents[0].phone"; the root ("$") names no field.</summary>
    private static string? FieldOf(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
            return null;
        var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        return field.Length == 0 ? null : field;
    }

    /// <summary>The type of the member at the path ("respondents[0].kind" in CreateDisputeRequest → PartyKind?), or
    /// null.</summary>
    private static Type? TypeAt(Type? root, string? field)
    {
        if (root is null)
            return null;
        var type = root;
        if (field is null)
            return type;
        foreach (Match segment in SegmentPattern().Matches(field))
        {
            type = Nullable.GetUnderlyingType(type) ?? type;
            if (segment.Groups["index"].Success)
            {
                type = ElementType(type);
            }
            else
            {
                var name = segment.Groups["name"].Success
                    ? segment.Groups["name"].Value
                    : segment.Groups["quoted"].Value;
                if (DictionaryValueType(type) is { } value)
                {
                    type = value;
                    continue;
                }
                var property = type.GetProperties()
                    .FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
                type = property?.PropertyType;
            }
            if (type is null)
                return null;
        }
        return type;
    }

    private static Type? ElementType(Type type) =>
        type.IsArray
            ? type.GetElementType()
            : type.GetInterfaces()
                .Append(type)
                .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))
                ?.GetGenericArguments()[0];

    private static Type? DictionaryValueType(Type type) =>
        type.GetInterfaces()
            .Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>))
            ?.GetGenericArguments()[1];

    private static string Expectation(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum)
            return $"取值无效，可选：{string.Join("、", Enum.GetNames(type))}";
        if (type != typeof(string) && DictionaryValueType(type) is not null)
            return "应为对象（键值对）";
        if (type != typeof(string) && ElementType(type) is not null)
            return "应为列表（数组）";
        return Expectation(type.FullName ?? type.Name);
    }

    /// <summary>What a value of the type looks like, in Chinese ("应为日期，格式 YYYY-MM-DD").</summary>
    internal static string Expectation(string typeName)
    {
        var name = Unwrap(typeName);
        return name switch
        {
            "System.Guid" or "Guid" => "应为编号（GUID，如 3fa85f64-5717-4562-b3fc-2c963f66afa6）",
            "System.DateOnly" or "DateOnly" => "应为日期，格式 YYYY-MM-DD",
            "System.DateTime" or "DateTime" or "System.DateTimeOffset" or "DateTimeOffset" =>
                "应为时间，格式如 2026-12-10T10:00:00+08:00（不带时区的时间按北京时间理解）",
            "System.TimeOnly" or "TimeOnly" => "应为时刻，格式 HH:mm:ss",
            "System.TimeSpan" or "TimeSpan" => "应为时长，格式如 01:30:00",
            "System.Int16"
            or "System.Int32"
            or "System.Int64"
            or "System.Byte"
            or "System.UInt16"
            or "System.UInt32"
            or "System.UInt64"
            or "short"
            or "int"
            or "long"
            or "byte"
            or "ushort"
            or "uint"
            or "ulong" => "应为整数",
            "System.Decimal" or "System.Double" or "System.Single" or "decimal" or "double" or "float" => "应为数字",
            "System.Boolean" or "bool" => "应为 true 或 false",
            "System.String" or "string" => "应为文本",
            _ when EnumType(name) is { } e => $"取值无效，可选：{string.Join("、", Enum.GetNames(e))}",
            _ when name.Contains("List`1")
                    || name.Contains("[]")
                    || name.Contains("IEnumerable")
                    || name.Contains("Collection") => "应为列表（数组）",
            _ when name.Contains("Dictionary") => "应为对象（键值对）",
            _ when name.StartsWith("Mediation.", StringComparison.Ordinal) => "应为对象",
            _ => "格式不正确",
        };
    }

    /// <summary>"Nullable<Guid>" and "Guid?" → the underlying type's name.</summary>
    private static string Unwrap(string typeName)
    {
        var name = typeName.Trim();
        if (name.StartsWith("Nullable<", StringComparison.Ordinal) && name.EndsWith('>'))
            name = name[9..^1];
        return name.TrimEnd('?');
    }

    private static Type? EnumType(string name)
    {
        var type = typeof(BindingErrors).Assembly.GetType(name) ?? Type.GetType(name);
        if (type is null && !name.Contains('.'))
            type = typeof(BindingErrors).Assembly.GetTypes().FirstOrDefault(t => t.IsEnum && t.Name == name);
        return type is { IsEnum: true } ? type : null;
    }

    // respondents[0].kind, $['odd name']
    [GeneratedRegex(@"\[(?<index>\d+)\]|\['(?<quoted>[^']*)'\]|(?<name>[^.\[\]]+)", RegexOptions.CultureInvariant)]
    private static partial Regex SegmentPattern();

    // Failed to bind parameter "int? Limit" from "abc". / Required parameter "string IdempotencyKey" was not provided
    // from header.
    [GeneratedRegex(@"parameter ""(?<type>[^""]+?) (?<name>[\w]+)""", RegexOptions.CultureInvariant)]
    private static partial Regex ParameterPattern();
}
