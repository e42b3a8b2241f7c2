using System.Linq;
using Par.Dsl.Diagnostics;
using Par.Dsl.Model;

namespace Par.Dsl.Validation;

/// <summary>
/// Advice from the PAR paper's findings on a valid layout: attention is needed somewhere, only in the first
/// two thirds, and about once per five layers overall. Each rule reports at most once per model.
/// </summary>
internal static class LayoutAdvisor
{
    /// <summary>The paper's p: total layers per attention layer that suffices for Transformer-XL.</summary>
    public const int LayersPerAttentionBlock = 5;

    public static void Advise(string modelName, BuiltLayout layout, DiagnosticBag diagnostics)
    {
        var layers = layout.Layers;
        if (!layers.Any(layer => layer.Candidates.Contains(BlockKind.SelfAttention)))
        {
            diagnostics.Report(
                ParDiagnosticIds.NoAttention,
                $"Model '{modelName}' has no self-attention block, so no token can see another; add at least one s.",
                layout.Offset,
                layout.Length);
            return;
        }

        var lastThirdStart = FirstLayerOfLastThird(layers.Count);
        for (var index = lastThirdStart; index < layers.Count; index++)
        {
            if (IsFixedAttention(layers[index]))
            {
                diagnostics.Report(
                    ParDiagnosticIds.AttentionInLastThird,
                    $"Layer {index} (counting from 0) of model '{modelName}' is attention in the last third of its {layers.Count} layers (layers {lastThirdStart} to {layers.Count - 1}); the PAR paper found attention is only needed in the first two thirds.",
                    layout.SourceOffsets[index],
                    1);
                break;
            }
        }

        // The paper's p rule is a ratio over the whole model (32 layers need about 6 attention blocks),
        // not a spacing rule: PAR Base itself places its attention blocks four layers apart. One block is
        // always allowed, so small models are not nagged.
        var attentionBlocks = layers.Count(IsFixedAttention);
        if (attentionBlocks > 1 && attentionBlocks * LayersPerAttentionBlock > layers.Count)
        {
            diagnostics.Report(
                ParDiagnosticIds.DenseAttention,
                $"Model '{modelName}' has {attentionBlocks} attention blocks in {layers.Count} layers, more than one per {LayersPerAttentionBlock}; the PAR paper found about one attention block per {LayersPerAttentionBlock} layers suffices (about {System.Math.Max(1, layers.Count / LayersPerAttentionBlock)} here).",
                layout.Offset,
                layout.Length);
        }
    }

    /// <summary>Layer index ceil(2L/3), zero-based: for 32 layers, layers 22 to 31 form the last third.</summary>
    public static int FirstLayerOfLastThird(int layerCount) => (2 * layerCount + 2) / 3;

    private static bool IsFixedAttention(Layer layer) => !layer.IsChoice && layer.Block == BlockKind.SelfAttention;
}
