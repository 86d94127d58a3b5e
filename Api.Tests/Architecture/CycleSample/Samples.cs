// Two "features" that use each other, for FeatureGraphTests to prove that its rule can fail. Not used elsewhere.
namespace Mediation.Api.Tests.Architecture.CycleSample.Lower
{
    public sealed class LowerThing
    {
        public object Callback() => new Upper.UpperThing();
    }
}

namespace Mediation.Api.Tests.Architecture.CycleSample.Upper
{
    public sealed class UpperThing
    {
        public Lower.LowerThing Uses() => new();
    }
}
