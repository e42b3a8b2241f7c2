using System;
using System.Collections.Generic;
using System.Linq;
using Par.Dsl.Model;
using Par.Dsl.Printing;
using Par.Search.Derivation;
using Par.Search.Latency;
using Par.Search.Progress;
using Par.Search.Space;
using static Par.Search.Tests.ProbabilityRows;

namespace Par.Search.Tests;

public sealed class CandidateLayoutsTests
{
    private static readonly SearchSpace Space = DerivationSpaces.Uniform(3);
    private static readonly BlockLatencyTable Table = DerivationSpaces.Table;

    // Layer 0 wants attention, layer 1 feed-forward, layer 2 is nearly a tie between attention and identity.
    private static readonly LayerProbabilities[] Probabilities = [Row(0, 0.7, 0.2, 0.1), Row(1, 0.1, 0.8, 0.1), Row(2, 0.40, 0.22, 0.38)];

    private static string Text(CandidateLayout candidate) => ParPrinter.PrintLayout(candidate.Layout).Replace(" ", string.Empty);

    [Fact]
    public void The_first_candidate_is_the_per_layer_argmax_and_the_rest_follow_by_joint_probability()
    {
        var candidates = CandidateLayouts.MostProbable(Space, Probabilities, 4, Table);

        Assert.Equal(["sfs", "sf", "sff", "ffs"], candidates.Select(Text));
        Assert.Equal(Math.Log(0.7 * 0.8 * 0.40), candidates[0].LogProbability, 12);
        Assert.True(candidates.Zip(candidates.Skip(1)).All(pair => pair.First.LogProbability >= pair.Second.LogProbability));
        Assert.Equal(2.25, candidates[0].PredictedMs!.Value, 12);
        Assert.Equal([0, 1, 0], candidates[0].Choices);
    }

    [Fact]
    public void With_a_budget_no_candidate_is_priced_over_it()
    {
        var candidates = CandidateLayouts.MostProbable(Space, Probabilities, 6, Table, budgetMs: 1.3);

        Assert.NotEmpty(candidates);
        Assert.All(candidates, candidate => Assert.True(candidate.PredictedMs <= 1.3, $"{Text(candidate)} costs {candidate.PredictedMs} ms"));
        Assert.Equal("sf", Text(candidates[0])); // the argmax sfs (2.25 ms) is over; dropping its last layer keeps it
    }

    [Fact]
    public void Choices_that_give_the_same_layout_count_once_and_no_candidate_is_empty()
    {
        var space = SearchSpace.Uniform("Net", 2, HyperParameters.Default with { DModel = 32, Heads = 2 });
        var candidates = CandidateLayouts.MostProbable(space, [Row(0, 0.0, 0.5, 0.5), Row(1, 0.0, 0.5, 0.5)], 10, Table);

        // f- and -f both give f; -- is no network.
        Assert.Equal(candidates.Select(Text).Distinct().Count(), candidates.Count);
        Assert.DoesNotContain(candidates, candidate => candidate.Layout.Count == 0);
        Assert.Contains(candidates, candidate => Text(candidate) == "f");
        Assert.Contains(candidates, candidate => Text(candidate) == "ff");
    }

    [Fact]
    public void A_budget_without_a_table_is_refused()
    {
        Assert.Throws<ArgumentException>(() => CandidateLayouts.MostProbable(Space, Probabilities, 2, table: null, budgetMs: 1));
    }
}
