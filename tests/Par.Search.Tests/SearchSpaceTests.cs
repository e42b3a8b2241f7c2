using System;
using System.Linq;
using Par.Dsl.Model;
using Par.Dsl.Parsing;
using Par.Search.Space;

namespace Par.Search.Tests;

public sealed class SearchSpaceTests
{
    [Fact]
    public void FromBaseline_KeepsLayerCountAndHyperParameters_AndMakesEveryLayerAChoice()
    {
        var baseline = ParParser.Parse("model Base { layout = (sf)x3\n d_model = 32\n heads = 2 }", "base.par").Models.Single();

        var space = SearchSpace.FromBaseline(baseline);

        Assert.Equal(6, space.LayerCount);
        Assert.Equal(baseline.HyperParameters, space.HyperParameters);
        Assert.All(space.Layers, layer => Assert.Equal(SearchSpace.PaperCandidates, layer.Candidates));
        Assert.True(space.ToSupernetModel().IsSupernet);
    }

    [Fact]
    public void FromSupernet_KeepsFixedLayersAndChoices()
    {
        var supernet = ParParser.Parse("s [sf-]x4 f", "net.par").Models.Single();

        var space = SearchSpace.FromSupernet(supernet);

        Assert.Equal(6, space.LayerCount);
        Assert.False(space.Layers[0].IsChoice);
        Assert.True(space.Layers[1].IsChoice);
        Assert.Equal(BlockKind.FeedForward, space.Layers[5].Block);
    }

    [Fact]
    public void FromSupernet_RejectsAFixedModel()
    {
        var fixedModel = ParParser.Parse("(sf)x2", "Baseline.par").Models.Single();

        Assert.Throws<ArgumentException>(() => SearchSpace.FromSupernet(fixedModel));
    }
}
