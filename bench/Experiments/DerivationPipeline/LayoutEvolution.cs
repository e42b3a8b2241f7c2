using System;
using System.Collections.Generic;
using System.Linq;
using Par.Dsl.Model;
using Par.Search.Derivation;
using Par.Search.Latency;
using Par.Search.Progress;
using Par.Search.Space;

namespace Par.Bench.Experiments.DerivationPipeline;

/// <summary>
/// HAT's evolutionary search over layouts, started from the most probable ones: each generation keeps the
/// <see cref="PipelineOptions.Parents"/> best-scored choices found so far and adds as many children, half by mutation
/// (every choice layer redrawn uniformly among its candidates with <see cref="PipelineOptions.MutationProbability"/>)
/// and half by crossover (each layer from one of two parents). Children priced over the budget by the table, giving
/// no network, or already scored are drawn again. Uniform mutation reaches layouts the learned distribution rates
/// low, which the beam never lists, and only a score can tell whether they are better.
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
        Func<CandidateLayout, double> score, PipelineOptions options, BlockLatencyTable? table, double? budgetMs, int seed)
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
                    var child = CandidateLayouts.Of(space, probabilities, choices, table);
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
