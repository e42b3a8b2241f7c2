using System.Linq;
using Par.Dsl.Diagnostics;
using Par.Dsl.Model;
using Par.Dsl.Parsing;

namespace Par.Dsl.Validation;

/// <summary>
/// Advice from the PAR paper's findings on a valid layout: attention is needed somewhere, only in the first
/// two thirds, and about once per five layers. Each rule reports at most once per model.
/// </summary>
internal static class LayoutAdvisor
{
    public const int AttentionWindow = 5;

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
                    $"Layer {index} of model '{modelName}' is attention in the last third of its {layers.Count} layers (from layer {lastThirdStart}); the PAR paper found attention is only needed in the first two thirds.",
                    layout.SourceOffsets[index],
                    1);
                break;
            }
        }

        var previousAttention = -1;
        for (var index = 0; index < layers.Count; index++)
        {
            if (!IsFixedAttention(layers[index]))
            {
                continue;
            }

            if (previousAttention >= 0 && index - previousAttention < AttentionWindow)
            {
                diagnostics.Report(
                    ParDiagnosticIds.DenseAttention,
                    $"Layers {previousAttention} and {index} of model '{modelName}' are both attention within {AttentionWindow} consecutive layers; the PAR paper found about one attention block per {AttentionWindow} layers suffices.",
                    layout.SourceOffsets[index],
                    1);
                break;
            }

            previousAttention = index;
        }
    }

    /// <summary>Layer index ceil(2L/3), zero-based: for 32 layers, layers 22 to 31 form the last third.</summary>
    public static int FirstLayerOfLastThird(int layerCount) => (2 * layerCount + 2) / 3;

    private static bool IsFixedAttention(Layer layer) => !layer.IsChoice && layer.Block == BlockKind.SelfAttention;
}
