using System.Linq;
using Par.Dsl.Model;
using Par.Search.Progress;
using Par.Search.Reporting;
using static Par.Search.Tests.ProbabilityRows;

namespace Par.Search.Tests;

public sealed class NarrowDecisionsTests
{
    [Fact]
    public void TheMargin_IsTheLeadOverTheRunnerUp_AndCertainForAFixedLayer()
    {
        Assert.Equal(0.005, Row(5, 0.358, 0.353, 0.289).Margin, 9);
        Assert.Equal(0.4, Row(0, 0.1, 0.7, 0.3).Margin, 9);
        Assert.Equal(1, LayerProbabilities.Certain(2, BlockKind.FeedForward).Margin);
    }

    [Fact]
    public void NamesOnlyTheCloseCalls_WithTheirTwoLeaders()
    {
        var final = new[]
        {
            Row(0, 0.1, 0.8, 0.1),
            Row(1, 0.358, 0.353, 0.289),
            LayerProbabilities.Certain(2, BlockKind.SelfAttention),
            Row(3, 0.37, 0.22, 0.41),
        };

        Assert.Equal(new[] { 1, 3 }, NarrowDecisions.Of(final).Select(layer => layer.Layer));
        var sentence = NarrowDecisions.Describe(final);
        Assert.StartsWith("2 of 4 layers were decided by a margin under 0.05", sentence);
        Assert.Contains("layer 1 s 0.358 over f 0.353", sentence);
        Assert.Contains("layer 3 - 0.410 over s 0.370", sentence);
        Assert.DoesNotContain("layer 0", sentence);
    }

    [Fact]
    public void ClearDecisions_GiveNoSentence() =>
        Assert.Null(NarrowDecisions.Describe(new[] { Row(0, 0.6, 0.3, 0.1), LayerProbabilities.Certain(1, BlockKind.FeedForward) }));
}
