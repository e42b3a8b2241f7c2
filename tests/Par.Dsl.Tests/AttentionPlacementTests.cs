using System;
using Par.Dsl.Validation;

namespace Par.Dsl.Tests;

public class AttentionPlacementTests
{
    [Fact]
    public void The_last_third_starts_at_the_first_layer_index_of_at_least_two_thirds_of_the_layers()
    {
        Assert.Equal(22, AttentionPlacement.FirstLayerOfLastThird(32));
        for (var layers = 1; layers <= 100; layers++)
        {
            Assert.Equal((int)Math.Ceiling(2.0 * layers / 3), AttentionPlacement.FirstLayerOfLastThird(layers));
        }
    }

    [Theory]
    [InlineData(5, 6, 32, true)]
    [InlineData(5, 7, 32, false)]
    [InlineData(3, 3, 9, true)]
    [InlineData(3, 3, 8, false)]
    [InlineData(3, 0, 1, true)]
    public void At_most_one_per_n_is_a_ratio_over_the_whole_model(int layersPerBlock, int attentionBlocks, int layers, bool expected)
    {
        Assert.Equal(expected, AttentionPlacement.AtMostOnePer(layersPerBlock, attentionBlocks, layers));
    }
}
