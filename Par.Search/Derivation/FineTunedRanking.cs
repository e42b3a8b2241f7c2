using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Par.Dsl.Printing;
using Par.Runtime.Data;
using Par.Runtime.Training;
using Par.Search.Data;
using Par.Search.Progress;
using Par.Search.Sampling;
using Par.Search.Space;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Par.Search.Derivation;

/// <summary>
/// Ranks the best-scored candidates again after a short fine-tune of each from the supernet's weights: a pinned path
/// of a weight-shared supernet is a network nobody trained alone (its blocks learned inside a mixture, some rarely
/// sampled), and on real text inherited weights rated layouts differently from the same layouts trained from scratch
/// (docs/results.md). Each candidate trains its own path (every weight it uses, embedding and head included) for
/// <see cref="DerivationOptions.FineTuneSteps"/> steps on the weight split, is scored on the same held-out segments as
/// before, and the supernet's weights are put back before the next one, so the order of candidates changes nothing.
/// </summary>
internal static class FineTunedRanking
{
    private const int WarmupSteps = 5;
    private const double FinalLearningRateRatio = 0.1;

    /// <returns>The fine-tuned candidates best first, with their fine-tuned held-out loss, then the others as they were.</returns>
    public static IReadOnlyList<ScoredCandidate> Rerank(
        Supernet supernet, SearchSpace space, IReadOnlyList<ScoredCandidate> scored, TokenStream weightData, TokenStream heldOut, SearchOptions options,
        Action<DerivationProgress>? report = null, CancellationToken cancellationToken = default)
    {
        var count = System.Math.Min(options.Derivation.FineTuned, scored.Count);
        if (options.Derivation.FineTuneSteps == 0 || count == 0)
        {
            return scored;
        }

        var weights = supernet.WeightParameters().ToList();
        var saved = weights.Select(weight => weight.detach().clone()).ToList();
        var wasTraining = supernet.training;
        try
        {
            var tuned = scored.Take(count)
                .Select((entry, index) =>
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    report?.Invoke(new DerivationProgress(DerivationActivity.FineTuning, index, count, ParPrinter.PrintLayout(entry.Candidate.Layout)));
                    FineTune(supernet, space, entry.Candidate, weights, weightData, options);
                    var score = entry with { FineTunedLoss = MeasuredDerivation.HeldOutLoss(supernet, space, entry.Candidate, heldOut, options) };
                    Restore(weights, saved);
                    return score;
                })
                .OrderBy(entry => entry.FineTunedLoss)
                .ToList();
            return [.. tuned, .. scored.Skip(count)];
        }
        finally
        {
            Restore(weights, saved);
            foreach (var copy in saved)
            {
                copy.Dispose();
            }

            supernet.train(wasTraining);
        }
    }

    private static void FineTune(Supernet supernet, SearchSpace space, CandidateLayout candidate, List<Parameter> weights, TokenStream weightData, SearchOptions options)
    {
        var steps = options.Derivation.FineTuneSteps;
        var pinned = MeasuredDerivation.Pinned(space, candidate);
        var device = options.Device ?? CPU;
        var schedule = new WarmupCosineSchedule(options.WeightLearningRate, System.Math.Min(WarmupSteps, steps), steps, FinalLearningRateRatio);
        using var optimizer = AdamWOptimizer.Create(weights, options.WeightLearningRate, options.WeightDecay);
        using var memory = options.UseMemory ? supernet.CreateMemory() : null;
        var stream = new StreamBatcher(weightData, options.BatchSize, space.HyperParameters.Context);
        supernet.train();
        foreach (var weight in weights)
        {
            weight.requires_grad = true;
        }

        for (var step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.SetLearningRate(schedule.At(step));
            supernet.zero_grad(set_to_none: true);
            var loss = SegmentLoss.CrossEntropy(supernet, pinned, SegmentLoss.Next(stream, memory), memory, device);
            loss.backward();
            nn.utils.clip_grad_norm_(weights, options.GradientClip);
            optimizer.StepSafely();
        }
    }

    private static void Restore(List<Parameter> weights, List<Tensor> saved)
    {
        using var noGrad = no_grad();
        for (var index = 0; index < weights.Count; index++)
        {
            weights[index].copy_(saved[index]);
        }
    }
}
