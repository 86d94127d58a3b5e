using System.Text.RegularExpressions;
using Mediation.Api.Disputes;

namespace Mediation.Api.Risk;

/// <summary>One reason found, with the level it gives.</summary>
public sealed record RiskSignal(RiskLevel Level, RiskReason Reason);

/// <summary>
/// A lexicon made ready for matching: every term by its text, so that one pass over the words finds every term that a
/// run of consecutive words spells (「拉」「横幅」 is 拉横幅, but 菜刀 does not contain the weapon 刀 as a word of its own).
/// </summary>
public sealed class CompiledLexicon
{
    private static readonly string[] Pronouns = ["我们", "他们", "她们", "我", "他", "她", "你"];
    private const string ClauseEnds = "，。！？；,.!?;：:\n\r…";

    private readonly Dictionary<string, List<RiskCategory>> terms = new(StringComparer.Ordinal);
    private readonly HashSet<string> negations;
    private readonly HashSet<string> fears;
    private readonly HashSet<string> bridges;
    private readonly HashSet<string> exceptions;
    private readonly int maxTermLength;
    private readonly Dictionary<char, string[]> byFirstChar;
    private readonly Dictionary<string, List<RiskCategory>>.AlternateLookup<ReadOnlySpan<char>> lookup;
    private readonly List<(Regex Pattern, RiskCategory Category)> patterns;

    public CompiledLexicon(int version, RiskLexicon lexicon)
    {
        Version = version;
        Lexicon = lexicon;
        foreach (var category in lexicon.Categories)
        foreach (var term in category.Words.Where(t => t.Length > 0).Distinct())
        {
            if (!terms.TryGetValue(term, out var list))
                terms[term] = list = [];
            list.Add(category);
        }
        lookup = terms.GetAlternateLookup<ReadOnlySpan<char>>();
        maxTermLength = terms.Keys.Select(t => t.Length).DefaultIfEmpty(0).Max();
        byFirstChar = terms.Keys.GroupBy(t => t[0]).ToDictionary(g => g.Key, g => g.ToArray());
        negations = [.. lexicon.Negations];
        fears = [.. lexicon.Fears];
        bridges = [.. lexicon.Bridges];
        exceptions = [.. lexicon.Exceptions ?? []];
        patterns = [.. lexicon.Categories.SelectMany(c => (c.Patterns ?? []).Select(p => (Compile(p), c)))];
    }

    /// <summary>Without backtracking, a pattern runs in time linear in the text whatever an administrator
    /// writes.</summary>
    private static Regex Compile(string pattern) =>
        new(WithinClause(pattern), RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);

    /// <summary>A pattern, like a run of words, never reaches across a clause: its <c>.</c> (outside a class, not
    /// escaped) matches anything but a clause end, so 「结了账就给，态度还算客气」 is no settling of scores.</summary>
    internal static string WithinClause(string pattern)
    {
        var result = new System.Text.StringBuilder(pattern.Length + 16);
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                result.Append(c).Append(pattern[++i]);
                continue;
            }
            if (c == '[')
                inClass = true;
            else if (c == ']')
                inClass = false;
            if (c == '.' && !inClass)
                result.Append("[^").Append(Regex.Escape(ClauseEnds)).Append(']');
            else
                result.Append(c);
        }
        return result.ToString();
    }

    public static bool IsValidPattern(string? pattern)
    {
        if (string.IsNullOrWhiteSpace(pattern) || pattern.Length > 200)
            return false;
        try
        {
            _ = Compile(pattern);
            return true;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            return false;
        }
    }

    public int Version { get; }
    public RiskLexicon Lexicon { get; }

    /// <summary>
    /// The signals in a text, cutting only the clauses that contain a lexicon word at all: segmenting is the cost (a
    /// 5,000-character text takes milliseconds), and a match, its cues and its evidence never leave their clause, so
    /// the result is the same as cutting the whole text.
    /// </summary>
    public List<RiskSignal> Signals(Segmenter segmenter, string text) =>
        Signals(segmenter.Cut, text, segmenter.IsKnown);

    public List<RiskSignal> Signals(Func<string, List<string>> cut, string text, Func<string, bool>? isKnown = null)
    {
        var words = new List<string>();
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && !ClauseEnds.Contains(text[i]))
                continue;
            if (i > start && MayMatch(text, start, i))
            {
                words.AddRange(cut(text[start..i]));
                words.Add("。");
            }
            start = i + 1;
        }
        return Signals(words, text, isKnown);
    }

    /// <summary>Whether any lexicon word occurs in text[from..to) as characters (a cheap test before
    /// segmenting).</summary>
    private bool MayMatch(string text, int from, int to)
    {
        for (var i = from; i < to; i++)
            if (byFirstChar.TryGetValue(text[i], out var candidates))
                foreach (var term in candidates)
                    if (term.Length <= to - i && string.CompareOrdinal(text, i, term, 0, term.Length) == 0)
                        return true;
        return false;
    }

    /// <summary>The signals in one text, one per category (the first place it is said), plus the combinations they
    /// make.</summary>
    /// <param name="isKnown">Whether a word is in the segmenter's dictionary; a word of two or more characters that is
    /// not (glued by the HMM: 「刘拿着」) may hold the start of a term of two or more characters anywhere inside it.
    /// Null: words are taken as they are.</param>
    public List<RiskSignal> Signals(IReadOnlyList<string> words, string text, Func<string, bool>? isKnown = null)
    {
        var found = new Dictionary<string, RiskSignal>(StringComparer.Ordinal);
        // The words end to end in one buffer, so that a run of words or a word's prefix is looked up as a span of it
        // without building a string for each candidate.
        var offsets = new int[words.Count + 1];
        for (var k = 0; k < words.Count; k++)
            offsets[k + 1] = offsets[k] + words[k].Length;
        var buffer = string.Concat(words);
        for (var i = 0; i < words.Count; i++)
        {
            for (var j = i; j < words.Count && offsets[j + 1] - offsets[i] <= maxTermLength; j++)
                if (lookup.TryGetValue(buffer.AsSpan(offsets[i], offsets[j + 1] - offsets[i]), out var categories))
                    Match(categories, i, j);
            var word = words[i];
            if (isKnown is not null && word.Length >= 2 && !isKnown(word))
                for (var k = 1; k < word.Length; k++)
                for (var j = i; j < words.Count && offsets[j + 1] - offsets[i] - k <= maxTermLength; j++)
                {
                    var length = offsets[j + 1] - offsets[i] - k;
                    if (length >= 2 && lookup.TryGetValue(buffer.AsSpan(offsets[i] + k, length), out var inner))
                        Match(inner, i, j);
                }
            if (word.Length > 2 && !exceptions.Contains(word))
                for (var n = Math.Min(word.Length - 1, maxTermLength); n >= 2; n--)
                    if (lookup.TryGetValue(word.AsSpan(0, n), out var categories))
                    {
                        Match(categories, i, i);
                        break;
                    }
        }

        void Match(List<RiskCategory> categories, int i, int j)
        {
            var (cue, cueAt) = CueBefore(words, i);
            foreach (var c in categories)
                Add(c, cue, () => Evidence(words, cueAt ?? i, j));
        }

        void Add(RiskCategory c, Cue cue, Func<string> evidence)
        {
            if (c.AlsoNeeds is { Count: > 0 } needs && !needs.Any(n => text.Contains(n, StringComparison.Ordinal)))
                return;
            if (cue == Cue.Negated)
                return;
            var (code, reasonText, level) =
                cue == Cue.Feared
                    ? (
                        c.FearedLevel is null
                            ? (null, null, RiskLevel.Low)
                            : ($"{c.Code}.Feared", c.FearedText ?? c.Text, c.FearedLevel.Value)
                    )
                    : (c.Code, c.Text, c.RiskLevel);
            if (code is null || found.ContainsKey(code))
                return;
            found[code] = new RiskSignal(level, new RiskReason(code, reasonText!, evidence()));
        }

        foreach (var (pattern, category) in patterns)
        foreach (var m in pattern.EnumerateMatches(text))
        {
            var (at, length) = (m.Index, m.Length);
            Add(category, CueBefore(text, at), () => Evidence(text, at, length));
        }
        foreach (var combination in Lexicon.Combinations)
            if (!found.ContainsKey(combination.Code) && combination.Categories.All(found.ContainsKey))
                found[combination.Code] = new RiskSignal(
                    combination.RiskLevel,
                    new RiskReason(
                        combination.Code,
                        combination.Text,
                        string.Join("；", combination.Categories.Select(c => found[c].Reason.Evidence))
                    )
                );
        return [.. found.Values];
    }

    private enum Cue
    {
        None,
        Negated,
        Feared,
    }

    /// <summary>A negation or fear among the <see cref="RiskLexicon.Window"/> words before the match, in its clause,
    /// with only bridge words between: 「没有打人」「不会去打人」 are negated, 「怕他报复」「担心对方报复」 feared.</summary>
    private (Cue, int?) CueBefore(IReadOnlyList<string> words, int at)
    {
        for (int k = at - 1, seen = 0; k >= 0 && seen < Lexicon.Window; k--, seen++)
        {
            var word = words[k];
            if (word.Length == 0 || word.Any(ClauseEnds.Contains))
                return (Cue.None, null);
            if (string.IsNullOrWhiteSpace(word))
                continue;
            if (Is(word, negations))
                return (Cue.Negated, k);
            if (Is(word, fears))
                return (Cue.Feared, k);
            if (!bridges.Contains(word))
                return (Cue.None, null);
        }
        return (Cue.None, null);
    }

    /// <summary>A pattern's cue: the text just before the match in its clause, past pronouns, ends with a negation or a
    /// fear (「没人说要去堵路」, 「怕他们把路堵了」); a conditional further back (「再不给钱…」) does not count.</summary>
    private Cue CueBefore(string text, int at)
    {
        var end = at;
        while (end > 0 && "我他她你们".Contains(text[end - 1]))
            end--;
        var before = text.AsSpan(Math.Max(0, end - 4), end - Math.Max(0, end - 4));
        var clause = before.LastIndexOfAny(ClauseEnds);
        if (clause >= 0)
            before = before[(clause + 1)..];
        foreach (var n in negations)
            if (before.EndsWith(n, StringComparison.Ordinal))
                return Cue.Negated;
        foreach (var f in fears)
            if (before.EndsWith(f, StringComparison.Ordinal))
                return Cue.Feared;
        return Cue.None;
    }

    /// <summary>A pattern's evidence: the match with a few characters of its clause around it.</summary>
    private static string Evidence(string text, int at, int length)
    {
        var start = at;
        for (var n = 0; start > 0 && n < 6 && !ClauseEnds.Contains(text[start - 1]); n++)
            start--;
        var end = at + length;
        for (var n = 0; end < text.Length && n < 6 && !ClauseEnds.Contains(text[end]); n++)
            end++;
        var evidence = text[start..end].Trim();
        return evidence.Length <= 60 ? evidence : evidence[..60];
    }

    /// <summary>The cue itself, or the cue glued to a pronoun by the segmenter (「我怕」).</summary>
    private static bool Is(string word, HashSet<string> cues)
    {
        if (cues.Contains(word))
            return true;
        foreach (var pronoun in Pronouns)
            if (word.Length > pronoun.Length && word.StartsWith(pronoun, StringComparison.Ordinal))
                return cues.Contains(word[pronoun.Length..]);
        return false;
    }

    /// <summary>The matched words with a little of their clause around them, for the clerk to see what was
    /// said.</summary>
    private static string Evidence(IReadOnlyList<string> words, int from, int to)
    {
        var start = from;
        for (var n = 0; start > 0 && n < 3 && !words[start - 1].Any(ClauseEnds.Contains); n++)
            start--;
        var end = to;
        for (var n = 0; end < words.Count - 1 && n < 3 && !words[end + 1].Any(ClauseEnds.Contains); n++)
            end++;
        var evidence = string.Concat(words.Skip(start).Take(end - start + 1)).Trim();
        return evidence.Length <= 60 ? evidence : evidence[..60];
    }
}
