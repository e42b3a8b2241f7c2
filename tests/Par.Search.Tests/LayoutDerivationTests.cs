using System;
using System.Linq;
using Par.Dsl.Model;
using Par.Dsl.Parsing;
using Par.Dsl.Printing;
using Par.Search.Derivation;
using Par.Search.Progress;
using Par.Search.Space;
using static Par.Search.Tests.ProbabilityRows;

namespace Par.Search.Tests;

public sealed class LayoutDerivationTests
{
    [Fact]
    public void TakesTheMostProbableBlock_AndDropsIdentities()
    {
        var space = SearchSpace.Uniform("Net", 4, HyperParameters.Default with { DModel = 32, Heads = 2 });
        var probabilities = new[] { Row(0, 0.7, 0.2, 0.1), Row(1, 0.1, 0.3, 0.6), Row(2, 0.2, 0.5, 0.3), Row(3, 0.1, 0.8, 0.1) };

        var found = LayoutDerivation.Derive(space, probabilities, "Found");

        Assert.Equal("sff", ParPrinter.PrintLayout(found.Layout).Replace(" ", string.Empty));
        Assert.Equal("Found", found.Name);
        Assert.Equal(space.HyperParameters, found.HyperParameters);
        Assert.False(found.IsSupernet);
    }

    [Fact]
    public void KeepsFixedLayersOfTheSpace()
    {
        var space = SearchSpace.FromSupernet(ParParser.Parse("s [sf-] f", "net.par").Models.Single());
        var probabilities = new[] { LayerProbabilities.Certain(0, BlockKind.SelfAttention), Row(1, 0.1, 0.1, 0.8), LayerProbabilities.Certain(2, BlockKind.FeedForward) };

        var found = LayoutDerivation.Derive(space, probabilities);

        Assert.Equal([BlockKind.SelfAttention, BlockKind.FeedForward], found.Layout.Select(layer => layer.Block));
    }

    [Fact]
    public void AllIdentities_KeepTheMostProbableOtherBlock()
    {
        var space = SearchSpace.Uniform("Net", 2, HyperParameters.Default);

        var found = LayoutDerivation.Derive(space, new[] { Row(0, 0.1, 0.3, 0.6), Row(1, 0.35, 0.1, 0.55) });

        Assert.Equal([BlockKind.SelfAttention], found.Layout.Select(layer => layer.Block));
    }
}
