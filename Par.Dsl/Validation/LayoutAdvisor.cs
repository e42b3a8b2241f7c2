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

        var lastThirdStart = AttentionPlacement.FirstLayerOfLastThird(layers.Count);
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

        // One block is always allowed, so small models are not nagged.
        const int layersPerBlock = AttentionPlacement.LayersPerAttentionBlock;
        var attentionBlocks = layers.Count(IsFixedAttention);
        if (attentionBlocks > 1 && !AttentionPlacement.AtMostOnePer(layersPerBlock, attentionBlocks, layers.Count))
        {
            diagnostics.Report(
                ParDiagnosticIds.DenseAttention,
                $"Model '{modelName}' has {attentionBlocks} attention blocks in {layers.Count} layers, more than one per {layersPerBlock}; the PAR paper found about one attention block per {layersPerBlock} layers suffices (about {System.Math.Max(1, layers.Count / layersPerBlock)} here).",
                layout.Offset,
                layout.Length);
        }
    }

    private static bool IsFixedAttention(Layer layer) => !layer.IsChoice && layer.Block == BlockKind.SelfAttention;
}
