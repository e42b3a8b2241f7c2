using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Par.Dsl.Model;
using Par.Runtime.Benchmarking;
using Par.Runtime.Data;
using Par.Runtime.Models;
using Par.Search.Data;
using Par.Search.Latency;
using Par.Search.Progress;
using Par.Search.Sampling;
using Par.Search.Space;
using static TorchSharp.torch;

namespace Par.Search.Derivation;

/// <summary>
/// Derivation by measurement (HAT, Once-for-All): the per-layer argmax is one layout of many the supernet rates well,
/// and near-ties in unimportant layers decide it. Here the <see cref="DerivationOptions.Candidates"/> most
/// probable layouts within the budget are each run on the trained supernet with every mixed layer pinned to its
/// choice (inherited weights, eval mode, no gradient) over the same <see cref="DerivationOptions.Segments"/>
/// held-out segments the architecture steps learned from, then evolved (<see cref="LayoutEvolution"/>), the best
/// fine-tuned briefly and scored again (<see cref="FineTunedRanking"/>) and the best of those climbed from, or halved
/// (<see cref="SuccessiveHalving"/>), by layouts trained from scratch (<see cref="ScratchRanking"/>) when the options
/// ask. The best-ranked layout wins. The budget is judged on the block latency table alone, so the answer is a
/// function of the data, seed, space and table; the
/// <see cref="DerivationOptions.Finalists"/> best are also timed on this machine beside the interleaved baseline, and
/// those times are reported beside the table's prediction, never used to decide.
/// </summary>
internal static class MeasuredDerivation
{
    private const int LatencyRounds = 5;
    private const int LatencyWarmupRuns = 3;
    private const int LatencyRuns = 15;

    /// <summary>Times finalists beside the interleaved baseline: each one's latency and its ratio to the baseline's.</summary>
    internal delegate (double[] FinalistMs, double[] Ratios, double BaselineMs) FinalistTimer(
        SearchSpace space, IReadOnlyList<ScoredCandidate> finalists, LatencyObjective latency, Device? device);

    public static MeasuredDerivationResult Derive(
        Supernet supernet, SearchSpace space, IReadOnlyList<LayerProbabilities> probabilities, TokenStream weightData, TokenStream heldOut,
        SearchOptions options, BlockLatencyTable? table, double? budgetMs, Action<DerivationProgress>? report = null, CancellationToken cancellationToken = default,
        FinalistTimer? timeFinalists = null)
    {
        var withinBudget = true;
        var candidates = CandidateLayouts.MostProbable(space, probabilities, options.Derivation.Candidates, table, budgetMs);
        if (candidates.Count == 0)
        {
            // Not even the cheapest layout keeps the budget (e.g. fixed layers alone exceed it): score the most probable.
            candidates = CandidateLayouts.MostProbable(space, probabilities, options.Derivation.Candidates, table);
            withinBudget = false;
        }

        var scoring = 0;
        var mostScored = candidates.Count + (options.Derivation.Generations * options.Derivation.Parents);
        double Score(CandidateLayout candidate)
        {
            cancellationToken.ThrowIfCancellationRequested();
            report?.Invoke(new DerivationProgress(DerivationActivity.Scoring, scoring++, mostScored));
            return HeldOutLoss(supernet, space, candidate, heldOut, options);
        }

        var beam = candidates.Select(candidate => new ScoredCandidate(candidate, Score(candidate))).ToList();

        // Different choices can give one layout (`f-`, `-f`): each layout is kept once, at its best score.
        var scored = LayoutEvolution.Run(space, probabilities, beam, Score, options.Derivation, withinBudget ? table : null, withinBudget ? budgetMs : null, options.Seed)
            .GroupBy(entry => entry.Candidate.Layout)
            .Select(group => group.First())
            .ToList();
        scored = [.. FineTunedRanking.Rerank(supernet, space, scored, weightData, heldOut, options, report, cancellationToken)];
        var (reranked, scratchStepsSpent) = ScratchRanking.Rerank(supernet, space, probabilities, scored, weightData, heldOut, options, table, withinBudget ? budgetMs : null, report, cancellationToken);
        scored = [.. reranked];

        var finalists = scored.Take(options.Derivation.Finalists).ToList();
        report?.Invoke(new DerivationProgress(DerivationActivity.TimingFinalists, 0, finalists.Count));
        var (finalistMs, ratios, baselineMs) = (timeFinalists ?? TimeOnThisMachine)(space, finalists, options.Latency, options.Device);
        var budgetRatio = budgetMs is { } budget && table is not null ? table.WholeModelRatio(budget, space.LayerCount) : (double?)null;
        var timed = finalists.Select((entry, index) => entry with { MeasuredMs = finalistMs[index], MeasuredRatio = ratios[index] }).ToList();
        return new MeasuredDerivationResult([.. timed, .. scored.Skip(timed.Count)], timed[0], baselineMs, budgetRatio, withinBudget, scratchStepsSpent);
    }

    /// <summary>
    /// The candidate's mean loss over the first held-out segments (<see cref="DerivationOptions.Segments"/> unless
    /// <paramref name="segments"/>), every mixed layer pinned to its choice.
    /// </summary>
    internal static double HeldOutLoss(Supernet supernet, SearchSpace space, CandidateLayout candidate, TokenStream heldOut, SearchOptions options, int? segments = null)
    {
        var count = segments ?? options.Derivation.Segments;
        var pinned = Pinned(space, candidate);
        var wasTraining = supernet.training;
        try
        {
            supernet.eval();
            using var noGrad = no_grad();
            using var memory = options.UseMemory ? supernet.CreateMemory() : null;
            var stream = new StreamBatcher(heldOut, options.BatchSize, space.HyperParameters.Context);
            var device = options.Device ?? CPU;
            var total = 0.0;
            for (var segment = 0; segment < count; segment++)
            {
                using var scope = NewDisposeScope();
                total += SegmentLoss.CrossEntropy(supernet, pinned, SegmentLoss.Next(stream, memory), memory, device).item<float>();
            }

            return total / count;
        }
        finally
        {
            supernet.train(wasTraining);
        }
    }

    /// <summary>The candidate as a sample: every mixed layer runs its chosen block alone.</summary>
    internal static ArchitectureSample Pinned(SearchSpace space, CandidateLayout candidate) =>
        ArchitectureSample.OfPaths(Enumerable.Range(0, space.LayerCount)
            .Where(index => space.Layers[index].IsChoice)
            .Select(index => candidate.Choices[index])
            .ToList());

    // The finalists and the baseline, timed in turn round after round. A finalist's ratio is the median of its time over
    // the baseline's in the same round: on a shared machine a slow spell then touches both sides of each ratio, where a
    // ratio of overall medians compared models timed minutes apart.
    private static (double[] FinalistMs, double[] Ratios, double BaselineMs) TimeOnThisMachine(
        SearchSpace space, IReadOnlyList<ScoredCandidate> finalists, LatencyObjective latency, Device? device)
    {
        var baselineLayout = Enumerable.Range(0, space.LayerCount)
            .Select(index => Layer.Fixed(index % 2 == 0 ? BlockKind.SelfAttention : BlockKind.FeedForward))
            .ToEquatableArray();
        var definitions = finalists.Select(entry => new ParModel("Finalist", entry.Candidate.Layout, space.HyperParameters))
            .Append(new ParModel("Interleaved", baselineLayout, space.HyperParameters))
            .ToList();
        var models = definitions.Select(definition => LayoutModel.Create(definition, device)).ToList();

        // Over the memory the table was timed at, so predicted and measured latency time the same shape.
        var memory = latency.TimedShape(space.HyperParameters).Memory;
        try
        {
            var rounds = models.Select(_ => new List<double>()).ToArray();
            for (var round = 0; round < LatencyRounds; round++)
            {
                for (var index = 0; index < models.Count; index++)
                {
                    rounds[index].Add(ModelLatency.MeasureMs(models[index], LatencyWarmupRuns, LatencyRuns, device, memory));
                }
            }

            var baseline = rounds[^1];
            var ratios = rounds[..^1].Select(timings => TimingStatistics.Median([.. timings.Select((ms, round) => ms / baseline[round])])).ToArray();
            return ([.. rounds[..^1].Select(TimingStatistics.Median)], ratios, TimingStatistics.Median(baseline));
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
