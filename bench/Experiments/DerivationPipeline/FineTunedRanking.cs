using System;
using System.Collections.Generic;
using System.Linq;
using Par.Dsl.Printing;
using Par.Runtime.Data;
using Par.Runtime.Training;
using Par.Search.Derivation;
using Par.Search.Progress;
using static TorchSharp.torch;

namespace Par.Bench.Experiments.DerivationPipeline;

/// <summary>
/// Ranks the best-scored candidates again after a short fine-tune of each from the supernet's weights: a pinned path
/// of a weight-shared supernet is a network nobody trained alone. Each candidate's path (every weight it uses, embedding
/// and head included) trains by <see cref="Trainer"/> for <see cref="PipelineOptions.FineTuneSteps"/> steps on the weight
/// split, is scored on the same held-out segments as before, and the supernet's weights are put back before the next one,
/// so the order of candidates changes nothing.
/// </summary>
internal static class FineTunedRanking
{
    // A fine-tune is a few dozen steps: a short warm-up, then the recipe's cosine.
    private const int WarmupSteps = 5;

    /// <returns>The fine-tuned candidates best first, then the others as they were; and each fine-tuned one's loss.</returns>
    public static (IReadOnlyList<ScoredCandidate> Ranked, IReadOnlyDictionary<ScoredCandidate, double> Losses) Rerank(
        DerivationInputs inputs, PipelineOptions options, IReadOnlyList<ScoredCandidate> scored)
    {
        var count = Math.Min(options.FineTuned, scored.Count);
        if (options.FineTuneSteps == 0 || count == 0)
        {
            return (scored, new Dictionary<ScoredCandidate, double>());
        }

        var recipe = inputs.RecipeFor(options.FineTuneSteps) with { WarmupSteps = Math.Min(WarmupSteps, options.FineTuneSteps) };
        var losses = new Dictionary<ScoredCandidate, double>();
        foreach (var (entry, index) in scored.Take(count).Select((entry, index) => (entry, index)))
        {
            inputs.Cancellation.ThrowIfCancellationRequested();
            inputs.Report?.Invoke(new DerivationProgress(DerivationActivity.FineTuning, index, count, ParPrinter.PrintLayout(entry.Candidate.Layout)));
            var path = inputs.Pinned(entry.Candidate);
            var weights = path.parameters().ToList();
            var saved = weights.Select(weight => weight.detach().clone()).ToList();
            try
            {
                new Trainer(path, new TrainingData(inputs.WeightData, null, null, string.Empty), recipe).Run(cancellation: inputs.Cancellation);
                losses[entry] = inputs.InheritedLoss(entry.Candidate);
            }
            finally
            {
                using (no_grad())
                {
                    for (var weight = 0; weight < weights.Count; weight++)
                    {
                        weights[weight].copy_(saved[weight]);
                        saved[weight].Dispose();
                    }
                }
            }
        }

        return ([.. scored.Take(count).OrderBy(entry => losses[entry]), .. scored.Skip(count)], losses);
    }
}
