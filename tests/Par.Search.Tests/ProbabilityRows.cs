using Par.Dsl.Model;
using Par.Search.Progress;
using Par.Search.Space;

namespace Par.Search.Tests;

/// <summary>Hand-written final probabilities of a [sf-] layer, for tests of what is derived or reported from them.</summary>
internal static class ProbabilityRows
{
    private static readonly EquatableArray<BlockKind> Sfi = SearchSpace.PaperCandidates.ToEquatableArray();

    public static LayerProbabilities Row(int layer, double s, double f, double identity) =>
        new(layer, Sfi, new[] { s, f, identity }.ToEquatableArray());
}
