using System;
using System.Globalization;
using Par.Dsl.Model;

namespace Par.Runtime.Models;

/// <summary>
/// The state_dict names of a model's modules. The source generator (netstandard2.0, no runtime reference)
/// emits the same names by the same rule, so it is kept this simple:
/// <list type="bullet">
/// <item><c>embedding</c> first and <c>output</c> last;</item>
/// <item>layer i of n is <c>layer_</c> + i zero-padded to the digits of n - 1, at least 2
/// (32 layers: <c>layer_00</c>…<c>layer_31</c>; 150 layers: <c>layer_000</c>…<c>layer_149</c>), then
/// <c>_attention</c> for a fixed <c>s</c>, <c>_feed_forward</c> for a fixed <c>f</c>, <c>_mixed</c> for a choice;</item>
/// <item>a fixed identity layer (<c>-</c>) has no module and no name.</item>
/// </list>
/// </summary>
public static class LayerNames
{
    public const string Embedding = "embedding";
    public const string Output = "output";

    /// <summary>Digits of a layer index in a model of <paramref name="layerCount"/> layers: at least 2.</summary>
    public static int IndexWidth(int layerCount) =>
        Math.Max(2, Math.Max(0, layerCount - 1).ToString(CultureInfo.InvariantCulture).Length);

    /// <summary>The name of layer <paramref name="index"/>, or null when it is a fixed identity layer.</summary>
    public static string? For(int index, int layerCount, Layer layer)
    {
        if (index < 0 || index >= layerCount)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"A model of {layerCount} layers has indices 0..{layerCount - 1}.");
        }

        var suffix = layer.IsChoice
            ? "mixed"
            : layer.Block switch
            {
                BlockKind.SelfAttention => "attention",
                BlockKind.FeedForward => "feed_forward",
                _ => null,
            };
        return suffix is null
            ? null
            : "layer_" + index.ToString(CultureInfo.InvariantCulture).PadLeft(IndexWidth(layerCount), '0') + "_" + suffix;
    }
}
