using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Par.Dsl.Model;
using Par.Dsl.Printing;
using Par.Runtime.Data;
using Par.Runtime.Evaluation;
using Par.Runtime.Models;
using Par.Runtime.Training;
using Par.Search.Data;
using Par.Search.Latency;
using Par.Search.Progress;
using Par.Search.Sampling;
using Par.Search.Space;
using Par.Text;
using static TorchSharp.torch;

namespace Par.Search.Derivation;

/// <summary>
/// The derivation's last ranking: layouts trained as models of their own, from fresh weights, for a share of the search's
/// steps (on text all of them, the steps the experiment's rows train for) on the weight split, and scored on the
/// held-out slice. A weight-shared supernet and a short fine-tune from it rate layouts the way a short training does, and
/// on real text a short training prefers a feed-forward block in layer 0 where the full one prefers attention there
/// (Moby Dick, trained alone: `fsffsffff` 1.3% better than `sffsffff` after 100 steps, 2.0% worse after 200 and 5% worse
/// after 400; at 200 steps the climb below chose layouts that trained 2-5% worse than the baseline at 400; docs/results.md).
/// From the best-ranked layout it climbs by <see cref="ClimbMoves"/> (depth the budget still buys, an attention block
/// traded for feed-forward depth within the budget, an attention block taken elsewhere); it takes the first move that
/// trains better, and stops when none does or after <see cref="DerivationOptions.ScratchTrainings"/> trainings. With
/// <see cref="DerivationOptions.HalvingCandidates"/> it ranks the best-ranked layouts by <see cref="SuccessiveHalving"/>
/// instead, for the climb's steps.
/// </summary>
internal static class ScratchRanking
{
    // Held-out segments each trained layout is scored on: four times the inherited scores' 8, since trained layouts
    // differ by a percent or two and the scoring is cheap beside the training.
    private const int Segments = 32;

    // The cosine's end, as the experiment's rows train (TrainingOptions.MinLearningRateRatio).
    private const double FinalLearningRateRatio = 0.1;

    /// <returns>
    /// The trained layouts best first, with their from-scratch loss and steps, then the others as they were; and the
    /// training steps spent.
    /// </returns>
    public static (IReadOnlyList<ScoredCandidate> Ranked, int StepsSpent) Rerank(
        Supernet supernet, SearchSpace space, IReadOnlyList<LayerProbabilities> probabilities, IReadOnlyList<ScoredCandidate> ranked,
        TokenStream weightData, TokenStream heldOut, SearchOptions options, BlockLatencyTable? table, double? budgetMs,
        Action<DerivationProgress>? report = null, CancellationToken cancellationToken = default)
    {
        var steps = options.Derivation.ScratchStepsOf(options.Steps);
        if (steps == 0 || ranked.Count == 0)
        {
            return (ranked, 0);
        }

        var count = 0;
        double TrainedFor(CandidateLayout candidate, int trainingSteps, int trainings)
        {
            cancellationToken.ThrowIfCancellationRequested();
            report?.Invoke(new DerivationProgress(DerivationActivity.TrainingFromScratch, count++, trainings, ParPrinter.PrintLayout(candidate.Layout)));
            return TrainAndScore(new ParModel("Candidate", candidate.Layout, space.HyperParameters), weightData, heldOut, options, trainingSteps, cancellationToken);
        }

        if (options.Derivation.HalvingCandidates > 0)
        {
            if (ranked.Count < 2)
            {
                return (ranked, 0); // nothing to compare
            }

            var budget = options.Derivation.HalvingStepsOf(options.Steps);
            var trainings = SuccessiveHalving.Rungs(options.Derivation.HalvingCandidates, ranked.Count, budget).Sum(rung => rung.Candidates);
            var halving = SuccessiveHalving.Run(ranked, (candidate, rungSteps) => TrainedFor(candidate, rungSteps, trainings), options.Derivation.HalvingCandidates, budget);
            return (halving.Ranked, halving.StepsSpent);
        }

        double Inherited(CandidateLayout candidate) => MeasuredDerivation.HeldOutLoss(supernet, space, candidate, heldOut, options);
        var trained = Climb(space, probabilities, ranked[0], candidate => TrainedFor(candidate, steps, options.Derivation.ScratchTrainings), Inherited, options.Derivation.ScratchTrainings, table, budgetMs, options.Derivation.TradeRoomBlocks)
            .Select(entry => entry with { ScratchSteps = steps })
            .ToList();
        var layouts = trained.Select(entry => entry.Candidate.Layout).ToHashSet();
        return ([.. trained, .. ranked.Where(entry => !layouts.Contains(entry.Candidate.Layout))], trained.Count * steps);
    }

    /// <summary>
    /// Trains the layout as a model of its own, as the experiment's rows train (fresh weights from the search's seed,
    /// its batch, warm-up, peak rate, weight decay and clip, a cosine to a tenth), on the weight split only, and returns
    /// its mean loss over the first <see cref="Segments"/> held-out segments, memory carried across them.
    /// </summary>
    internal static double TrainAndScore(ParModel definition, TokenStream weightData, TokenStream heldOut, SearchOptions options, int steps, CancellationToken cancellationToken = default)
    {
        var device = options.Device ?? CPU;
        random.manual_seed(options.Seed);
        using var model = LayoutModel.Create(definition, options.Device);
        random.manual_seed(options.Seed); // as Trainer does before its first step: dropout draws as in the rows

        var weights = model.parameters().ToList();
        var schedule = new WarmupCosineSchedule(options.WeightLearningRate, Math.Min(options.WarmupSteps, steps), steps, FinalLearningRateRatio);
        using var optimizer = AdamWOptimizer.Create(weights, options.WeightLearningRate, options.WeightDecay);
        var stream = new StreamBatcher(weightData, options.BatchSize, definition.HyperParameters.Context);
        var memory = options.UseMemory ? model.CreateMemory() : null;
        try
        {
            model.train();
            for (var step = 0; step < steps; step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var segment = stream.Next();
                if (segment.StartsPass)
                {
                    memory?.Reset();
                }

                optimizer.SetLearningRate(schedule.At(step));
                model.zero_grad(set_to_none: true);
                var loss = SegmentLoss.CrossEntropy(model.forward(segment.Inputs.to(device), memory), segment);
                loss.backward();
                nn.utils.clip_grad_norm_(weights, options.GradientClip);
                optimizer.StepSafely();
            }
        }
        finally
        {
            memory?.Dispose();
        }

        return Evaluator.Evaluate(model, heldOut, options.BatchSize, definition.HyperParameters.Context, LossUnit.BitsPerByte, Segments).Loss;
    }

    /// <summary>
    /// First-improvement hill-climbing from <paramref name="start"/>: train it, then the untried <see cref="ClimbMoves"/> of the
    /// best so far in order until one beats it, which becomes the best, until none does or <paramref name="trainings"/>
    /// layouts were trained.
    /// </summary>
    /// <param name="space">The searched space, whose layers the moves keep.</param>
    /// <param name="probabilities">The search's final probabilities, from which each new candidate is built.</param>
    /// <param name="start">The best-ranked candidate, where the climb begins.</param>
    /// <param name="trained">A layout's held-out loss after training from scratch, lower is better.</param>
    /// <param name="inherited">A new layout's held-out loss with the supernet's weights, for the report.</param>
    /// <param name="trainings">At most this many layouts are trained, the start included.</param>
    /// <param name="table">Prices each new candidate; null without a latency table.</param>
    /// <param name="budgetMs">The latency a move that changes the blocks must keep (table milliseconds); null for none.</param>
    /// <param name="roomBlocks">Feed-forward blocks of room a trade's deepening leaves under the budget.</param>
    /// <returns>Every trained layout, best first, with <see cref="ScoredCandidate.ScratchLoss"/> set.</returns>
    internal static IReadOnlyList<ScoredCandidate> Climb(
        SearchSpace space, IReadOnlyList<LayerProbabilities> probabilities, ScoredCandidate start,
        Func<CandidateLayout, double> trained, Func<CandidateLayout, double> inherited, int trainings, BlockLatencyTable? table, double? budgetMs, int roomBlocks = DerivationOptions.DefaultTradeRoomBlocks)
    {
        var best = start with { ScratchLoss = trained(start.Candidate) };
        var done = new List<ScoredCandidate> { best };
        var improved = true;
        while (improved && done.Count < trainings)
        {
            improved = false;
            foreach (var move in ClimbMoves.Of(space, probabilities, best.Candidate, table, budgetMs, roomBlocks).Where(move => done.All(entry => entry.Candidate.Layout != move.Layout)).ToList())
            {
                if (done.Count == trainings)
                {
                    break;
                }

                var entry = new ScoredCandidate(move, inherited(move)) { ScratchLoss = trained(move) };
                done.Add(entry);
                if (entry.ScratchLoss < best.ScratchLoss)
                {
                    best = entry;
                    improved = true;
                    break;
                }
            }
        }

        return [.. done.OrderBy(entry => entry.ScratchLoss)];
    }
}
