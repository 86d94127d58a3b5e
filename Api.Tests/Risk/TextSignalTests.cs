using Mediation.Api.Disputes;
using Mediation.Api.Risk;

namespace Mediation.Api.Tests.Risk;

/// <summary>The text signals on the shipped lexicon and the real jieba.NET segmenter (its dictionary from the build
/// output).</summary>
public sealed class TextSignalTests
{
    private static readonly Segmenter Words = new();
    private static readonly CompiledLexicon Lexicon = new(1, RiskLexicon.Parse(RiskLexicon.ShippedJson()));

    private static List<RiskSignal> Signals(string text) => Lexicon.Signals(Words, text);

    private static List<string> Codes(string text) => [.. Signals(text).Select(s => s.Reason.Code)];

    private static RiskLevel Level(string text) =>
        Signals(text).Select(s => s.Level).DefaultIfEmpty(RiskLevel.Low).Max();

    [Fact]
    public void TheDictionaryShipsInTheBuildOutputAndSegmentsChinese() =>
        Words.Cut("几十户村民准备拉横幅堵门").Should().Contain(["拉", "横幅", "堵门"]);

    [Fact]
    public void HittingSomeoneIsViolenceButNotHittingIsNot()
    {
        Codes("昨天他在村口打人了").Should().Contain("Violence");
        Codes("我没有打人，是他先推我的").Should().NotContain("Violence");
        Codes("我从来没有对他动手").Should().NotContain("Violence");
        Codes("我不会去打人的").Should().NotContain("Violence");
    }

    [Fact]
    public void ANegationInAnotherClauseDoesNotCancelTheThreat()
    {
        Codes("我没有钱，但是他打人了").Should().Contain("Violence");
        Codes("我没有打人，他却打人了").Should().Contain("Violence");
    }

    [Fact]
    public void ANegatedConditionBeforeTheThreatIsStillAThreat()
    {
        var signals = Signals("再不解决我就跟他同归于尽");
        signals.Select(s => s.Reason.Code).Should().Contain("Lethal");
        signals.Max(s => s.Level).Should().Be(RiskLevel.Major);
    }

    [Fact]
    public void FearingRevengeIsNotThreateningRevenge()
    {
        Codes("我怕他报复我们家").Should().Contain("Revenge.Feared").And.NotContain("Revenge");
        Codes("我担心对方报复").Should().Contain("Revenge.Feared").And.NotContain("Revenge");
        Codes("我要报复他").Should().Contain("Revenge").And.NotContain("Revenge.Feared");
        Level("我怕他报复").Should().Be(RiskLevel.Medium);
        Level("我要报复他").Should().Be(RiskLevel.High);
    }

    [Fact]
    public void EachReasonCarriesTheWordsThatGaveIt()
    {
        var reason = Signals("协商多次无果。他说再不赔钱就要报复我们全家。")
            .Single(s => s.Reason.Code == "Revenge")
            .Reason;
        reason.Text.Should().Be("扬言报复");
        reason.Evidence.Should().Contain("报复");
        reason.Evidence.Should().NotContain("协商多次无果");
    }

    [Fact]
    public void ACollectiveActionWithAPetitionIsAPossibleMassIncident()
    {
        var codes = Codes("几十户村民商量拉横幅，还要集体上访进京");
        codes.Should().Contain(["Collective", "Petition", "MassIncident"]);
        Level("几十户村民商量拉横幅，还要集体上访进京").Should().Be(RiskLevel.Major);
        Level("我们想去信访部门咨询一下").Should().Be(RiskLevel.Medium, "信访 begins the dictionary word 信访部门");
    }

    [Fact]
    public void WageArrearsCountBeforeTheHolidaysOnly()
    {
        Codes("老板拖欠工资三个月，马上过年了还不给").Should().Contain("WageArrears");
        Codes("老板拖欠工资三个月").Should().NotContain("WageArrears");
    }

    [Fact]
    public void AWeaponIsAWordOfItsOwnAndWithAThreatMakesItMajor()
    {
        Codes("他拿着菜刀说要砍人").Should().Contain(["Weapon", "Violence", "ArmedViolence"]);
        Codes("刀郎的歌很好听").Should().NotContain("Weapon");
        Codes("他手里拿着刀").Should().Contain("Weapon");
        Codes("他没有拿着刀").Should().NotContain("Weapon");
        Codes("我没有带刀").Should().NotContain("Weapon");
        Codes("他带刀来的").Should().Contain("Weapon");
    }

    [Fact]
    public void SelfHarmAndVulnerablePeopleAreSignals()
    {
        Level("实在活不下去了，我就喝农药").Should().Be(RiskLevel.Major);
        Codes("家里有瘫痪的老人和两个孩子").Should().Contain("Vulnerable");
    }

    [Fact]
    public void ViolenceToldAsSomethingThatHappenedIsViolence()
    {
        Codes("昨天两家人在地头打了一架").Should().Contain("Violence");
        Codes("他把我打得鼻青脸肿").Should().Contain("Violence");
        Codes("他们几个人扭打在一起，我丈夫挂了彩").Should().Contain("Violence");
    }

    [Fact]
    public void JumpingFromAHeightIsSelfHarmAndJumpingOffASofaIsNot()
    {
        Level("他说再不给钱就从桥上跳下去").Should().Be(RiskLevel.Major);
        Codes("孩子从沙发上跳下来扭了脚").Should().NotContain("SelfHarmAct");
        Codes("我担心他想不开").Should().Contain("SelfHarm.Feared");
        Level("我担心他想不开").Should().Be(RiskLevel.High);
    }

    [Fact]
    public void AWeaponWithDesperateWordsAndAGroupThatFightsAreMajor()
    {
        Codes("他在家里准备了汽油，说要和对方拼命").Should().Contain("ArmedDesperation");
        Level("一帮人冲到地里把他打伤了").Should().Be(RiskLevel.Major);
    }

    [Fact]
    public void ACountOfPeopleWrittenAnyWayWithABlockadeOfARoadOrAnOfficeIsMajor()
    {
        Level("三百多名村民说要去把县政府大门堵上").Should().Be(RiskLevel.Major);
        Codes("一二十户人家围在村委会门口不走").Should().Contain("GroupAction");
        Codes("两家人在门口吵了几句").Should().NotContain("Crowd");
    }

    [Fact]
    public void ATermInsideAWordTheSegmenterGuessedIsFoundButNotInsideADictionaryWord()
    {
        Words.Cut("隔壁老刘拿着镰刀追人").Should().NotContain("拿着", "the HMM glues an unknown name to the verb");
        Codes("隔壁老刘拿着镰刀追人").Should().Contain("ArmedConfrontation");
        Codes("刀郎的歌很好听").Should().NotContain("Weapon");
    }

    [Fact]
    public void APatternNeverReachesAcrossAClause()
    {
        Codes("这笔账早晚要算").Should().Contain("Revenge");
        Codes("老板说等甲方结了账就给，态度还算客气").Should().NotContain("Revenge");
    }

    [Fact]
    public void APatternFearedIsTheFearedReason()
    {
        Codes("我怕他把我家房子点了").Should().Contain("Arson.Feared").And.NotContain("Arson");
        Codes("他扬言要把我家房子点了").Should().Contain("Arson");
    }

    [Fact]
    public void WordsThatOnlyLookViolentGiveNoSignal()
    {
        Signals("我们在店里砍价半天，老板不肯退").Should().BeEmpty();
        Signals("我给他打电话他也不接，只好打官司").Should().BeEmpty();
        Signals("买的刀片电池三个月就鼓包了").Should().BeEmpty();
    }

    [Fact]
    public void AWordInsideALongerDictionaryWordCountsUnlessItIsAnException()
    {
        Codes("他是村里有名的上访户").Should().Contain("Petition");
        Codes("他对我们搞报复性打击").Should().Contain("Revenge");
        Codes("医生给他动手术时出了事故").Should().NotContain("Violence");
        Codes("这事没完没了地拖着").Should().NotContain("Revenge");
    }

    [Fact]
    public void CuttingOnlyTheClausesWithALexiconWordFindsWhatCuttingTheWholeTextFinds()
    {
        var text =
            "两家因为宅基地吵了多年。去年他没有打人，只是骂了几句；今年他带刀上门，说要报复！我怕他再来。家里有老人。";
        Lexicon.Signals(Words, text).Should().BeEquivalentTo(Lexicon.Signals(Words.Cut(text), text, Words.IsKnown));
    }

    [Fact]
    public void AnOrdinaryAccountGivesNoReason() =>
        Signals("邻居在两家之间的通道上堆放杂物，多次协商未果，请求清除杂物恢复通行。").Should().BeEmpty();
}
