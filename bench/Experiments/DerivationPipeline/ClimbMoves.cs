using System;
using System.Collections.Generic;
using System.Linq;
using Par.Dsl.Model;
using Par.Search.Derivation;
using Par.Search.Latency;
using Par.Search.Progress;
using Par.Search.Space;

namespace Par.Bench.Experiments.DerivationPipeline;

/// <summary>
/// The layouts one move away from a layout, in the order <see cref="Climb"/> trains them. Two kinds,
/// taken in turn: trades, which change what the latency budget buys (feed-forward blocks added while they fit, then one
/// attention block traded for a feed-forward block and as many more as the freed latency buys, the latest attention
/// block first), and relocations, which keep every block and so the price (one attention block exchanged with a
/// feed-forward block elsewhere in the model, earlier first).
/// Only a trade lets a training say whether depth is worth more than an attention block; PAR found attention not
/// required late, so the latest is offered first. The order decides only which move a climb tries first, a training
/// whether it is taken.
/// </summary>
internal static class ClimbMoves
{
    /// <param name="space">The searched space, whose layers every move must fit.</param>
    /// <param name="probabilities">The search's final probabilities, from which each move's candidate is built.</param>
    /// <param name="candidate">The layout moved from.</param>
    /// <param name="table">Prices the moves; without it, or without <paramref name="budgetMs"/>, there are no trades.</param>
    /// <param name="budgetMs">The latency a trade must keep (table milliseconds), or null.</param>
    /// <param name="roomBlocks">Feed-forward blocks of room a trade's deepening leaves under the budget.</param>
    /// <returns>Every layout once, none the candidate's own.</returns>
    public static IReadOnlyList<CandidateLayout> Of(
        SearchSpace space, IReadOnlyList<LayerProbabilities> probabilities, CandidateLayout candidate, BlockLatencyTable? table, double? budgetMs, int roomBlocks = PipelineOptions.DefaultTradeRoomBlocks)
    {
        // Neither kind yields the candidate's own layout. Each kind is deduplicated before they take turns, so a repeat
        // (two adjacent attention blocks moved to one place give one layout) does not cost its kind a turn; a trade and a
        // relocation can still yield the same layout.
        return Alternated(
                [.. Trades(space, probabilities, candidate, table, budgetMs, roomBlocks).DistinctBy(move => move.Layout)],
                [.. Relocations(space, probabilities, candidate, table).DistinctBy(move => move.Layout)])
            .DistinctBy(move => move.Layout)
            .ToList();
    }

    /// <summary>
    /// The deepened layout (feed-forward blocks appended while the table prices it <paramref name="roomBlocks"/> feed-forward blocks under the budget),
    /// then per attention block, latest first, the layout with it turned feed-forward and deepened so; each only if it fits
    /// the space and the budget and changes the layout. The blocks are laid on the space's layers in order, identities where
    /// the model has no block.
    /// </summary>
    public static IReadOnlyList<CandidateLayout> Trades(
        SearchSpace space, IReadOnlyList<LayerProbabilities> probabilities, CandidateLayout candidate, BlockLatencyTable? table, double? budgetMs, int roomBlocks = PipelineOptions.DefaultTradeRoomBlocks)
    {
        if (table is null || budgetMs is not { } budget)
        {
            return [];
        }

        var model = candidate.Layout.Select(layer => layer.Block).ToList();
        var attention = Enumerable.Range(0, model.Count).Where(index => model[index] == BlockKind.SelfAttention).Reverse();
        var trades = new List<CandidateLayout>();
        foreach (var traded in attention.Select(index => (int?)index).Prepend(null))
        {
            var blocks = model.ToList();
            if (traded is { } index)
            {
                blocks[index] = BlockKind.FeedForward;
            }

            var move = Deepened(space, probabilities, blocks, table, budget - (roomBlocks * table.FeedForwardMs));
            if (move is not null && move.PredictedMs <= budget && move.Layout != candidate.Layout)
            {
                trades.Add(move);
            }
        }

        return trades;
    }

    /// <summary>
    /// The layouts with one attention block exchanged with a feed-forward block elsewhere in the model (identities
    /// skipped), every other block where it was and every layer still holding a kind it offers: first the moves that take
    /// an attention block earlier, then those that take one later; in each, landings beside no other attention block
    /// first, then the earliest landing, and of two blocks landing alike the later one.
    /// </summary>
    /// <remarks>
    /// Earlier first, and of two blocks the later one, because PAR found attention not required late. A landing beside
    /// another attention block comes last, since two adjacent attention blocks repeat what one sees. An exchange rather
    /// than a shift of the blocks in between, so a move changes two layers and can take the latest of two adjacent blocks
    /// past the other. The order decides only what a climb tries first; a training decides.
    /// </remarks>
    public static IReadOnlyList<CandidateLayout> Relocations(SearchSpace space, IReadOnlyList<LayerProbabilities> probabilities, CandidateLayout candidate, BlockLatencyTable? table)
    {
        var kinds = CandidateLayouts.KindsOf(space, candidate.Choices);
        var blocks = Enumerable.Range(0, kinds.Length).Where(index => kinds[index] != BlockKind.Identity).ToArray();
        var model = blocks.Select(index => kinds[index]).ToList();
        bool Attention(IReadOnlyList<BlockKind> layout, int position) => position >= 0 && position < layout.Count && layout[position] == BlockKind.SelfAttention;
        var moves = new List<(bool Later, bool Beside, int Target, int Source, CandidateLayout Move)>();
        for (var target = 0; target < model.Count; target++)
        {
            for (var source = 0; source < model.Count; source++)
            {
                if (model[source] != BlockKind.SelfAttention || model[target] == BlockKind.SelfAttention)
                {
                    continue;
                }

                var moved = model.ToList();
                (moved[source], moved[target]) = (moved[target], moved[source]);
                if (!Holds(space.Layers[blocks[source]], moved[source]) || !Holds(space.Layers[blocks[target]], moved[target]))
                {
                    continue;
                }

                var choices = candidate.Choices.ToArray();
                choices[blocks[source]] = ChoiceOf(space.Layers[blocks[source]], moved[source]);
                choices[blocks[target]] = ChoiceOf(space.Layers[blocks[target]], moved[target]);
                if (CandidateLayouts.Of(space, probabilities, choices, table) is { } move)
                {
                    var beside = Attention(moved, target - 1) || Attention(moved, target + 1);
                    moves.Add((source < target, beside, target, source, move));
                }
            }
        }

        return [.. moves.OrderBy(entry => entry.Later).ThenBy(entry => entry.Beside).ThenBy(entry => entry.Target).ThenByDescending(entry => entry.Source).Select(entry => entry.Move)];
    }

    // One of each in turn, the rest of the longer list after: a climb with few trainings then asks both questions, whether
    // depth is worth an attention block and whether attention pays earlier, before it asks either a second time.
    private static IEnumerable<CandidateLayout> Alternated(IReadOnlyList<CandidateLayout> first, IReadOnlyList<CandidateLayout> second)
    {
        for (var index = 0; index < Math.Max(first.Count, second.Count); index++)
        {
            if (index < first.Count)
            {
                yield return first[index];
            }

            if (index < second.Count)
            {
                yield return second[index];
            }
        }
    }

    // The blocks laid on the space, then feed-forward blocks appended while the layout still fits and is priced within limitMs.
    private static CandidateLayout? Deepened(SearchSpace space, IReadOnlyList<LayerProbabilities> probabilities, List<BlockKind> blocks, BlockLatencyTable table, double limitMs)
    {
        var best = Laid(space, probabilities, blocks, table);
        while (Laid(space, probabilities, [.. blocks, BlockKind.FeedForward], table) is { } deeper && deeper.PredictedMs <= limitMs)
        {
            blocks.Add(BlockKind.FeedForward);
            best = deeper;
        }

        return best;
    }

    // The model's blocks on the space's layers in order, a layer that cannot hold the next block taking an identity;
    // null when a layer can hold neither, or blocks are left over. Greedy, so a space of mixed fixed and choice layers can
    // refuse a model another alignment would fit; on a uniform space it lays the model on the first layers.
    private static CandidateLayout? Laid(SearchSpace space, IReadOnlyList<LayerProbabilities> probabilities, IReadOnlyList<BlockKind> blocks, BlockLatencyTable table)
    {
        var choices = new int[space.LayerCount];
        var next = 0;
        for (var index = 0; index < space.LayerCount; index++)
        {
            var layer = space.Layers[index];
            if (next < blocks.Count && Holds(layer, blocks[next]))
            {
                choices[index] = ChoiceOf(layer, blocks[next++]);
            }
            else if (layer.IsChoice && layer.Candidates.Contains(BlockKind.Identity))
            {
                choices[index] = ChoiceOf(layer, BlockKind.Identity);
            }
            else
            {
                return null;
            }
        }

        return next == blocks.Count ? CandidateLayouts.Of(space, probabilities, choices, table) : null;
    }

    // A fixed layer holds its own block; a choice layer any of its candidates.
    private static bool Holds(Layer layer, BlockKind kind) => layer.IsChoice ? layer.Candidates.Contains(kind) : layer.Block == kind;

    private static int ChoiceOf(Layer layer, BlockKind kind) => layer.IsChoice ? layer.Candidates.ToList().IndexOf(kind) : 0;
}
