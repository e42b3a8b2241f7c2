using System;
using System.Collections.Generic;
using System.Linq;
using Par.Dsl.Model;
using Par.Runtime.Models;
using Par.Search.Latency;
using Par.Search.Progress;
using static TorchSharp.torch;

namespace Par.Search.Derivation;

/// <summary>
/// Derivation by measurement (HAT, Once-for-All): the per-layer argmax is one layout of many the supernet rates well,
/// and near-ties in unimportant layers decide it. The <see cref="DerivationOptions.Candidates"/> most probable layouts
/// within the budget are scored with the supernet's inherited weights on held-out segments, then ranked
/// (<see cref="HalvingRanking"/>, or <see cref="DerivationOptions.Ranking"/>); the best-ranked wins. The budget is
/// judged on the block latency table alone, so the answer is a function of the data, seed, space and table; the
/// <see cref="DerivationOptions.Finalists"/> best are also timed on this machine beside the interleaved baseline, and
/// those times are reported beside the table's prediction, never used to decide.
/// </summary>
public static class MeasuredDerivation
{
    private const int LatencyRounds = 5;
    private const int LatencyWarmupRuns = 3;
    private const int LatencyRuns = 15;

    /// <summary>Times finalists beside the interleaved baseline: each one's latency and its ratio to the baseline's.</summary>
    internal delegate (double[] FinalistMs, double[] Ratios, double BaselineMs) FinalistTimer(
        IReadOnlyList<ParModel> finalists, ParModel baseline, LatencyObjective latency, Device? device);

    internal static MeasuredDerivationResult Derive(DerivationInputs inputs, LatencyObjective latency, FinalistTimer? timeFinalists = null)
    {
        var options = inputs.Options;
        var budgetMs = inputs.BudgetMs;
        var withinBudget = true;
        var candidates = CandidateLayouts.MostProbable(inputs.Space, inputs.Probabilities, options.Candidates, inputs.Table, inputs.BudgetMs);
        if (candidates.Count == 0)
        {
            // Not even the cheapest layout keeps the budget (e.g. fixed layers alone exceed it): score the most probable.
            candidates = CandidateLayouts.MostProbable(inputs.Space, inputs.Probabilities, options.Candidates, inputs.Table);
            withinBudget = false;
            inputs = inputs with { BudgetMs = null };
        }

        // Ties by the choices' text, so equal scores rank alike on every run.
        var scored = candidates
            .Select((candidate, index) =>
            {
                inputs.Report?.Invoke(new DerivationProgress(DerivationActivity.Scoring, index, candidates.Count));
                return new ScoredCandidate(candidate, inputs.InheritedLoss(candidate));
            })
            .OrderBy(entry => entry.HeldOutLoss)
            .ThenBy(entry => string.Join(',', entry.Candidate.Choices), StringComparer.Ordinal)
            .ToList();
        var ranking = (options.Ranking ?? new HalvingRanking()).Rank(inputs, scored);
        var ranked = ranking.Ranked;

        var finalists = ranked.Take(options.Finalists).ToList();
        inputs.Report?.Invoke(new DerivationProgress(DerivationActivity.TimingFinalists, 0, finalists.Count));
        var space = inputs.Space;
        var baseline = new ParModel("Interleaved", Enumerable.Range(0, space.LayerCount).Select(index => Layer.Fixed(index % 2 == 0 ? BlockKind.SelfAttention : BlockKind.FeedForward)).ToEquatableArray(), space.HyperParameters);
        var (finalistMs, ratios, baselineMs) = (timeFinalists ?? TimeOnThisMachine)(
            [.. finalists.Select(entry => new ParModel("Finalist", entry.Candidate.Layout, space.HyperParameters))], baseline, latency, inputs.Device);
        var budgetRatio = budgetMs is { } budget && inputs.Table is { } table ? table.WholeModelRatio(budget, space.LayerCount) : (double?)null;
        var timed = finalists.Select((entry, index) => entry with { MeasuredMs = finalistMs[index], MeasuredRatio = ratios[index] }).ToList();
        return new MeasuredDerivationResult([.. timed, .. ranked.Skip(timed.Count)], timed[0], baselineMs, budgetRatio, withinBudget, ranking.TrainingStepsSpent, ranking.Description);
    }

    // The finalists and the baseline timed in interleaved rounds; a finalist's ratio is the median of its per-round ratios,
    // so a slow spell touches both sides of each ratio.
    private static (double[] FinalistMs, double[] Ratios, double BaselineMs) TimeOnThisMachine(
        IReadOnlyList<ParModel> finalists, ParModel baseline, LatencyObjective latency, Device? device)
    {
        var models = finalists.Append(baseline).Select(definition => LayoutModel.Create(definition, device)).ToList();
        try
        {
            var timing = InterleavedLatency.Measure(models, latency, LatencyRounds, LatencyWarmupRuns, LatencyRuns, device);
            var medians = timing.MediansMs();
            return (medians[..^1], timing.MedianRatiosTo(models.Count - 1)[..^1], medians[^1]);
        }
        finally
        {
            foreach (var model in models)
            {
                model.Dispose();
            }
        }
    }
}
