using Par.Dsl.Model;
using Par.Runtime.Models;

namespace Par.Generators.Tests;

/// <summary>
/// The generator cannot reference Par.Runtime (it runs inside the compiler), so it carries its own copy of
/// the naming rule; this keeps the copy equal to <see cref="LayerNames"/> across index widths.
/// </summary>
public sealed class LayerFieldNamesTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(11)]
    [InlineData(100)]
    [InlineData(101)]
    [InlineData(1_001)]
    public void GeneratorNamesEqualRuntimeNames(int layerCount)
    {
        var layers = new[]
        {
            Layer.Fixed(BlockKind.SelfAttention),
            Layer.Fixed(BlockKind.FeedForward),
            Layer.Fixed(BlockKind.Identity),
            Layer.Choice(BlockKind.SelfAttention, BlockKind.Identity),
        };

        for (var index = 0; index < layerCount; index++)
        {
            var layer = layers[index % layers.Length];
            Assert.Equal(LayerNames.For(index, layerCount, layer), LayerFieldNames.For(layer, index, layerCount));
        }
    }
}
