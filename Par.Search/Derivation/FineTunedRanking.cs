using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Par.Dsl.Printing;
using Par.Runtime.Data;
using Par.Search.Progress;
using Par.Search.Sampling;
using Par.Search.Space;
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
                    PinnedPathTraining.Train(supernet, space, entry.Candidate, weights, weightData, options, options.Derivation.FineTuneSteps, WarmupSteps);
                    var score = entry with { FineTunedLoss = MeasuredDerivation.HeldOutLoss(supernet, space, entry.Candidate, heldOut, options) };
                    PinnedPathTraining.Restore(weights, saved);
                    return score;
                })
                .OrderBy(entry => entry.FineTunedLoss)
                .ToList();
            return [.. tuned, .. scored.Skip(count)];
        }
        finally
        {
            PinnedPathTraining.Restore(weights, saved);
            foreach (var copy in saved)
            {
                copy.Dispose();
            }

            supernet.train(wasTraining);
        }
    }
}
