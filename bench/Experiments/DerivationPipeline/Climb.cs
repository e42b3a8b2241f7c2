using System;
using System.Collections.Generic;
using System.Linq;
using Par.Search.Derivation;
using Par.Search.Latency;
using Par.Search.Progress;
using Par.Search.Space;

namespace Par.Bench.Experiments.DerivationPipeline;

/// <summary>
/// First-improvement hill-climbing by layouts trained from scratch: train the start, then the untried
/// <see cref="ClimbMoves"/> of the best so far in order until one beats it, which becomes the best, until none does or
/// the trainings run out.
/// </summary>
internal static class Climb
{
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
    public static IReadOnlyList<ScoredCandidate> From(
        SearchSpace space, IReadOnlyList<LayerProbabilities> probabilities, ScoredCandidate start,
        Func<CandidateLayout, double> trained, Func<CandidateLayout, double> inherited, int trainings, BlockLatencyTable? table, double? budgetMs, int roomBlocks = PipelineOptions.DefaultTradeRoomBlocks)
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
