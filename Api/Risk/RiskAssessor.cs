using Mediation.Api.Disputes;

namespace Mediation.Api.Risk;

/// <summary>What is known about a case's shape when it is assessed (the structural signals).</summary>
/// <param name="RelatedCases">Other cases between the same people (the related-case search); null when not looked up (filing).</param>
/// <param name="EarlierFailures">Failed mediations of this case or of the related ones.</param>
/// <param name="DaysToReferralDue">Days left until the referrer's time limit of a referred case still without a
/// result (negative once past); null when none applies.</param>
/// <param name="RespondentRefused">A respondent's latest answer to the invitation to mediate is a refusal.</param>
public sealed record CaseShape(
    string TypeCode,
    long? AmountFen,
    int LargestSide,
    int? RelatedCases = null,
    int EarlierFailures = 0,
    int? DaysToReferralDue = null,
    bool RespondentRefused = false
);

/// <summary>An assessment: the level the reasons give, the reasons, and the lexicon version that found them.</summary>
public sealed record Assessment(RiskLevel Level, List<RiskReason> Reasons, int LexiconVersion);

/// <summary>
/// Assesses texts and a case's shape in process, without the database (the lexicon is cached, the segmenter loaded
/// once): no text leaves the server, and a filing pays only for the words.
/// </summary>
public sealed class RiskAssessor(Segmenter segmenter, RiskLexiconCache lexicons)
{
    public Assessment Assess(IEnumerable<string?> texts, CaseShape shape)
    {
        var lexicon = lexicons.Current;
        var signals = new List<RiskSignal>();
        foreach (var text in texts)
            if (!string.IsNullOrWhiteSpace(text))
                signals.AddRange(lexicon.Signals(segmenter, text));
        signals.AddRange(Structure(lexicon.Lexicon.Structure, shape));
        return Combine(signals, lexicon.Version);
    }

    public static Assessment Combine(IEnumerable<RiskSignal> signals, int version)
    {
        var distinct = signals.DistinctBy(s => s.Reason.Code).OrderByDescending(s => s.Level).ToList();
        var level = distinct.Count == 0 ? RiskLevel.Low : distinct.Max(s => s.Level);
        return new Assessment(level, [.. distinct.Select(s => s.Reason)], version);
    }

    /// <summary>The level a set of reasons gives under the current lexicon (for reasons kept from earlier
    /// texts).</summary>
    public RiskLevel LevelOf(IEnumerable<RiskReason> reasons)
    {
        var lexicon = lexicons.Current.Lexicon;
        var levels = reasons.Select(r => LevelOf(lexicon, r.Code)).ToList();
        return levels.Count == 0 ? RiskLevel.Low : levels.Max();
    }

    private static RiskLevel LevelOf(RiskLexicon lexicon, string code)
    {
        var feared = code.EndsWith(".Feared", StringComparison.Ordinal);
        var baseCode = feared ? code[..^".Feared".Length] : code;
        if (lexicon.Categories.FirstOrDefault(c => c.Code == baseCode) is { } c)
            return feared ? c.FearedLevel ?? RiskLevel.Low : c.RiskLevel;
        if (lexicon.Combinations.FirstOrDefault(c => c.Code == code) is { } combination)
            return combination.RiskLevel;
        var s = lexicon.Structure;
        return code switch
        {
            StructureCodes.ManyParties => s.ManyPartiesLevel,
            StructureCodes.LargeAmount => s.LargeAmountLevel,
            StructureCodes.Repeat => s.RepeatLevel,
            StructureCodes.EarlierFailure => s.EarlierFailureLevel,
            StructureCodes.ReferralDue => s.ReferralDueLevel,
            StructureCodes.RespondentRefused => s.RespondentRefusedLevel,
            StructureCodes.Manual => RiskLevel.Low,
            _ => RiskLevel.Low,
        };
    }

    private static IEnumerable<RiskSignal> Structure(RiskStructure s, CaseShape shape)
    {
        if (s.ManyParties > 0 && shape.LargestSide >= s.ManyParties)
            yield return new(
                s.ManyPartiesLevel,
                new RiskReason(StructureCodes.ManyParties, "一方当事人人数众多", $"一方共 {shape.LargestSide} 人")
            );
        var large = s.LargeAmountFen.GetValueOrDefault(shape.TypeCode, s.DefaultLargeAmountFen);
        if (shape.AmountFen is { } fen && large > 0 && fen >= large)
            yield return new(
                s.LargeAmountLevel,
                new RiskReason(StructureCodes.LargeAmount, "争议金额较大", $"{fen / 100m:0.##} 元")
            );
        if (shape.RelatedCases is > 0)
            yield return new(
                s.RepeatLevel,
                new RiskReason(
                    StructureCodes.Repeat,
                    "同一当事人之间反复发生纠纷",
                    $"另有 {shape.RelatedCases} 件涉及相同当事人的案件"
                )
            );
        if (shape.EarlierFailures > 0)
            yield return new(
                s.EarlierFailureLevel,
                new RiskReason(
                    StructureCodes.EarlierFailure,
                    "此前调解未能达成协议",
                    $"调解不成 {shape.EarlierFailures} 次"
                )
            );
        if (s.ReferralDueDays > 0 && shape.DaysToReferralDue is { } days && days <= s.ReferralDueDays)
            yield return new(
                s.ReferralDueLevel,
                new RiskReason(
                    StructureCodes.ReferralDue,
                    "移送单位设定的调解期限将至或已过",
                    days >= 0 ? $"距期限还有 {days} 天" : $"已超过期限 {-days} 天"
                )
            );
        if (shape.RespondentRefused)
            yield return new(
                s.RespondentRefusedLevel,
                new RiskReason(StructureCodes.RespondentRefused, "被申请人拒绝调解", "被申请人答复不参加调解")
            );
    }
}

public static class StructureCodes
{
    public const string ManyParties = "ManyParties";
    public const string LargeAmount = "LargeAmount";
    public const string Repeat = "RepeatDispute";
    public const string EarlierFailure = "EarlierFailure";
    public const string ReferralDue = "ReferralDeadline";
    public const string RespondentRefused = "RespondentRefused";
    public const string Manual = "Manual";
}
