using System.Linq;
using Par.Dsl.Model;
using Par.Dsl.Planning;

namespace Par.Dsl.Tests;

public class LayerPlanTests
{
    [Theory]
    [InlineData(0, 1, "layer_00_attention")]
    [InlineData(5, 32, "layer_05_attention")]
    [InlineData(31, 32, "layer_31_attention")]
    [InlineData(99, 100, "layer_99_attention")]
    [InlineData(0, 101, "layer_000_attention")]
    [InlineData(149, 150, "layer_149_attention")]
    [InlineData(1_000, 1_001, "layer_1000_attention")]
    public void Pads_the_index_to_the_widest_index_with_at_least_two_digits(int index, int count, string expected) =>
        Assert.Equal(expected, Plan(Enumerable.Repeat(Layer.Fixed(BlockKind.SelfAttention), count).ToArray()).Layers[index].Name);

    [Fact]
    public void Names_each_kind_of_layer_and_numbers_a_memory_slot_for_each_layer_that_can_attend()
    {
        var plan = Plan(
            Layer.Fixed(BlockKind.FeedForward),
            Layer.Choice(BlockKind.SelfAttention, BlockKind.Identity),
            Layer.Fixed(BlockKind.Identity),
            Layer.Fixed(BlockKind.SelfAttention),
            Layer.Choice(BlockKind.FeedForward, BlockKind.Identity));

        Assert.Equal(new[] { "layer_00_feed_forward", "layer_01_mixed", null, "layer_03_attention", "layer_04_mixed" }, plan.Layers.Select(layer => layer.Name));
        Assert.Equal(new int?[] { null, 0, null, 1, null }, plan.Layers.Select(layer => layer.Slot));
        Assert.Equal(Enumerable.Range(0, 5), plan.Layers.Select(layer => layer.Index));
        Assert.Equal(2, plan.SlotCount);
        Assert.Equal(new[] { 0, 1, 3, 4 }, plan.Modules.Select(layer => layer.Index));
        Assert.False(plan.Layers[2].HasModule);
    }

    private static LayerPlan Plan(params Layer[] layers) =>
        LayerPlan.Of(new ParModel("Planned", layers.ToEquatableArray(), HyperParameters.Default));
}
