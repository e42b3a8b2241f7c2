using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Par.Dsl.Model;
using Par.Search.Progress;
using Par.Search.Space;

namespace Par.Search.Reporting;

/// <summary>
/// The compact per-layer table (layer, p(s), p(f), p(-), chosen) shared by the .par header and the markdown report;
/// the report adds each layer's margin (<see cref="LayerProbabilities.Margin"/>).
/// </summary>
internal static class ProbabilityTable
{
    public static IEnumerable<string> PlainRows(SearchSpace space, IReadOnlyList<LayerProbabilities> layers)
    {
        var width = System.Math.Max(5, (layers.Count - 1).ToString(CultureInfo.InvariantCulture).Length);
        yield return $"{"layer".PadLeft(width)}  p(s)   p(f)   p(-)   chosen";
        for (var index = 0; index < layers.Count; index++)
        {
            var layer = layers[index];
            yield return string.Create(
                CultureInfo.InvariantCulture,
                $"{index.ToString(CultureInfo.InvariantCulture).PadLeft(width)}  {layer.Of(BlockKind.SelfAttention):0.000}  {layer.Of(BlockKind.FeedForward):0.000}  {layer.Of(BlockKind.Identity):0.000}  {Chosen(space, layer)}");
        }
    }

    public static string Markdown(SearchSpace space, IReadOnlyList<LayerProbabilities> layers)
    {
        var text = new StringBuilder();
        text.AppendLine("| layer | p(s) | p(f) | p(-) | chosen | margin |");
        text.AppendLine("|---:|---:|---:|---:|:---:|---:|");
        for (var index = 0; index < layers.Count; index++)
        {
            var layer = layers[index];
            text.AppendLine(CultureInfo.InvariantCulture, $"| {index} | {layer.Of(BlockKind.SelfAttention):0.000} | {layer.Of(BlockKind.FeedForward):0.000} | {layer.Of(BlockKind.Identity):0.000} | `{Chosen(space, layer)}` | {layer.Margin:0.000} |");
        }

        return text.ToString();
    }

    private static char Chosen(SearchSpace space, LayerProbabilities layer)
    {
        var kind = space.Layers[layer.Layer].IsChoice ? layer.MostProbable : space.Layers[layer.Layer].Block;
        return kind.Letter();
    }
}
