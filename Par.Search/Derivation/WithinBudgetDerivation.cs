using System;
using System.Collections.Generic;
using System.Linq;
using Par.Dsl.Model;
using Par.Search.Latency;
using Par.Search.Progress;
using Par.Search.Space;

namespace Par.Search.Derivation;

/// <summary>
/// The most probable per-layer choices whose table latency keeps the budget: the paper's argmax, asked under the
/// constraint the search was given. The budget latency loss bounds the supernet's <em>expected</em> latency, and the
/// unconstrained argmax of a spread-out distribution can be priced far over it; this is the layout the same distribution
/// prefers among those that keep the budget. Exact, not a beam: a layout's price depends only on how many attention and
/// feed-forward blocks it holds, so going layer by layer it is enough to keep, for each such count, the most probable
/// choices reaching it, and to take at the end the most probable count priced within the budget.
/// </summary>
public static class WithinBudgetDerivation
{
    /// <returns>The most probable layout priced within <paramref name="budgetMs"/> (never an all-identity one), or null when none is.</returns>
    public static CandidateLayout? MostProbable(SearchSpace space, IReadOnlyList<LayerProbabilities> probabilities, BlockLatencyTable table, double budgetMs)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(table);
        if (probabilities.Count != space.LayerCount)
        {
            throw new ArgumentException($"The space has {space.LayerCount} layers but {probabilities.Count} probability rows were given.", nameof(probabilities));
        }

        var best = new Dictionary<(int Attention, int FeedForward), Partial> { [(0, 0)] = new(0, []) };
        for (var index = 0; index < space.LayerCount; index++)
        {
            var layer = space.Layers[index];
            var next = new Dictionary<(int Attention, int FeedForward), Partial>();
            // States in a fixed order and a strict comparison, so equal probabilities give the same layout on every run.
            foreach (var (counts, partial) in best.OrderBy(state => state.Key))
            {
                var options = layer.IsChoice ? layer.Candidates.Select((kind, choice) => (kind, choice)).ToList() : [(layer.Block, 0)];
                foreach (var (kind, choice) in options)
                {
                    var logP = layer.IsChoice ? Math.Log(Math.Max(probabilities[index].Of(kind), double.Epsilon)) : 0;
                    var reached = (counts.Attention + (kind == BlockKind.SelfAttention ? 1 : 0), counts.FeedForward + (kind == BlockKind.FeedForward ? 1 : 0));
                    var candidate = new Partial(partial.LogProbability + logP, [.. partial.Choices, choice]);
                    if (!next.TryGetValue(reached, out var held) || candidate.LogProbability > held.LogProbability)
                    {
                        next[reached] = candidate;
                    }
                }
            }

            best = next;
        }

        var chosen = best
            .Where(state => state.Key != (0, 0) && PriceMs(table, state.Key) <= budgetMs)
            .OrderByDescending(state => state.Value.LogProbability)
            .ThenBy(state => state.Key)
            .Select(state => state.Value)
            .FirstOrDefault();
        return chosen is null ? null : CandidateLayouts.Of(space, probabilities, chosen.Choices, table);
    }

    private static double PriceMs(BlockLatencyTable table, (int Attention, int FeedForward) counts) =>
        (counts.Attention * table.LatencyOf(BlockKind.SelfAttention)) + (counts.FeedForward * table.LatencyOf(BlockKind.FeedForward));

    private sealed record Partial(double LogProbability, int[] Choices);
}
