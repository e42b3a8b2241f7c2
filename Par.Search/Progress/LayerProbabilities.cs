using System;
using System.Linq;
using Par.Dsl.Model;

namespace Par.Search.Progress;

/// <summary>The probability of each candidate of one layer at one moment of the search.</summary>
/// <param name="Layer">Zero-based layer index.</param>
/// <param name="Candidates">The layer's candidates in canonical order (s, f, -).</param>
/// <param name="Probabilities">One probability per candidate, same order; they sum to 1.</param>
public sealed record LayerProbabilities(int Layer, EquatableArray<BlockKind> Candidates, EquatableArray<double> Probabilities)
{
    /// <summary>The probability of <paramref name="kind"/>, 0 when it is not a candidate of this layer.</summary>
    public double Of(BlockKind kind)
    {
        for (var index = 0; index < Candidates.Count; index++)
        {
            if (Candidates[index] == kind)
            {
                return Probabilities[index];
            }
        }

        return 0;
    }

    /// <summary>The most probable candidate; ties go to the earlier one in canonical order (s before f before -).</summary>
    public BlockKind MostProbable
    {
        get
        {
            var best = 0;
            for (var index = 1; index < Candidates.Count; index++)
            {
                if (Probabilities[index] > Probabilities[best])
                {
                    best = index;
                }
            }

            return Candidates[best];
        }
    }

    /// <summary>
    /// How clearly the layer is decided: the most probable candidate's probability less the runner-up's (1 for a
    /// layer with one candidate).
    /// </summary>
    public double Margin
    {
        get
        {
            if (Probabilities.Count < 2)
            {
                return 1;
            }

            var ordered = Probabilities.OrderDescending().ToArray();
            return ordered[0] - ordered[1];
        }
    }

    /// <summary>A fixed layer's "probabilities": certainty for its only block.</summary>
    public static LayerProbabilities Certain(int layer, BlockKind kind) =>
        new(layer, new[] { kind }.ToEquatableArray(), new[] { 1.0 }.ToEquatableArray());

    internal static LayerProbabilities From(int layer, EquatableArray<BlockKind> candidates, float[] probabilities)
    {
        if (probabilities.Length != candidates.Count)
        {
            throw new ArgumentException($"Layer {layer} has {candidates.Count} candidates but {probabilities.Length} probabilities.");
        }

        return new(layer, candidates, probabilities.Select(value => (double)value).ToEquatableArray());
    }
}
