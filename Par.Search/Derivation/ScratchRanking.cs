using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Par.Dsl.Model;
using Par.Dsl.Printing;
using Par.Runtime.Data;
using Par.Search.Latency;
using Par.Search.Progress;
using Par.Search.Sampling;
using Par.Search.Space;
using static TorchSharp.torch;

namespace Par.Search.Derivation;

/// <summary>
/// The derivation's last ranking: layouts trained from fresh weights for a share of the search's steps and scored on
/// the held-out slice. A weight-shared supernet, and a short fine-tune from it, rate layouts the way a short training
/// does, and on real text a short training prefers a feed-forward block in layer 0 while the same layouts trained
/// longer prefer attention there (Moby Dick, trained alone: `fsffsffff` 1.3% better than `sffsffff` after 100 steps,
/// 2.0% worse after 200, 5% worse after 400; docs/results.md). From the best layout so far it climbs by moving one
/// attention block one layer earlier or later (a swap with a neighbouring feed-forward block of the found model),
/// which keeps every block, so the table's price and the budget with it, and stops when no move helps or after
/// <see cref="DerivationOptions.ScratchTrainings"/> trainings.
/// </summary>
internal static class ScratchRanking
{
    // Held-out segments each trained layout is scored on: four times the inherited scores' 8, since trained layouts
    // differ by a percent or two and the scoring is cheap beside the training.
    private const int Segments = 32;

    /// <returns>The trained layouts best first, with their from-scratch loss, then the others as they were.</returns>
    public static IReadOnlyList<ScoredCandidate> Rerank(
        Supernet supernet, SearchSpace space, IReadOnlyList<LayerProbabilities> probabilities, IReadOnlyList<ScoredCandidate> ranked,
        TokenStream weightData, TokenStream heldOut, SearchOptions options, BlockLatencyTable? table,
        Action<DerivationProgress>? report = null, CancellationToken cancellationToken = default)
    {
        var steps = options.Derivation.ScratchStepsOf(options.Steps);
        if (steps == 0 || ranked.Count == 0)
        {
            return ranked;
        }

        random.manual_seed(options.Seed);
        using var fresh = Supernet.Create(space.ToSupernetModel(), options.Seed, options.Device);
        var weights = fresh.WeightParameters().ToList();
        var initial = weights.Select(weight => weight.detach().clone()).ToList();
        var count = 0;
        try
        {
            double Trained(CandidateLayout candidate)
            {
                cancellationToken.ThrowIfCancellationRequested();
                report?.Invoke(new DerivationProgress(DerivationActivity.TrainingFromScratch, count++, options.Derivation.ScratchTrainings, ParPrinter.PrintLayout(candidate.Layout)));
                PinnedPathTraining.Restore(weights, initial);

                // Every layout draws the same dropout, so its score depends on the layout alone, not on the order.
                random.manual_seed(options.Seed);
                PinnedPathTraining.Train(fresh, space, candidate, weights, weightData, options, steps, options.WarmupSteps);
                return MeasuredDerivation.HeldOutLoss(fresh, space, candidate, heldOut, options, Segments);
            }

            double Inherited(CandidateLayout candidate) => MeasuredDerivation.HeldOutLoss(supernet, space, candidate, heldOut, options);
            var trained = Climb(space, probabilities, ranked[0], Trained, Inherited, options.Derivation.ScratchTrainings, table);
            var layouts = trained.Select(entry => entry.Candidate.Layout).ToHashSet();
            return [.. trained, .. ranked.Where(entry => !layouts.Contains(entry.Candidate.Layout))];
        }
        finally
        {
            foreach (var copy in initial)
            {
                copy.Dispose();
            }
        }
    }

    /// <summary>
    /// Hill-climbing from <paramref name="start"/>: train it, then every untried <see cref="Moves"/> of the best so far,
    /// until none beats it or <paramref name="trainings"/> layouts were trained.
    /// </summary>
    /// <param name="trained">A layout's held-out loss after training from scratch, lower is better.</param>
    /// <param name="inherited">A new layout's held-out loss with the supernet's weights, for the report.</param>
    /// <returns>Every trained layout, best first, with <see cref="ScoredCandidate.ScratchLoss"/> set.</returns>
    internal static IReadOnlyList<ScoredCandidate> Climb(
        SearchSpace space, IReadOnlyList<LayerProbabilities> probabilities, ScoredCandidate start,
        Func<CandidateLayout, double> trained, Func<CandidateLayout, double> inherited, int trainings, BlockLatencyTable? table)
    {
        var best = start with { ScratchLoss = trained(start.Candidate) };
        var done = new List<ScoredCandidate> { best };
        var improved = true;
        while (improved && done.Count < trainings)
        {
            improved = false;
            foreach (var move in Moves(space, probabilities, best.Candidate, table).Where(move => done.All(entry => entry.Candidate.Layout != move.Layout)).ToList())
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
                }
            }
        }

        return [.. done.OrderBy(entry => entry.ScratchLoss)];
    }

    /// <summary>
    /// The layouts one move away: an attention block and the feed-forward block next to it in the model (identities
    /// skipped) change places, both in choice layers that offer the other's kind. Each layout once, left to right.
    /// </summary>
    internal static IReadOnlyList<CandidateLayout> Moves(SearchSpace space, IReadOnlyList<LayerProbabilities> probabilities, CandidateLayout candidate, BlockLatencyTable? table)
    {
        var kinds = candidate.Choices.Select((choice, index) => space.Layers[index].IsChoice ? space.Layers[index].Candidates[choice] : space.Layers[index].Block).ToArray();
        var blocks = Enumerable.Range(0, kinds.Length).Where(index => kinds[index] != BlockKind.Identity).ToArray();
        var moves = new List<CandidateLayout>();
        for (var position = 0; position + 1 < blocks.Length; position++)
        {
            var (left, right) = (blocks[position], blocks[position + 1]);
            if (kinds[left] == kinds[right] || !Offers(space.Layers[left], kinds[right]) || !Offers(space.Layers[right], kinds[left]))
            {
                continue;
            }

            var choices = candidate.Choices.ToArray();
            (choices[left], choices[right]) = (IndexOf(space.Layers[left], kinds[right]), IndexOf(space.Layers[right], kinds[left]));
            if (LayoutEvolution.Candidate(space, probabilities, choices, table) is { } move && moves.All(other => other.Layout != move.Layout))
            {
                moves.Add(move);
            }
        }

        return moves;
    }

    private static bool Offers(Layer layer, BlockKind kind) => layer.IsChoice && layer.Candidates.Contains(kind);

    private static int IndexOf(Layer layer, BlockKind kind) => layer.Candidates.ToList().IndexOf(kind);
}
