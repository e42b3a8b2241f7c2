using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Par.Dsl.Model;
using Par.Search.Progress;

namespace Par.Search.Reporting;

/// <summary>
/// The layers a search chose between candidates of almost equal probability. Derivation takes the most probable block
/// however small its lead, so a report says which choices were close calls: there a longer search, or another seed,
/// may well choose otherwise (a single-path search's early attention block once won its layer by 0.358 to 0.353).
/// </summary>
public static class NarrowDecisions
{
    /// <summary>A lead (<see cref="LayerProbabilities.Margin"/>) below this is reported as narrow; a reporting threshold, not a statistical test.</summary>
    public const double Threshold = 0.05;

    public static IReadOnlyList<LayerProbabilities> Of(IEnumerable<LayerProbabilities> finalProbabilities) =>
        finalProbabilities.Where(layer => layer.Margin < Threshold).ToList();

    /// <summary>One sentence naming the narrow layers and their two leading candidates; null when there are none.</summary>
    public static string? Describe(IReadOnlyList<LayerProbabilities> finalProbabilities)
    {
        var narrow = Of(finalProbabilities);
        if (narrow.Count == 0)
        {
            return null;
        }

        var layers = string.Join("; ", narrow.Select(Leaders));
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{narrow.Count} of {finalProbabilities.Count} layers were decided by a margin under {Threshold} (p of the chosen block less the next): {layers}. A longer search (more steps) would decide them on more evidence; another seed may choose differently there.");
    }

    private static string Leaders(LayerProbabilities layer)
    {
        var ranked = Enumerable.Range(0, layer.Candidates.Count).OrderByDescending(index => layer.Probabilities[index]).ToArray();
        string Candidate(int index) => string.Create(CultureInfo.InvariantCulture, $"{layer.Candidates[index].Letter()} {layer.Probabilities[index]:0.000}");
        return string.Create(CultureInfo.InvariantCulture, $"layer {layer.Layer} {Candidate(ranked[0])} over {Candidate(ranked[1])}");
    }
}
