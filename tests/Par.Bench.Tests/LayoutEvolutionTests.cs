using System;
using System.Collections.Generic;
using System.Linq;
using Par.Dsl.Model;
using Par.Dsl.Printing;
using Par.Bench.Experiments.DerivationPipeline;
using Par.Search.Derivation;
using Par.Search.Latency;
using Par.Search.Progress;
using Par.Search.Space;
using Par.Search.Tests;
using static Par.Search.Tests.ProbabilityRows;

namespace Par.Bench.Tests;

public sealed class LayoutEvolutionTests
{
    private static readonly SearchSpace Space = DerivationSpaces.Uniform(6);
    private static readonly BlockLatencyTable Table = DerivationSpaces.Table;

    // The learned distribution puts attention anywhere but layer 0 (p(s) 0.02 there), as the soft supernet did on real text.
    private static readonly LayerProbabilities[] Probabilities =
        [Row(0, 0.02, 0.9, 0.08), Row(1, 0.5, 0.4, 0.1), Row(2, 0.3, 0.6, 0.1), Row(3, 0.5, 0.4, 0.1), Row(4, 0.2, 0.6, 0.2), Row(5, 0.2, 0.5, 0.3)];

    // A hand-made measurement: what the text rewards is attention in layer 0 and feed-forward depth, not where the logits point.
    private static double HandMadeLoss(CandidateLayout candidate)
    {
        var kinds = candidate.Choices.Select((choice, index) => Space.Layers[index].Candidates[choice]).ToList();
        return 3.0 - (kinds[0] == BlockKind.SelfAttention ? 1.0 : 0) - (0.1 * kinds.Count(kind => kind == BlockKind.FeedForward))
            - (0.05 * kinds.Count(kind => kind == BlockKind.SelfAttention));
    }

    private static IReadOnlyList<ScoredCandidate> Evolve(int generations, double? budgetMs, int seed = 1)
    {
        var beam = CandidateLayouts.MostProbable(Space, Probabilities, 4, Table, budgetMs)
            .Select(candidate => new ScoredCandidate(candidate, HandMadeLoss(candidate)))
            .ToList();
        var options = new PipelineOptions { Generations = generations, Parents = 6 };
        return LayoutEvolution.Run(Space, Probabilities, beam, HandMadeLoss, options, Table, budgetMs, seed);
    }

    [Fact]
    public void Evolution_finds_a_better_layout_the_beam_never_lists_and_keeps_the_budget()
    {
        const double budgetMs = 2.5;
        var beamOnly = Evolve(generations: 0, budgetMs);
        var evolved = Evolve(generations: 12, budgetMs);

        Assert.DoesNotContain(beamOnly, entry => entry.Candidate.Choices[0] == 0); // choice 0 of [sf-] is attention
        Assert.Equal(0, evolved[0].Candidate.Choices[0]); // attention in layer 0
        Assert.True(evolved[0].HeldOutLoss < beamOnly[0].HeldOutLoss, $"{evolved[0].HeldOutLoss} is no better than the beam's {beamOnly[0].HeldOutLoss}");
        Assert.All(evolved, entry => Assert.True(entry.Candidate.PredictedMs <= budgetMs, $"{ParPrinter.PrintLayout(entry.Candidate.Layout)} costs {entry.Candidate.PredictedMs} ms"));
        Assert.InRange(evolved.Count, beamOnly.Count + 6, beamOnly.Count + (12 * 6)); // at most one new layout per place, never a repeat
        Assert.Equal(evolved.Count, evolved.Select(entry => string.Join(',', entry.Candidate.Choices)).Distinct().Count());
        Assert.Equal(evolved.Select(entry => entry.HeldOutLoss).Order(), evolved.Select(entry => entry.HeldOutLoss));
    }

    [Fact]
    public void A_seed_repeats_its_evolution_and_children_carry_their_probability_and_price()
    {
        var first = Evolve(generations: 5, budgetMs: null);
        var again = Evolve(generations: 5, budgetMs: null);

        Assert.Equal(first.Select(entry => entry.Candidate.Choices), again.Select(entry => entry.Candidate.Choices));
        var child = first.First(entry => entry.Candidate.Choices[0] == 0).Candidate;
        var kinds = child.Choices.Select((choice, index) => Space.Layers[index].Candidates[choice]).ToList();
        Assert.Equal(kinds.Select((kind, index) => Math.Log(Probabilities[index].Of(kind))).Sum(), child.LogProbability, 12);
        Assert.Equal(kinds.Sum(Table.LatencyOf), child.PredictedMs!.Value, 12);
        Assert.Equal(kinds.Where(kind => kind != BlockKind.Identity), child.Layout.Select(layer => layer.Block));
    }
}
