using System;
using System.Collections.Generic;
using System.Linq;
using Par.Dsl.Model;
using Par.Search.Latency;
using Par.Search.Progress;
using Par.Search.Space;

namespace Par.Search.Derivation;

/// <summary>
/// HAT's evolutionary search over layouts, started from the most probable ones: each generation keeps the
/// <see cref="DerivationOptions.Parents"/> best-scored choices found so far and adds as many children, half by mutation
/// (every choice layer redrawn uniformly among its candidates with <see cref="DerivationOptions.MutationProbability"/>)
/// and half by crossover (each layer from one of two parents). Children priced over the budget by the table, giving
/// no network, or already scored are drawn again. Uniform mutation reaches layouts the learned distribution rates
/// low, which the beam never lists: on real text the supernet's logits kept attention out of layer 0 while layouts
/// trained from scratch showed it pays there (docs/results.md), and only a score can tell.
/// </summary>
internal static class LayoutEvolution
{
    // How often a child is drawn again before a generation gives up on filling its places.
    private const int AttemptsPerChild = 50;

    /// <param name="space">The searched space.</param>
    /// <param name="probabilities">Final probabilities, to report each child's log-probability.</param>
    /// <param name="initial">The scored starting population (the beam's candidates).</param>
    /// <param name="score">A candidate's held-out loss, lower is better.</param>
    /// <param name="options">Generations, parents and mutation probability.</param>
    /// <param name="table">Block latencies, to price children; null prices nothing.</param>
    /// <param name="budgetMs">The latency each child must keep (table milliseconds), or null.</param>
    /// <param name="seed">Seeds the draws, so a search repeats its derivation.</param>
    /// <returns>Every candidate scored, the initial ones included, best first.</returns>
    public static IReadOnlyList<ScoredCandidate> Run(
        SearchSpace space, IReadOnlyList<LayerProbabilities> probabilities, IReadOnlyList<ScoredCandidate> initial,
        Func<CandidateLayout, double> score, DerivationOptions options, BlockLatencyTable? table, double? budgetMs, int seed)
    {
        var random = new Random(seed);
        var scored = initial.ToDictionary(entry => Key(entry.Candidate.Choices));
        var choiceLayers = Enumerable.Range(0, space.LayerCount).Where(index => space.Layers[index].IsChoice).ToArray();
        for (var generation = 0; generation < options.Generations && choiceLayers.Length > 0; generation++)
        {
            var parents = Best(scored.Values, options.Parents);
            var children = new List<CandidateLayout>();
            for (var place = 0; place < options.Parents; place++)
            {
                var mutate = place % 2 == 0;
                for (var attempt = 0; attempt < AttemptsPerChild; attempt++)
                {
                    var choices = mutate
                        ? Mutate(parents[random.Next(parents.Count)].Candidate.Choices, space, choiceLayers, options.MutationProbability, random)
                        : Cross(parents[random.Next(parents.Count)].Candidate.Choices, parents[random.Next(parents.Count)].Candidate.Choices, random);
                    var child = Candidate(space, probabilities, choices, table);
                    if (child is null || scored.ContainsKey(Key(child.Choices)) || children.Any(other => Key(other.Choices) == Key(child.Choices))
                        || (budgetMs is { } budget && child.PredictedMs > budget))
                    {
                        continue;
                    }

                    children.Add(child);
                    break;
                }
            }

            foreach (var child in children)
            {
                scored[Key(child.Choices)] = new ScoredCandidate(child, score(child));
            }
        }

        return Best(scored.Values, scored.Count);
    }

    /// <summary>The candidate the choices give, or null when they give no network (every layer identity).</summary>
    internal static CandidateLayout? Candidate(SearchSpace space, IReadOnlyList<LayerProbabilities> probabilities, int[] choices, BlockLatencyTable? table)
    {
        var kinds = KindsOf(space, choices);
        var layout = CandidateLayouts.LayoutOf(kinds);
        if (layout.Count == 0)
        {
            return null;
        }

        var logProbability = kinds.Select((kind, index) => space.Layers[index].IsChoice ? Math.Log(Math.Max(probabilities[index].Of(kind), double.Epsilon)) : 0).Sum();
        return new CandidateLayout(choices.ToEquatableArray(), layout, logProbability, table is null ? null : kinds.Sum(table.LatencyOf));
    }

    /// <summary>The block each space layer holds under <paramref name="choices"/> (a fixed layer its own).</summary>
    internal static BlockKind[] KindsOf(SearchSpace space, IEnumerable<int> choices) =>
        choices.Select((choice, index) => space.Layers[index].IsChoice ? space.Layers[index].Candidates[choice] : space.Layers[index].Block).ToArray();

    private static int[] Mutate(EquatableArray<int> parent, SearchSpace space, int[] choiceLayers, double probability, Random random)
    {
        var child = parent.ToArray();
        foreach (var index in choiceLayers)
        {
            if (random.NextDouble() < probability)
            {
                child[index] = random.Next(space.Layers[index].Candidates.Count);
            }
        }

        return child;
    }

    private static int[] Cross(EquatableArray<int> first, EquatableArray<int> second, Random random) =>
        first.Select((choice, index) => random.Next(2) == 0 ? choice : second[index]).ToArray();

    // Ties by the choices' text, so a generation's parents are the same on every run.
    private static List<ScoredCandidate> Best(IEnumerable<ScoredCandidate> candidates, int count) =>
        candidates.OrderBy(entry => entry.HeldOutLoss).ThenBy(entry => Key(entry.Candidate.Choices), StringComparer.Ordinal).Take(count).ToList();

    private static string Key(IEnumerable<int> choices) => string.Join(',', choices);
}
