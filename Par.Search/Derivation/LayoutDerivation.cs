using System;
using System.Collections.Generic;
using System.Linq;
using Par.Dsl.Model;
using Par.Search.Progress;
using Par.Search.Space;

namespace Par.Search.Derivation;

/// <summary>
/// Turns final search probabilities into a fixed model: the most probable block per layer, identity layers
/// dropped (they are the layers the search found unnecessary), with the space's hyper-parameters. If every
/// layer comes out as identity, the single most probable other block is kept, so the result is still a network.
/// </summary>
public static class LayoutDerivation
{
    public const string DefaultName = "Found";

    public static ParModel Derive(SearchSpace space, IReadOnlyList<LayerProbabilities> finalProbabilities, string name = DefaultName)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(finalProbabilities);
        if (finalProbabilities.Count != space.LayerCount)
        {
            throw new ArgumentException(
                $"The space has {space.LayerCount} layers but {finalProbabilities.Count} probability rows were given.",
                nameof(finalProbabilities));
        }

        var layers = new List<Layer>();
        for (var index = 0; index < space.LayerCount; index++)
        {
            var chosen = space.Layers[index].IsChoice ? finalProbabilities[index].MostProbable : space.Layers[index].Block;
            if (chosen != BlockKind.Identity)
            {
                layers.Add(Layer.Fixed(chosen));
            }
        }

        if (layers.Count == 0)
        {
            // A network needs at least one block: keep the single most probable non-identity candidate.
            layers.Add(Layer.Fixed(MostProbableBlock(space, finalProbabilities)));
        }

        return new ParModel(name, layers.ToEquatableArray(), space.HyperParameters);
    }

    private static BlockKind MostProbableBlock(SearchSpace space, IReadOnlyList<LayerProbabilities> probabilities) =>
        probabilities
            .SelectMany(layer => layer.Candidates.Select((kind, index) => (Kind: kind, Probability: layer.Probabilities[index])))
            .Where(candidate => candidate.Kind != BlockKind.Identity)
            .OrderByDescending(candidate => candidate.Probability)
            .ThenBy(candidate => candidate.Kind)
            .Select(candidate => candidate.Kind)
            .DefaultIfEmpty(BlockKind.FeedForward)
            .First();
}
