namespace Mediation.Api.Tests.Credit;

/// <summary>信用提示: with Credit:PushCommitments on, each signed credit commitment reaches the credit centre
/// once.</summary>
public abstract class CommitmentRecordTests(OutcomesFactory api)
{
    [Fact]
    public async Task TheCommitmentSignedAtFilingBecomesOneCommitmentRecordAtTheCentre()
    {
        var c = await api.CaseInMediationAsync();

        await api.EscalateAsync();
        await api.EscalateAsync();
        await api.PushAsync();

        var record = api
            .CreditCentre.Records.Where(r => r.GetProperty("caseNumber").GetString() == c.CaseNumber)
            .Should()
            .ContainSingle()
            .Subject;
        record.GetProperty("type").GetString().Should().Be("commitment");
        record.GetProperty("typeName").GetString().Should().Be("信用承诺");
        record.GetProperty("subject").GetProperty("name").GetString().Should().Be("张三");
        record.GetProperty("reason").GetString().Should().Contain("信用承诺书");
        api.CreditCentre.Replays.Should().Be(0);
    }
}

public sealed class SqliteCommitmentsApi() : OutcomesFactory(new SqliteDatabase())
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
        base.ExtraSettings.Append(new("Credit:PushCommitments", "true"));
}

public sealed class CommitmentRecordTestsOnSqlite(SqliteCommitmentsApi api)
    : CommitmentRecordTests(api),
        IClassFixture<SqliteCommitmentsApi>;
