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
    }

    public int Version { get; }
    public RiskLexicon Lexicon { get; }

    /// <summary>
    /// The signals in a text, cutting only the clauses that contain a lexicon word at all: segmenting is the cost (a
    /// 5,000-character text takes milliseconds), and a match, its cues and its evidence never leave their clause, so
    /// the result is the same as cutting the whole text.
    /// </summary>
    public List<RiskSignal> Signals(Func<string, List<string>> cut, string text)
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
        return Signals(words, text);
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
    public List<RiskSignal> Signals(IReadOnlyList<string> words, string text)
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
            {
                if (c.AlsoNeeds is { Count: > 0 } needs && !needs.Any(n => text.Contains(n, StringComparison.Ordinal)))
                    continue;
                if (cue == Cue.Negated)
                    continue;
                var (code, reasonText, level) =
                    cue == Cue.Feared
                        ? (
                            c.FearedLevel is null
                                ? (null, null, RiskLevel.Low)
                                : ($"{c.Code}.Feared", c.FearedText ?? c.Text, c.FearedLevel.Value)
                        )
                        : (c.Code, c.Text, c.RiskLevel);
                if (code is null || found.ContainsKey(code))
                    continue;
                found[code] = new RiskSignal(level, new RiskReason(code, reasonText!, Evidence(words, cueAt ?? i, j)));
            }
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
