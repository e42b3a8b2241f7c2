using System.Collections.Generic;
using System.Linq;
using Par.Dsl.Model;
using Par.Bench.Experiments.DerivationPipeline;
using Par.Search.Derivation;
using Par.Search.Latency;
using Par.Search.Progress;
using Par.Search.Space;
using Par.Search.Tests;
using static Par.Search.Tests.ProbabilityRows;

namespace Par.Bench.Tests;

public sealed class ClimbTests
{
    private static readonly SearchSpace Space = DerivationSpaces.Uniform(6);
    private static readonly BlockLatencyTable Table = DerivationSpaces.Table;
    private static readonly LayerProbabilities[] Probabilities = [.. Enumerable.Range(0, 6).Select(layer => Row(layer, 0.3, 0.5, 0.2))];

    // Choice indices of [sf-]: 0 attention, 1 feed-forward, 2 identity.
    private static CandidateLayout Candidate(params int[] choices) => CandidateLayouts.Of(Space, Probabilities, choices, Table)!;

    // The model's blocks one letter each, e.g. "fsff".
    private static string Layout(CandidateLayout candidate) => string.Concat(candidate.Layout.Select(layer => layer.Block.Letter()));

    // A hand-made training: the earlier the attention blocks sit in the model, the lower the loss.
    private static double EarlyAttentionLoss(CandidateLayout candidate) =>
        3.0 + (0.1 * candidate.Layout.Select((layer, index) => layer.Block == BlockKind.SelfAttention ? index : 0).Sum());

    [Fact]
    public void A_move_takes_an_attention_block_elsewhere_in_the_model_across_identities_earliest_first_and_keeps_the_price()
    {
        var start = Candidate(1, 2, 0, 1, 2, 1); // f - s f - f  =  fsff

        var moves = ClimbMoves.Of(Space, Probabilities, start, Table, budgetMs: null);

        Assert.Equal(["sfff", "ffsf", "fffs"], moves.Select(Layout));
        Assert.Equal([0, 2, 1, 1, 2, 1], moves[0].Choices); // the identity in layer 1 stays where it was
        Assert.All(moves, move => Assert.Equal(start.PredictedMs, move.PredictedMs));
        Assert.Empty(ClimbMoves.Of(Space, Probabilities, Candidate(1, 1, 2, 1, 1, 1), Table, budgetMs: null)); // no attention, nothing to move
    }

    [Fact]
    public void Within_a_budget_trades_of_attention_for_feed_forward_depth_alternate_with_relocations_and_keep_a_block_of_room()
    {
        var start = Candidate(0, 2, 1, 0, 2, 2); // s - f s - -  =  sfs, 2.25 ms
        var moves = ClimbMoves.Of(Space, Probabilities, start, Table, budgetMs: 2.9);

        // Trades and relocations in turn. Trades deepen while a feed-forward block (0.25 ms) of room is left: sfs + f
        // (2.5 ms); sf(s→f) + fff (1.5 ms, then 2.25 in all six layers); (s→f)fs + fff. Relocations: ssf, fss.
        Assert.Equal(["sfsf", "ssf", "sfffff", "fss", "ffsfff"], moves.Select(Layout));
        Assert.Equal([0, 1, 0, 1, 2, 2], moves[0].Choices); // a trade lays its blocks on the first layers
        Assert.All(moves, move => Assert.True(move.PredictedMs <= 2.9, $"{Layout(move)} costs {move.PredictedMs} ms"));
        Assert.All(moves, move => Assert.Equal(move.PredictedMs, CandidateLayouts.Of(Space, Probabilities, move.Choices.ToArray(), Table)!.PredictedMs));

        // With no room for a block more, the first trade gives up attention.
        Assert.Equal(["sfffff", "ssf", "ffsfff", "fss"], ClimbMoves.Of(Space, Probabilities, start, Table, budgetMs: 2.6).Select(Layout));

        // Asked for no room, the first trade deepens to the budget's edge: sfs + f costs 2.5 ms of 2.6.
        Assert.Equal("sfsf", Layout(ClimbMoves.Of(Space, Probabilities, start, Table, budgetMs: 2.6, roomBlocks: 0)[0]));

        // Six layers hold at most six blocks: ssffff cannot deepen, and traded gives sfffff and nothing deeper.
        var full = ClimbMoves.Trades(Space, Probabilities, Candidate(0, 0, 1, 1, 1, 1), Table, budgetMs: 10);
        Assert.Equal(["sfffff", "fsffff"], full.Select(Layout));
        Assert.Empty(ClimbMoves.Trades(Space, Probabilities, start, Table, budgetMs: null)); // no budget, no trades
    }

    [Fact]
    public void Relocations_exchange_attention_earlier_before_later_away_from_other_attention_the_later_block_first()
    {
        var space = DerivationSpaces.Uniform(12);
        var probabilities = Enumerable.Range(0, 12).Select(layer => Row(layer, 0.3, 0.5, 0.2)).ToArray();
        var start = CandidateLayouts.Of(space, probabilities, [0, 1, 1, 1, 0, 0, 1, 1, 1, 2, 2, 2], Table)!; // sfffssfff

        // Earlier, landing beside no attention: layer 2 (the later block, from 5, then the one from 4), layer 3 (from 4;
        // from 5 it would sit beside 4); then earlier landings beside attention: layer 1 (from 5, then 4), layer 3 from 5.
        // An exchange moves two layers only: from 5 to 2 leaves the block in 4 where it was.
        var relocations = ClimbMoves.Relocations(space, probabilities, start, Table).Select(Layout).ToList();
        Assert.Equal(["sfsfsffff", "sfsffsfff", "sffsfsfff", "ssffsffff", "ssfffsfff", "sffssffff"], relocations.Take(6));
        Assert.Equal(relocations.Count, relocations.Distinct().Count());
        Assert.Equal("fsffssfff", relocations[6]); // then later: layer 0's block to 1, ...

        // KJV seed 1's climb stopped at sffffssff, whose last block a shift of the blocks between could not take past
        // the one in layer 5; an exchange offers sfsffsfff first, which the main job then found (all four claims).
        var kjv = CandidateLayouts.Of(space, probabilities, [0, 1, 1, 1, 1, 0, 0, 1, 1, 2, 2, 2], Table)!;
        Assert.Equal(["sfsffsfff", "sfsfffsff", "sffsfsfff"], ClimbMoves.Relocations(space, probabilities, kjv, Table).Select(Layout).Take(3));

        // With a budget (6 ms) the kinds alternate over distinct layouts: repeated relocations used to take trades' turns.
        var moves = ClimbMoves.Of(space, probabilities, start, Table, budgetMs: 6.0).Select(Layout).ToList();
        var trades = ClimbMoves.Trades(space, probabilities, start, Table, budgetMs: 6.0).Select(Layout).ToList();
        Assert.True(trades.Count >= 2, string.Join(", ", trades));
        Assert.Equal([trades[0], relocations[0], trades[1], relocations[1]], moves.Take(4));
    }

    [Fact]
    public void A_climb_within_a_budget_trades_attention_for_depth_when_training_rewards_depth_and_never_leaves_the_budget()
    {
        var start = new ScoredCandidate(Candidate(0, 0, 0, 2, 2, 2), HeldOutLoss: 2.0); // sss, 3 ms
        // A hand-made training that rewards layers, and the first attention block over none.
        double DepthLoss(CandidateLayout candidate) =>
            3.0 - (0.1 * candidate.Layout.Count) - (candidate.Layout.Any(layer => layer.Block == BlockKind.SelfAttention) ? 0.5 : 0);

        var ranked = Climb.From(Space, Probabilities, start, DepthLoss, _ => 2.5, trainings: 20, Table, budgetMs: 3.0);

        // sss + f would cost 3.25 ms; ssf bought two more feed-forward blocks (2.75 ms, one block of room left), and
        // then sf bought four (2.25 ms, the space's six layers).
        Assert.Equal("sfffff", Layout(ranked[0].Candidate));
        Assert.All(ranked, entry => Assert.True(entry.Candidate.PredictedMs <= 3.0));
    }

    [Fact]
    public void The_climb_moves_attention_to_where_training_rewards_it_and_returns_every_trained_layout_best_first()
    {
        var start = new ScoredCandidate(Candidate(1, 1, 0, 1, 0, 1), HeldOutLoss: 2.0); // ffsfsf
        var trained = new List<string>();
        double Trained(CandidateLayout candidate)
        {
            trained.Add(Layout(candidate));
            return EarlyAttentionLoss(candidate);
        }

        var ranked = Climb.From(Space, Probabilities, start, Trained, _ => 2.5, trainings: 20, Table, budgetMs: null);

        Assert.Equal("ssffff", Layout(ranked[0].Candidate));
        Assert.Equal(trained.Count, trained.Distinct().Count()); // no layout trained twice
        Assert.Equal(trained.Count, ranked.Count);
        Assert.All(ranked, entry => Assert.NotNull(entry.ScratchLoss));
        Assert.Equal(ranked.Select(entry => entry.ScratchLoss).Order(), ranked.Select(entry => entry.ScratchLoss));
        Assert.Equal(ranked.Select(entry => entry.ScratchLoss!.Value), ranked.Select(entry => entry.RankingLoss));
        var kept = Assert.Single(ranked, entry => entry.Candidate == start.Candidate);
        Assert.Equal(2.0, kept.HeldOutLoss); // the start keeps its inherited score
        Assert.All(ranked.Where(entry => entry.Candidate != start.Candidate), entry => Assert.Equal(2.5, entry.HeldOutLoss));
    }

    [Fact]
    public void The_climb_stops_at_its_training_budget_and_when_no_move_helps()
    {
        var start = new ScoredCandidate(Candidate(1, 1, 0, 1, 0, 1), HeldOutLoss: 2.0);

        Assert.Equal(3, Climb.From(Space, Probabilities, start, EarlyAttentionLoss, _ => 2.5, trainings: 3, Table, budgetMs: null).Count);

        // Attention late is what this training rewards: from ffffss none of its four moves helps.
        var lateStart = new ScoredCandidate(Candidate(1, 1, 1, 1, 0, 0), HeldOutLoss: 2.0);
        var late = Climb.From(Space, Probabilities, lateStart, candidate => -EarlyAttentionLoss(candidate), _ => 2.5, trainings: 20, Table, budgetMs: null);
        Assert.Equal("ffffss", Layout(late[0].Candidate));
        Assert.Equal(9, late.Count); // the start and its eight exchanges: each of the two blocks to each of layers 0-3
    }
}
