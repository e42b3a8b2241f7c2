using System;
using System.Collections.Generic;
using System.Linq;
using Par.Dsl.Model;
using Par.Search.Derivation;
using Par.Search.Latency;
using Par.Search.Progress;
using Par.Search.Reporting;
using Par.Search.Space;
using static Par.Search.Tests.ProbabilityRows;

namespace Par.Search.Tests;

public sealed class SuccessiveHalvingTests
{
    private static readonly SearchSpace Space = DerivationSpaces.Uniform(4);
    private static readonly LayerProbabilities[] Probabilities = [.. Enumerable.Range(0, 4).Select(layer => Row(layer, 0.3, 0.5, 0.2))];

    // Nine layouts of attention and feed-forward blocks, ranked in this order, each with an inherited score.
    private static readonly ScoredCandidate[] Ranked =
    [
        .. new[] { "ffff", "sfff", "fsff", "ffsf", "fffs", "ssff", "sfsf", "sffs", "fssf" }
            .Select((layout, index) => new ScoredCandidate(
                CandidateLayouts.Of(Space, Probabilities, [.. layout.Select(letter => letter == 's' ? 0 : 1)], DerivationSpaces.Table)!, 4.0 + (0.01 * index))),
    ];

    private static SuccessiveHalving.Rung Rung(int candidates, int steps) => new(candidates, steps);

    private static string Layout(ScoredCandidate entry) => string.Concat(entry.Candidate.Layout.Select(layer => layer.Block.Letter()));

    // A fake training: a fixed loss per layout whatever the steps; every call recorded.
    private static Func<CandidateLayout, int, double> FixedLosses(IReadOnlyDictionary<string, double> losses, List<(string Layout, int Steps)> calls) => (candidate, steps) =>
    {
        var layout = string.Concat(candidate.Layout.Select(layer => layer.Block.Letter()));
        calls.Add((layout, steps));
        return losses[layout];
    };

    [Fact]
    public void Every_rung_spends_an_equal_share_of_the_budget_and_the_whole_never_exceeds_it()
    {
        Assert.Equal([Rung(4, 150), Rung(2, 300)], SuccessiveHalving.Rungs(4, 8, 1200));
        Assert.Equal([Rung(8, 41), Rung(4, 83), Rung(2, 166)], SuccessiveHalving.Rungs(8, 8, 1000));
        Assert.Equal([Rung(4, 100), Rung(2, 200)], SuccessiveHalving.Rungs(6, 8, 800)); // rounded down to a power of two
        Assert.Equal([Rung(4, 100), Rung(2, 200)], SuccessiveHalving.Rungs(16, 5, 800)); // clamped to the candidates at hand

        foreach (var (candidates, budget) in new[] { (4, 1200), (8, 1000), (8, 24), (2, 7) })
        {
            var calls = new List<(string Layout, int Steps)>();
            var outcome = SuccessiveHalving.Run(Ranked, (candidate, steps) =>
            {
                calls.Add((string.Empty, steps));
                return 1.0;
            }, candidates, budget);

            Assert.Equal(calls.Sum(call => call.Steps), outcome.StepsSpent);
            Assert.InRange(outcome.StepsSpent, 1, budget);
        }
    }

    [Fact]
    public void The_better_half_goes_on_at_twice_the_steps_and_the_ranking_puts_later_eliminations_first()
    {
        var losses = new Dictionary<string, double>
        {
            ["ffff"] = 5, ["sfff"] = 3, ["fsff"] = 7, ["ffsf"] = 1, ["fffs"] = 3.5, ["ssff"] = 8, ["sfsf"] = 2, ["sffs"] = 6,
        };
        var calls = new List<(string Layout, int Steps)>();

        var outcome = SuccessiveHalving.Run(Ranked, FixedLosses(losses, calls), 8, 2400);

        // Rungs train in the input's order: 8 for 100 steps, the best 4 for 200, the best 2 for 400.
        Assert.Equal([("ffff", 100), ("sfff", 100), ("fsff", 100), ("ffsf", 100), ("fffs", 100), ("ssff", 100), ("sfsf", 100), ("sffs", 100),
            ("sfff", 200), ("ffsf", 200), ("fffs", 200), ("sfsf", 200), ("ffsf", 400), ("sfsf", 400)], calls);
        Assert.Equal(2400, outcome.StepsSpent);

        // The last two by loss, then the pair the second rung dropped, then the first rung's four, then the untrained one.
        Assert.Equal(["ffsf", "sfsf", "sfff", "fffs", "ffff", "sffs", "fsff", "ssff", "fssf"], outcome.Ranked.Select(Layout));
        Assert.Equal([400, 400, 200, 200, 100, 100, 100, 100, null], outcome.Ranked.Select(entry => entry.ScratchSteps));
        Assert.Equal([1, 2, 3, 3.5, 5, 6, 7, 8, null], outcome.Ranked.Select(entry => entry.ScratchLoss));
        Assert.Same(Ranked[^1], outcome.Ranked[^1]);
    }

    [Fact]
    public void Ties_go_to_the_better_ranked_input()
    {
        var losses = Ranked.ToDictionary(Layout, _ => 2.0);
        losses["fffs"] = 1.0;
        var calls = new List<(string Layout, int Steps)>();

        var outcome = SuccessiveHalving.Run(Ranked, FixedLosses(losses, calls), 4, 80);

        Assert.Equal(["ffff", "sfff", "fsff", "ffsf", "ffff", "sfff"], calls.Select(call => call.Layout));
        Assert.Equal(["ffff", "sfff", "fsff", "ffsf"], outcome.Ranked.Take(4).Select(Layout));
        Assert.Equal(Ranked.Skip(4), outcome.Ranked.Skip(4)); // fffs would have won, but ranked fifth it was never trained
    }

    [Fact]
    public void A_training_that_diverged_ranks_last()
    {
        var losses = new Dictionary<string, double> { ["ffff"] = double.NaN, ["sfff"] = 3, ["fsff"] = 2, ["ffsf"] = 4 };

        var outcome = SuccessiveHalving.Run(Ranked, FixedLosses(losses, []), 4, 80);

        Assert.Equal(["fsff", "sfff", "ffsf", "ffff"], outcome.Ranked.Take(4).Select(Layout));
    }

    [Fact]
    public void A_layout_that_is_best_only_when_trained_longest_wins_once_it_survives_the_first_rung()
    {
        // sfff trains worse than ffff at 150 steps and better at 300, as attention in layer 0 does on text.
        double Trained(CandidateLayout candidate, int steps) =>
            (string.Concat(candidate.Layout.Select(layer => layer.Block.Letter())), steps) switch
            {
                ("ffff", 150) => 3.0, ("sfff", 150) => 3.1, ("fsff", 150) => 3.2, ("ffsf", 150) => 3.3,
                ("ffff", 300) => 2.9, ("sfff", 300) => 2.7,
                var other => throw new InvalidOperationException($"{other} was not to be trained"),
            };

        var outcome = SuccessiveHalving.Run(Ranked, Trained, 4, 1200);

        Assert.Equal(["sfff", "ffff", "fsff", "ffsf"], outcome.Ranked.Take(4).Select(Layout));
        Assert.Equal(2.7, outcome.Ranked[0].ScratchLoss);
        Assert.Equal(300, outcome.Ranked[0].ScratchSteps);
        Assert.Equal(3.2, outcome.Ranked[2].ScratchLoss);
        Assert.Equal(150, outcome.Ranked[2].ScratchSteps);
        Assert.Equal(Ranked[1].HeldOutLoss, outcome.Ranked[0].HeldOutLoss); // the inherited score is kept beside it
    }

    [Fact]
    public void Bad_arguments_are_refused_naming_their_values()
    {
        static double Never(CandidateLayout candidate, int steps) => throw new InvalidOperationException("trained");

        Assert.Contains("1 were asked for", Assert.Throws<ArgumentException>(() => SuccessiveHalving.Run(Ranked, Never, 1, 1000)).Message);
        Assert.Contains("1 are at hand", Assert.Throws<ArgumentException>(() => SuccessiveHalving.Run(Ranked[..1], Never, 4, 1000)).Message);
        var tooFew = Assert.Throws<ArgumentException>(() => SuccessiveHalving.Run(Ranked, Never, 4, 7));
        Assert.Contains("budget of 7 steps", tooFew.Message);
        Assert.Contains("at least 8", tooFew.Message);

        Assert.Throws<ArgumentOutOfRangeException>(() => new DerivationOptions { HalvingLayouts = 1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new DerivationOptions { HalvingStepsShare = 0 });

        // 24 steps at a share of 0.25 train 6 steps in all, under the 8 that 4 layouts in two rungs need.
        var tooShort = TinySearch.Options with { Derivation = new() { Strategy = DerivationStrategy.Halving, HalvingLayouts = 4, HalvingStepsShare = 0.25 } };
        Assert.Contains("at least 8", Assert.Throws<ArgumentException>(() => new ArchitectureSearch(TinySearch.Space, tooShort)).Message);
    }

    [Fact]
    public void A_tiny_search_ranked_by_successive_halving_chooses_a_trained_layout_within_the_budget_and_counts_its_steps()
    {
        // Attention costs four feed-forward blocks; the tiny space's interleaved baseline costs 2.5 ms.
        var table = new BlockLatencyTable("cpu/1 threads", 16, 32, 2, 8, 8, AttentionMs: 1.0, FeedForwardMs: 0.25, CachedAttention: true);
        var options = TinySearch.Options with
        {
            Latency = new() { Weight = 1, Form = LatencyLossForm.Budget, Target = 0.5 },
            Derivation = new() { Strategy = DerivationStrategy.Halving, Candidates = 6, Segments = 2, Finalists = 2, HalvingStepsShare = 1.5, HalvingLayouts = 2 },
        };
        var progress = new Recorded();

        var result = new ArchitectureSearch(TinySearch.Space, options, table).Run(TinySearch.Tokens(), progress);

        // 1.5 times the search's 24 steps buy one rung of 2 layouts for 18 steps each.
        var derivation = Assert.IsType<MeasuredDerivationResult>(result.MeasuredDerivation);
        var trained = derivation.Scored.Where(entry => entry.ScratchLoss is not null).ToList();
        Assert.Equal(2, trained.Count);
        Assert.All(trained, entry => Assert.Equal(18, entry.ScratchSteps));
        Assert.Equal(36, derivation.TrainingStepsSpent);
        Assert.Equal(trained, derivation.Scored.Take(2));
        Assert.NotNull(derivation.Chosen.ScratchLoss);
        Assert.Equal(derivation.Chosen.Candidate.Layout, result.Found.Layout);
        Assert.True(table.LayoutLatencyMs(result.Found) <= result.LatencyBudgetMs, $"{result.Found.Layout} is priced over the budget");
        Assert.All(derivation.Scored, entry => Assert.True(entry.Candidate.PredictedMs <= result.LatencyBudgetMs));

        var trainings = progress.Reports.Select(report => report.Derivation).Where(report => report?.Activity == DerivationActivity.TrainingFromScratch).ToList();
        Assert.Equal([0, 1], trainings.Select(report => report!.Done));
        Assert.All(trainings, report => Assert.Equal(2, report!.Total));
        Assert.Contains("by successive halving, trained from scratch: 2 layouts for 18 steps (36 steps)", DerivationReport.Summary(result)[^1]);
    }

    [Fact]
    public void The_search_checkpoint_does_not_key_the_derivation_which_runs_whole_after_the_last_step()
    {
        // A resumed search derives again, so it may derive either way.
        var options = TinySearch.Options;
        var halving = options with { Derivation = new() { Strategy = DerivationStrategy.Halving, HalvingLayouts = 8 } };

        var stored = SearchSettings.CheckpointKey(TinySearch.Space, options, 1000).ToJson();

        Assert.Empty(SearchSettings.CheckpointKey(TinySearch.Space, halving, 1000).DifferencesFrom(stored));
    }

    // Progress as it is reported, in order, on the search's thread.
    private sealed class Recorded : IProgress<SearchProgress>
    {
        public List<SearchProgress> Reports { get; } = [];

        public void Report(SearchProgress value) => Reports.Add(value);
    }
}
