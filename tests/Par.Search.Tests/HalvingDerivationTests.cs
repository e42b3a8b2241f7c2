using System;
using System.Collections.Generic;
using System.Linq;
using Par.Dsl.Model;
using Par.Dsl.Printing;
using Par.Runtime.Data;
using Par.Search.Derivation;
using Par.Search.Latency;
using Par.Search.Progress;
using Par.Search.Space;
using static Par.Search.Tests.ProbabilityRows;

namespace Par.Search.Tests;

/// <summary>The halving derivation on a hand-made probability table, with hand-made scores, trainings and timings.</summary>
public sealed class HalvingDerivationTests
{
    private static readonly SearchSpace Space = DerivationSpaces.Uniform(6);

    // Attention likely early, feed-forward late, identity possible everywhere.
    private static readonly LayerProbabilities[] Probabilities =
        [Row(0, 0.6, 0.3, 0.1), Row(1, 0.5, 0.4, 0.1), Row(2, 0.3, 0.6, 0.1), Row(3, 0.3, 0.5, 0.2), Row(4, 0.2, 0.5, 0.3), Row(5, 0.1, 0.5, 0.4)];

    // 2.5 ms of blocks: two attention blocks (1 ms each) and two feed-forward blocks (0.25 ms each) at most.
    private const double BudgetMs = 2.5;

    private static string Text(CandidateLayout candidate) => ParPrinter.PrintLayout(candidate.Layout).Replace(" ", string.Empty);

    // A search of 100 steps on the hand-made table, its layouts scored and trained by the given functions.
    private static DerivationInputs Inputs(DerivationOptions options, double budgetMs, Func<CandidateLayout, double> inherited, Func<CandidateLayout, int, double> trained) => new()
    {
        Space = Space,
        Probabilities = Probabilities,
        WeightData = new TokenStream([]),
        HeldOut = new TokenStream([]),
        Table = DerivationSpaces.Table,
        BudgetMs = budgetMs,
        Options = options,
        SearchSteps = 100,
        Recipe = TinySearch.Options.TrainingRecipe(TinySearch.HyperParameters),
        InheritedLossOf = inherited,
        TrainedLossOf = trained,
    };

    // The finalists timed at the given ratios to the baseline, whatever they are.
    private static MeasuredDerivationResult Derive(DerivationInputs inputs, double[] finalistRatios) =>
        MeasuredDerivation.Derive(inputs, new LatencyObjective(), (finalists, _, _, _) =>
            ([.. finalists.Select((_, index) => 10 * finalistRatios[index])], [.. finalists.Select((_, index) => finalistRatios[index])], 10));

    private static (MeasuredDerivationResult Result, List<(string Layout, int Steps)> Trainings) Derive(DerivationOptions options, double[] finalistRatios)
    {
        var trainings = new List<(string Layout, int Steps)>();

        // Inherited weights prefer fewer blocks; a training prefers attention in layer 0 and more blocks, the more so the
        // longer it trains.
        var inputs = Inputs(options, BudgetMs, candidate => 3.0 + (0.01 * candidate.Layout.Count), (candidate, steps) =>
        {
            trainings.Add((Text(candidate), steps));
            var attentionFirst = candidate.Layout[0].Block == BlockKind.SelfAttention ? 0.2 : 0;
            return 3.0 - ((attentionFirst + (0.01 * candidate.Layout.Count)) * steps / 100.0);
        });
        return (Derive(inputs, finalistRatios), trainings);
    }

    [Fact]
    public void The_halving_keeps_the_best_trained_layout_within_the_budget_and_counts_every_step_it_trained()
    {
        var options = new DerivationOptions { Strategy = DerivationStrategy.Halving, Candidates = 8, HalvingLayouts = 4, HalvingStepsShare = 4 };

        var (result, trainings) = Derive(options, [0.5, 0.6, 0.7]);

        // Every layout considered keeps the budget by the table; only those were trained.
        Assert.All(result.Scored, entry => Assert.True(entry.Candidate.PredictedMs <= BudgetMs, $"{Text(entry.Candidate)} priced over the budget"));
        Assert.True(result.WithinBudget);
        Assert.All(trainings, training => Assert.Contains(result.Scored, entry => Text(entry.Candidate) == training.Layout));

        // 400 steps over two rungs: 4 layouts for 50 steps, then the better 2 for 100; never more than the budget.
        Assert.Equal(4, trainings.Count(training => training.Steps == 50));
        Assert.Equal(2, trainings.Count(training => training.Steps == 100));
        Assert.Equal(trainings.Sum(training => training.Steps), result.TrainingStepsSpent);
        Assert.True(result.TrainingStepsSpent <= options.HalvingStepsOf(100));

        // The four best by inherited score went in; the winner is the last rung's best, whatever the finalists' times.
        var firstRung = trainings.Where(training => training.Steps == 50).Select(training => training.Layout).ToHashSet();
        var inheritedBest = result.Scored.OrderBy(entry => entry.HeldOutLoss).ThenBy(entry => string.Join(',', entry.Candidate.Choices)).Take(4).Select(entry => Text(entry.Candidate));
        Assert.Equal(firstRung.Order(), inheritedBest.Order());
        var lastRung = result.Scored.Where(entry => entry.ScratchSteps == 100).ToList();
        Assert.Equal(lastRung.MinBy(entry => entry.ScratchLoss), result.Chosen);
        Assert.Equal(result.Scored[0], result.Chosen);
        Assert.Equal(0.5, result.Chosen.MeasuredRatio);
        Assert.Equal(Text(result.Chosen.Candidate), Text(Derive(options, [9.0, 0.1, 0.1]).Result.Chosen.Candidate));
    }

    [Fact]
    public void Without_a_layout_within_the_budget_the_most_probable_are_ranked_and_the_result_says_so()
    {
        var options = new DerivationOptions { Strategy = DerivationStrategy.Halving, Candidates = 4, HalvingLayouts = 2, HalvingStepsShare = 1 };
        var trainings = new List<int>();
        var inputs = Inputs(options, budgetMs: 0.1, candidate => 3.0, (candidate, steps) => // under one feed-forward block
        {
            trainings.Add(steps);
            return 2.0;
        });

        var result = Derive(inputs, [1.0, 1.0, 1.0]);

        Assert.False(result.WithinBudget);
        Assert.Equal(4, result.Scored.Count);
        Assert.Equal([50, 50], trainings);
        Assert.Equal(100, result.TrainingStepsSpent);
    }
}
