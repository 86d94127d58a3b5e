using System.Text.Json;
using System.Text.Json.Serialization;
using Mediation.Api.Disputes;

namespace Mediation.Api.Risk;

/// <summary>A kind of signal in a citizen's or staff member's words, with the level it gives and the reason the clerk reads.</summary>
/// <param name="FearedLevel">The level when the words are something the writer fears from the other side (「怕他报复」), not
/// what they threaten (「我要报复」); null: such a mention gives no reason.</param>
/// <param name="FearedText">The reason's text in that case.</param>
/// <param name="AlsoNeeds">The category counts only when one of these words is in the same text too (欠薪 with 春节).</param>
/// <param name="Patterns">Regular expressions (.NET syntax, run without backtracking) matched on the text itself, for
/// what words cannot list: a count of people (五十多户, 三四十号人), a verb and its object apart (把…点了).</param>
public sealed record RiskCategory(
    string Code,
    string Text,
    RiskLevel RiskLevel,
    List<string> Words,
    RiskLevel? FearedLevel = null,
    string? FearedText = null,
    List<string>? AlsoNeeds = null,
    List<string>? Patterns = null
);

/// <summary>Categories that together make a higher level (a collective action and a petition: a possible mass
/// incident).</summary>
public sealed record RiskCombination(string Code, string Text, RiskLevel RiskLevel, List<string> Categories);

/// <summary>Thresholds of the structural signals.</summary>
/// <param name="ManyParties">This many parties on one side make a collective dispute.</param>
/// <param name="LargeAmountFen">A dispute type's large amount, by type code; <see cref="DefaultLargeAmountFen"/> for the rest.</param>
/// <param name="ReferralDueDays">A referred case still without a result this many days or fewer before the referrer's
/// time limit (a court's 30 days of 诉前调解) is a reason; 0 turns it off.</param>
public sealed record RiskStructure(
    int ManyParties,
    long DefaultLargeAmountFen,
    Dictionary<string, long> LargeAmountFen,
    RiskLevel ManyPartiesLevel = RiskLevel.Medium,
    RiskLevel LargeAmountLevel = RiskLevel.Medium,
    RiskLevel RepeatLevel = RiskLevel.Medium,
    RiskLevel EarlierFailureLevel = RiskLevel.Medium,
    int ReferralDueDays = 5,
    RiskLevel ReferralDueLevel = RiskLevel.Medium,
    RiskLevel RespondentRefusedLevel = RiskLevel.Medium
);

/// <summary>
/// The lexicon: data, versioned, edited by administrators (GET/PUT /api/risk/lexicon). Negation and fear cues are
/// looked for among the few words before a match, in the same clause; only the <see cref="Bridges"/> (pronouns,
/// auxiliaries) may stand between a cue and the match, so 「再不解决我就跟他同归于尽」 is not a negation of 同归于尽. A word of two or
/// more characters also matches at the start of a longer dictionary word (信访 in 信访局, 报复 in 报复性), except in the <see
/// cref="Exceptions"/> (动手术 is not 动手).
/// </summary>
public sealed record RiskLexicon(
    List<RiskCategory> Categories,
    List<RiskCombination> Combinations,
    List<string> Negations,
    List<string> Fears,
    List<string> Bridges,
    int Window,
    RiskStructure Structure,
    List<string>? Exceptions = null
)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = false,
    };

    public static RiskLexicon Parse(string json) =>
        JsonSerializer.Deserialize<RiskLexicon>(json, Json) ?? throw new JsonException("empty lexicon");

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The lexicon shipped with the service (Risk/lexicon.json), seeded as version 1.</summary>
    public static string ShippedJson() =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Risk", "lexicon.json"));
}
