using System;
using Par.Dsl.Model;
using Par.Search.Derivation;
using Par.Search.Gradients;
using Par.Search.Latency;

namespace Par.Search.Tests;

public sealed class SettingNamesTests
{
    [Fact]
    public void Every_search_setting_value_has_one_spelling_that_reads_back()
    {
        AssertEveryValueReadsBack(SamplingModeNames.All);
        AssertEveryValueReadsBack(PathGradientNames.All);
        AssertEveryValueReadsBack(LatencyLossFormNames.All);
        AssertEveryValueReadsBack(DerivationStrategyNames.All);
        Assert.Equal("soft", SamplingMode.Soft.Name());
        Assert.Equal("budget or fbnet", LatencyLossFormNames.All.Choices);
    }

    private static void AssertEveryValueReadsBack<TEnum>(EnumNames<TEnum> names)
        where TEnum : struct, Enum
    {
        foreach (var value in Enum.GetValues<TEnum>())
        {
            Assert.Equal(value, names.Parse(names.Of(value)));
        }
    }
}
