using Par.Dsl.Model;
using Par.Runtime.Models;

namespace Par.Runtime.Tests.Models;

public class LayerNamesTests
{
    [Theory]
    [InlineData(0, 1, "layer_00_attention")]
    [InlineData(5, 32, "layer_05_attention")]
    [InlineData(31, 32, "layer_31_attention")]
    [InlineData(99, 100, "layer_99_attention")]
    [InlineData(0, 101, "layer_000_attention")]
    [InlineData(149, 150, "layer_149_attention")]
    public void Pads_the_index_to_the_widest_index_with_at_least_two_digits(int index, int count, string expected) =>
        Assert.Equal(expected, LayerNames.For(index, count, Layer.Fixed(BlockKind.SelfAttention)));

    [Fact]
    public void Names_each_kind_of_layer()
    {
        Assert.Equal("layer_03_feed_forward", LayerNames.For(3, 10, Layer.Fixed(BlockKind.FeedForward)));
        Assert.Equal("layer_03_mixed", LayerNames.For(3, 10, Layer.Choice(BlockKind.FeedForward, BlockKind.Identity)));
        Assert.Null(LayerNames.For(3, 10, Layer.Fixed(BlockKind.Identity)));
    }
}
