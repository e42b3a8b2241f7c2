using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Par.Dsl.Model;

namespace Par.Dsl.Planning;

/// <summary>
/// How a model's layout becomes modules, decided once for the source generator, the runtime's LayoutModel and the
/// search's supernet, so that a generated class and a model built at run time register the same state_dict keys and
/// use the same memory slots:
/// <list type="bullet">
/// <item><c>embedding</c> first and <c>output</c> last;</item>
/// <item>layer i of n is <c>layer_</c> + i zero-padded to the digits of n - 1, at least 2
/// (32 layers: <c>layer_00</c>…<c>layer_31</c>; 150 layers: <c>layer_000</c>…<c>layer_149</c>), then
/// <c>_attention</c> for a fixed <c>s</c>, <c>_feed_forward</c> for a fixed <c>f</c>, <c>_mixed</c> for a choice;</item>
/// <item>a fixed identity layer (<c>-</c>) has no module and no name;</item>
/// <item>memory slots are numbered 0, 1, … in layer order, one per layer with an attention candidate.</item>
/// </list>
/// </summary>
public sealed class LayerPlan
{
    public const string Embedding = "embedding";
    public const string Output = "output";

    private LayerPlan(IReadOnlyList<PlannedLayer> layers)
    {
        Layers = layers;
        SlotCount = layers.Count(layer => layer.Slot is not null);
    }

    /// <summary>Every layer in layout order, identity layers included (they have no module).</summary>
    public IReadOnlyList<PlannedLayer> Layers { get; }

    /// <summary>The layers that have a module, in the order they are registered.</summary>
    public IEnumerable<PlannedLayer> Modules => Layers.Where(layer => layer.HasModule);

    /// <summary>Memory slots the model needs: one per layer that can attend.</summary>
    public int SlotCount { get; }

    public static LayerPlan Of(ParModel model)
    {
        if (model is null)
        {
            throw new ArgumentNullException(nameof(model));
        }

        var layers = new List<PlannedLayer>(model.LayerCount);
        var nextSlot = 0;
        for (var index = 0; index < model.LayerCount; index++)
        {
            var layer = model.Layout[index];
            int? slot = layer.Candidates.Contains(BlockKind.SelfAttention) ? nextSlot++ : null;
            layers.Add(new PlannedLayer(index, layer, NameOf(index, model.LayerCount, layer), slot));
        }

        return new LayerPlan(layers);
    }

    /// <summary>Digits of a layer index in a model of <paramref name="layerCount"/> layers: at least 2.</summary>
    public static int IndexWidth(int layerCount) =>
        Math.Max(2, Math.Max(0, layerCount - 1).ToString(CultureInfo.InvariantCulture).Length);

    private static string? NameOf(int index, int layerCount, Layer layer)
    {
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
