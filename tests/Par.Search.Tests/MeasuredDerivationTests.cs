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
            Derivation = new() { Mode = DerivationMode.Measured, Candidates = 6, Segments = 2, Finalists = 2 },
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
        var losses = derivation.Scored.Select(entry => entry.HeldOutLoss).ToList();
        Assert.Equal(losses.Order(), losses.Take(2).Order().Concat(losses.Skip(2)));
        Assert.True(derivation.BaselineMs > 0);
    }

    [Fact]
    public void A_tiny_search_that_trains_layouts_from_scratch_chooses_a_trained_one_within_the_budget()
    {
        var options = TinySearch.Options with
        {
            Latency = new() { Weight = 1, Form = LatencyLossForm.Budget, Target = 0.5 },
            Derivation = new() { Mode = DerivationMode.Measured, Candidates = 6, Segments = 2, Finalists = 2, ScratchShare = 0.5, ScratchTrainings = 3 },
        };

        var result = new ArchitectureSearch(TinySearch.Space, options, Table).Run(TinySearch.Tokens());

        var derivation = Assert.IsType<MeasuredDerivationResult>(result.MeasuredDerivation);
        Assert.True(Table.LayoutLatencyMs(result.Found) <= result.LatencyBudgetMs, $"{result.Found.Layout} is priced over the budget");
        Assert.All(derivation.Scored, entry => Assert.True(entry.Candidate.PredictedMs <= result.LatencyBudgetMs));
        var trained = derivation.Scored.Where(entry => entry.ScratchLoss is not null).ToList();
        Assert.InRange(trained.Count, 1, 3);
        Assert.Equal(trained, derivation.Scored.Take(trained.Count)); // trained layouts rank first, best first
        Assert.Equal(trained.Select(entry => entry.ScratchLoss).Order(), trained.Select(entry => entry.ScratchLoss));
        Assert.NotNull(derivation.Chosen.ScratchLoss);
        Assert.Equal(derivation.Chosen.Candidate.Layout, result.Found.Layout);
    }

    [Fact]
    public void The_chosen_layout_does_not_depend_on_how_fast_the_finalists_ran()
    {
        var options = TinySearch.Options with
        {
            Latency = new() { Weight = 1, Form = LatencyLossForm.Budget, Target = 0.5 },
            Derivation = new() { Mode = DerivationMode.Measured, Candidates = 6, Segments = 2, Finalists = 3 },
        };

        // Clocks no real machine has: the best-ranked finalist far over the budget, or every finalist far under it,
        // or the ranking's reverse.
        MeasuredDerivationResult DerivedWith(Func<int, int, double> ratio)
        {
            var search = new ArchitectureSearch(TinySearch.Space, options, Table)
            {
                FinalistTimer = (_, finalists, _, _) =>
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
        var options = TinySearch.Options with { Derivation = new() { Mode = DerivationMode.Measured, Candidates = 4, Segments = 2, Finalists = 1 } };

        var first = new ArchitectureSearch(TinySearch.Space, options).Run(TinySearch.Tokens()).MeasuredDerivation!;
        var again = new ArchitectureSearch(TinySearch.Space, options).Run(TinySearch.Tokens()).MeasuredDerivation!;

        Assert.Equal(first.Scored.Select(entry => entry.HeldOutLoss), again.Scored.Select(entry => entry.HeldOutLoss));
        Assert.True(first.Scored.Select(entry => entry.HeldOutLoss).Distinct().Count() > 1, "every layout scored the same");
        Assert.Null(first.BudgetRatio);
        Assert.True(first.WithinBudget);
    }
}

public sealed class FineTunedRankingTests
{
    private static ScoredCandidate Scored(Supernet supernet, SearchSpace space, int[] choices, SearchOptions options, TokenStream heldOut)
    {
        var candidate = LayoutEvolution.Candidate(space, [.. Enumerable.Range(0, space.LayerCount).Select(index => ProbabilityRows.Row(index, 0.4, 0.4, 0.2))], choices, table: null)!;
        return new ScoredCandidate(candidate, MeasuredDerivation.HeldOutLoss(supernet, space, candidate, heldOut, options));
    }

    [Fact]
    public void The_fine_tuned_candidates_come_first_by_their_new_loss_and_the_supernet_gets_its_weights_back()
    {
        var space = TinySearch.Space;
        // Enough steps at a high enough rate for the tiny net to learn the repeats (at 40 it had not): the untrained supernet is at chance.
        var options = TinySearch.Options with { WeightLearningRate = 1e-2, Derivation = new() { Mode = DerivationMode.Measured, Segments = 2, FineTuneSteps = 200, FineTuned = 2 } };
        TorchSharp.torch.random.manual_seed(options.Seed); // the weights' initialisation draws from torch's global generator
        using var supernet = Supernet.Create(space.ToSupernetModel(), options.Seed);
        var tokens = TinySearch.Tokens();
        var heldOut = new TokenStream(tokens.Tokens.ToArray()[2048..]);
        var training = new TokenStream(tokens.Tokens.ToArray()[..2048]);
        ScoredCandidate[] scored = [Scored(supernet, space, [0, 1, 1, 1], options, heldOut), Scored(supernet, space, [1, 0, 1, 2], options, heldOut), Scored(supernet, space, [1, 1, 1, 1], options, heldOut)];

        var reranked = FineTunedRanking.Rerank(supernet, space, scored, training, heldOut, options);

        Assert.All(reranked.Take(2), entry => Assert.NotNull(entry.FineTunedLoss));
        Assert.Null(reranked[2].FineTunedLoss);
        Assert.Same(scored[2], reranked[2]);
        Assert.True(reranked[0].FineTunedLoss <= reranked[1].FineTunedLoss);
        Assert.All(reranked.Take(2), entry => Assert.True(entry.FineTunedLoss < entry.HeldOutLoss, $"{entry.FineTunedLoss} after fine-tuning, {entry.HeldOutLoss} before"));

        // Scored again afterwards, every candidate gets its inherited loss: the fine-tunes left no trace.
        Assert.All(scored, entry => Assert.Equal(entry.HeldOutLoss, MeasuredDerivation.HeldOutLoss(supernet, space, entry.Candidate, heldOut, options)));
    }
}
