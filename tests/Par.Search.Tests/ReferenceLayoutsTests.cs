using System;
using Par.Dsl.Model;
using Par.Dsl.Printing;
using Par.Search.Experiment;

namespace Par.Search.Tests;

public sealed class ReferenceLayoutsTests
{
    [Theory]
    [InlineData(32, "(sfff)x6 (f)x8")] // PAR Base
    [InlineData(24, "(sff)x5 (f)x9")] // PAR's enwik8 model
    [InlineData(12, "sfffs (f)x7")] // (sfff)x2 (f)x4, printed in its shortest form
    [InlineData(3, "sff")]
    public void ParRule_ReproducesThePapersLayouts_AndKeepsAttentionInTheFirstTwoThirds(int layers, string expected)
    {
        var layout = ReferenceLayouts.ParRule(layers);

        Assert.Equal(expected, ParPrinter.PrintLayout(layout));
        Assert.Equal(layers, layout.Count);
        for (var index = 0; index < layout.Count; index++)
        {
            Assert.True(layout[index].Block != BlockKind.SelfAttention || index < 2.0 * layers / 3, $"attention at {index} of {layers}");
        }
    }

    [Theory]
    [InlineData(16, null, "(s)x6 (sf)x10 (f)x6")] // Sandwich Base, k = 6
    [InlineData(6, null, "ss (sf)x4 ff")]
    [InlineData(6, 0, "(sf)x6")]
    public void Sandwich_IsSkSfNkFk(int pairs, int? k, string expected) =>
        Assert.Equal(expected, ParPrinter.PrintLayout(ReferenceLayouts.Sandwich(pairs, k)));

    [Theory]
    [InlineData(24, "(sff)x5 (f)x9")] // BERT Base's depth: the reading itself
    [InlineData(12, "(sff)x3 fff")] // the main job's: sff over the first 7.5 layers, rounded to 8
    [InlineData(4, "sfff")]
    public void ParBertReading_KeepsItsProportionsAtAnyDepth(int layers, string expected)
    {
        var layout = ReferenceLayouts.ParBertReading(layers);

        Assert.Equal(expected, ParPrinter.PrintLayout(layout));
        Assert.Equal(layers, layout.Count);
    }

    [Fact]
    public void Interleaved_IsTransformerXL() => Assert.Equal("(sf)x16", ParPrinter.PrintLayout(ReferenceLayouts.Interleaved(16)));

    [Fact]
    public void Sandwich_RejectsACoefficientAboveThePairCount() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ReferenceLayouts.Sandwich(4, 5));

    [Fact]
    public void An_experiment_rejects_a_reference_named_like_the_baseline() =>
        Assert.Throws<ArgumentException>(() => new SearchExperiment(new ExperimentOptions
        {
            References = [new NamedLayout(SearchExperiment.BaselineName, ReferenceLayouts.ParRule(12))],
        }));
}
