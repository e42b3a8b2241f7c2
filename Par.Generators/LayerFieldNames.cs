using System.Globalization;
using Par.Dsl.Model;

namespace Par.Generators;

/// <summary>
/// The field (and state_dict key) name of each layer, per the contract in docs/architecture.md:
/// <c>layer_NN_attention</c>, <c>layer_NN_feed_forward</c> or <c>layer_NN_mixed</c>, NN the layer index
/// zero-padded to the width of the largest index and at least two digits. Identity layers have none.
/// </summary>
internal static class LayerFieldNames
{
    public static string? For(Layer layer, int index, int layerCount)
    {
        var suffix = layer.IsChoice ? "mixed" : layer.Block switch
        {
            BlockKind.SelfAttention => "attention",
            BlockKind.FeedForward => "feed_forward",
            _ => null,
        };

        return suffix is null ? null : $"layer_{Pad(index, layerCount)}_{suffix}";
    }

    private static string Pad(int index, int layerCount)
    {
        var width = (layerCount - 1).ToString(CultureInfo.InvariantCulture).Length;
        return index.ToString(CultureInfo.InvariantCulture).PadLeft(width < 2 ? 2 : width, '0');
    }
}
