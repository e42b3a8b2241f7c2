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

    [Fact]
    public void The_best_scored_finalist_within_the_measured_budget_is_chosen()
    {
        var finalists = new[] { Finalist("sfsf", 1.00, 0.80), Finalist("sfff", 1.02, 0.60), Finalist("ffff", 1.10, 0.40) };

        var (chosen, kept) = MeasuredDerivation.Choose(finalists, budgetRatio: 0.65, tolerance: 0);
        Assert.True(kept);
        Assert.Same(finalists[1], chosen);

        var (fastest, keptNone) = MeasuredDerivation.Choose(finalists, budgetRatio: 0.3, tolerance: 0);
        Assert.False(keptNone);
        Assert.Same(finalists[2], fastest);

        Assert.Same(finalists[0], MeasuredDerivation.Choose(finalists, budgetRatio: null, tolerance: 0).Chosen);
    }

    [Fact]
    public void A_finalist_over_the_budget_by_less_than_the_tolerance_keeps_it_and_one_over_by_more_does_not()
    {
        // KJV's main job (session 8): the climb's best measured 0.658 against a 0.65 budget, a layout 1.9% worse 0.645.
        var finalists = new[] { Finalist("sffffssfff", 1.765, 0.658), Finalist("fsfffssfff", 1.798, 0.645) };
        Assert.Same(finalists[0], MeasuredDerivation.Choose(finalists, budgetRatio: 0.65, tolerance: 0.03).Chosen);
        Assert.Same(finalists[1], MeasuredDerivation.Choose(finalists, budgetRatio: 0.65, tolerance: 0).Chosen);

        // A table wrong for the machine by far more than the timing's resolution is still caught.
        var mispriced = new[] { Finalist("sffffssfff", 1.765, 0.76), Finalist("fsfffssfff", 1.798, 0.645) };
        Assert.Same(mispriced[1], MeasuredDerivation.Choose(mispriced, budgetRatio: 0.65, tolerance: 0.03).Chosen);
    }

    [Fact]
    public void Finalists_with_the_same_blocks_are_judged_by_all_their_rounds_and_others_by_their_own()
    {
        // Moby Dick's main job (session 8): two layouts of the same blocks measured 0.663 and 0.577 beside another run.
        var finalists = new[] { Finalist("sffsfsfff", 1.95, 0), Finalist("sffs (f)x8", 1.99, 0), Finalist("ffssfsfff", 2.00, 0) };
        IReadOnlyList<double>[] rounds = [[0.66, 0.67, 0.663], [0.60, 0.61, 0.608], [0.57, 0.58, 0.577]];

        // The first and third: three attention and six feed-forward blocks each, the median of all six rounds.
        Assert.Equal(0.62, MeasuredDerivation.SameWorkRatio(finalists, rounds, 0), precision: 9);
        Assert.Equal(0.62, MeasuredDerivation.SameWorkRatio(finalists, rounds, 2), precision: 9);
        Assert.Equal(0.608, MeasuredDerivation.SameWorkRatio(finalists, rounds, 1), precision: 9);
    }

    private static ScoredCandidate Finalist(string layout, double loss, double ratio) =>
        new(new CandidateLayout([], Par.Dsl.Parsing.ParParser.Parse(layout, "x.par").Models.Single().Layout, 0, null), loss, MeasuredMs: 10 * ratio, MeasuredRatio: ratio);
}
