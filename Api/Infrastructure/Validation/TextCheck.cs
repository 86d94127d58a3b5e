using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;

namespace Mediation.Api.Infrastructure.Validation;

/// <summary>
/// Every text a client sends is refused if it carries control characters (NUL, ESC, ...), Unicode direction overrides
/// or broken surrogates: they do not belong in a name or a case file, PostgreSQL refuses NUL outright, and an override
/// can make a printed name read differently from what was stored. Long free text (facts, terms, notes, reasons) may
/// contain line breaks and tabs. Runs on each validated request before its own rules, which are then not run; errors
/// are keyed like theirs.
/// </summary>
public static class TextCheck
{
    public const string SingleLineMessage = "不能包含换行、制表符等控制字符或不可见的方向控制符";
    public const string MultilineMessage = "不能包含控制字符或不可见的方向控制符（换行和制表符除外）";

    /// <summary>Free text written over several lines: the fields of these names may contain \n, \r and \t.</summary>
    private static readonly HashSet<string> Multiline = new(StringComparer.OrdinalIgnoreCase)
    {
        "Facts",
        "Claims",
        "Responsibilities",
        "Terms",
        "Text",
        "Note",
        "Notes",
        "Reason",
        "Comment",
        "Description",
        "RemainingRisk",
        "Minutes",
        "DecisionReason",
        "Items",
        "Introduction",
        "Summary",
    };

    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Properties = new();

    public static Dictionary<string, string[]> Check(object argument)
    {
        var errors = new Dictionary<string, string[]>();
        Walk(argument, "", multiline: false, errors, depth: 0);
        return errors;
    }

    private static void Walk(object? value, string path, bool multiline, Dictionary<string, string[]> errors, int depth)
    {
        if (value is null || depth > 8)
            return;
        switch (value)
        {
            case string text:
                if (!IsClean(text, multiline))
                    errors[path] = [multiline ? MultilineMessage : SingleLineMessage];
                return;
            case IDictionary dictionary:
                foreach (DictionaryEntry entry in dictionary)
                {
                    var key = entry.Key as string ?? entry.Key.ToString() ?? "";
                    var at = Join(path, key);
                    if (!IsClean(key, multiline: false))
                        errors[at] = [SingleLineMessage];
                    Walk(entry.Value, at, multiline, errors, depth + 1);
                }
                return;
            case IEnumerable items when value is not string:
                var index = 0;
                foreach (var item in items)
                    Walk(item, $"{path}[{index++}]", multiline, errors, depth + 1);
                return;
        }

        var type = value.GetType();
        if (type.IsPrimitive || type.IsEnum || type.IsValueType && type.Namespace == "System")
            return;
        if (type.Assembly != typeof(TextCheck).Assembly)
            return;
        foreach (
            var property in Properties.GetOrAdd(type, t =>
                t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                    .Where(p => p.GetIndexParameters().Length == 0 && p.CanRead)
                    .ToArray()
            )
        )
            Walk(
                property.GetValue(value),
                Join(path, JsonNamingPolicy.CamelCase.ConvertName(property.Name)),
                Multiline.Contains(property.Name),
                errors,
                depth + 1
            );
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    public static bool IsClean(string text, bool multiline)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    i++;
                    continue;
                }
                return false;
            }
            if (char.IsLowSurrogate(c))
                return false;
            if (multiline && c is '\n' or '\r' or '\t')
                continue;
            if (char.IsControl(c))
                return false;
            // LRE RLE PDF LRO RLO (U+202A–U+202E), LRI RLI FSI PDI (U+2066–U+2069), line and paragraph separators
            if (c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\u2028' or '\u2029')
                return false;
        }
        return true;
    }
}
