using System;
using System.Linq;
using Par.Runtime.Data;
using Par.Search.Sampling;
using Par.Search.Space;
using Par.Search.Derivation;
using Par.Search.Latency;

namespace Par.Search.Tests;

public sealed class MeasuredDerivationTests
{
    // Attention costs four feed-forward blocks; the tiny space's interleaved baseline costs 2.5 ms.
    private static readonly BlockLatencyTable Table = new("cpu/1 threads", 16, 32, 2, 8, 8, AttentionMs: 1.0, FeedForwardMs: 0.25, CachedAttention: true);

    [Fact]
    public void A_tiny_search_with_a_budget_returns_a_scored_layout_priced_within_it()
    {
        var options = TinySearch.Options with
        {
            Latency = new() { Weight = 1, Form = LatencyLossForm.Budget, Target = 0.5 },
            Derivation = new() { Strategy = DerivationStrategy.Halving, Candidates = 6, Segments = 2, Finalists = 2 },
        };

        var result = new ArchitectureSearch(TinySearch.Space, options, Table).Run(TinySearch.Tokens());

        var derivation = Assert.IsType<MeasuredDerivationResult>(result.MeasuredDerivation);
        Assert.Equal(1.25, result.LatencyBudgetMs!.Value, 12);
        Assert.Equal(0.5, derivation.BudgetRatio!.Value, 12);
        Assert.True(Table.LayoutLatencyMs(result.Found) <= result.LatencyBudgetMs, $"{result.Found.Layout} is priced over the budget");
        Assert.Equal(derivation.Chosen.Candidate.Layout, result.Found.Layout);
        Assert.InRange(derivation.Scored.Count, 2, 6);
        Assert.All(derivation.Scored, entry => Assert.True(entry.Candidate.PredictedMs <= 1.25));

        // Finalists are the best-scored, each timed; the chosen one is a finalist.
        var finalists = derivation.Scored.Take(2).ToList();
        Assert.All(finalists, entry => Assert.True(entry.MeasuredMs > 0 && entry.MeasuredRatio > 0));
        Assert.All(derivation.Scored.Skip(2), entry => Assert.Null(entry.MeasuredMs));
        Assert.Contains(derivation.Chosen, finalists);
        Assert.True(derivation.BaselineMs > 0);
    }

    [Fact]
    public void A_tiny_search_that_trains_layouts_from_scratch_chooses_a_trained_one_within_the_budget()
    {
        var options = TinySearch.Options with
        {
            Latency = new() { Weight = 1, Form = LatencyLossForm.Budget, Target = 0.5 },
            Derivation = new() { Strategy = DerivationStrategy.Halving, Candidates = 6, Segments = 2, Finalists = 2, HalvingLayouts = 4 },
        };

        var result = new ArchitectureSearch(TinySearch.Space, options, Table).Run(TinySearch.Tokens());

        var derivation = Assert.IsType<MeasuredDerivationResult>(result.MeasuredDerivation);
        Assert.True(Table.LayoutLatencyMs(result.Found) <= result.LatencyBudgetMs, $"{result.Found.Layout} is priced over the budget");
        Assert.All(derivation.Scored, entry => Assert.True(entry.Candidate.PredictedMs <= result.LatencyBudgetMs));
        var trained = derivation.Scored.Where(entry => entry.ScratchLoss is not null).ToList();
        Assert.InRange(trained.Count, 2, 4);
        Assert.Equal(trained, derivation.Scored.Take(trained.Count)); // trained layouts rank first
        Assert.True(trained[0].ScratchLoss <= trained[1].ScratchLoss); // the last rung's pair by loss
        Assert.NotNull(derivation.Chosen.ScratchLoss);
        Assert.Equal(derivation.Chosen.Candidate.Layout, result.Found.Layout);
    }

    [Fact]
    public void The_chosen_layout_does_not_depend_on_how_fast_the_finalists_ran()
    {
        var options = TinySearch.Options with
        {
            Latency = new() { Weight = 1, Form = LatencyLossForm.Budget, Target = 0.5 },
            Derivation = new() { Strategy = DerivationStrategy.Halving, Candidates = 6, Segments = 2, Finalists = 3 },
        };

        // Clocks no real machine has: the best-ranked finalist far over the budget, or every finalist far under it,
        // or the ranking's reverse.
        MeasuredDerivationResult DerivedWith(Func<int, int, double> ratio)
        {
            var search = new ArchitectureSearch(TinySearch.Space, options, Table)
            {
                FinalistTimer = (finalists, _, _, _) =>
                {
                    var ratios = finalists.Select((_, index) => ratio(index, finalists.Count)).ToArray();
                    return ([.. ratios.Select(value => 10 * value)], ratios, 10);
                },
            };
            return search.Run(TinySearch.Tokens()).MeasuredDerivation!;
        }

        var slowBest = DerivedWith((index, _) => index == 0 ? 5.0 : 0.1);
        var allFast = DerivedWith((_, _) => 0.01);
        var reversed = DerivedWith((index, count) => 0.2 + (count - index));

        Assert.True(slowBest.Scored.Count(entry => entry.MeasuredRatio is not null) >= 2, "too few finalists to tell timings apart");
        Assert.Equal(slowBest.Scored[0], slowBest.Chosen);
        Assert.Equal(5.0, slowBest.Chosen.MeasuredRatio);
        Assert.True(slowBest.WithinBudget);
        Assert.Equal(slowBest.Chosen.Candidate.Layout, allFast.Chosen.Candidate.Layout);
        Assert.Equal(slowBest.Chosen.Candidate.Layout, reversed.Chosen.Candidate.Layout);
        Assert.True(Table.LayoutLatencyMs(new Par.Dsl.Model.ParModel("Chosen", slowBest.Chosen.Candidate.Layout, TinySearch.HyperParameters)) <= 1.25);
    }

    [Fact]
    public void Inherited_weight_scores_differ_between_layouts_and_repeat_for_the_same_one()
    {
        var options = TinySearch.Options with { Derivation = new() { Strategy = DerivationStrategy.Halving, Candidates = 4, Segments = 2, Finalists = 1 } };

        var first = new ArchitectureSearch(TinySearch.Space, options).Run(TinySearch.Tokens()).MeasuredDerivation!;
        var again = new ArchitectureSearch(TinySearch.Space, options).Run(TinySearch.Tokens()).MeasuredDerivation!;

        Assert.Equal(first.Scored.Select(entry => entry.HeldOutLoss), again.Scored.Select(entry => entry.HeldOutLoss));
        Assert.True(first.Scored.Select(entry => entry.HeldOutLoss).Distinct().Count() > 1, "every layout scored the same");
        Assert.Null(first.BudgetRatio);
        Assert.True(first.WithinBudget);
    }
}
