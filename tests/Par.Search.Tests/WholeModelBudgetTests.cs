using System.IO;
using Par.Dsl.Model;
using Par.Search.Derivation;
using Par.Search.Latency;

namespace Par.Search.Tests;

/// <summary>
/// A latency budget is a fraction of a whole model's latency, as the derivation measures models: the embedding and
/// head every layout pays come out of it before the blocks are priced against it.
/// </summary>
public sealed class WholeModelBudgetTests
{
    // The tiny space's interleaved baseline: blocks 2 × 1.0 + 2 × 0.25 = 2.5 ms, whole model 2.5 + 0.5 = 3.0 ms.
    private static readonly BlockLatencyTable Table =
        new("cpu/1 threads", 16, 32, 2, 8, 8, AttentionMs: 1.0, FeedForwardMs: 0.25, CachedAttention: true, EmbeddingAndHeadMs: 0.5);

    [Fact]
    public void The_blocks_get_the_budget_left_after_the_embedding_and_head()
    {
        Assert.Equal((0.5 * 3.0) - 0.5, Table.BlockBudgetMs(0.5, 4), 12);
        Assert.Equal(0.5, Table.WholeModelRatio(Table.BlockBudgetMs(0.5, 4), 4), 12);
        Assert.Equal(0, Table.BlockBudgetMs(0.1, 4));

        var byFraction = new ArchitectureSearch(TinySearch.Space, TinySearch.Options with { Latency = new() { Weight = 1, Form = LatencyLossForm.Budget, Target = 0.5 } }, Table);
        Assert.Equal(1.0, byFraction.LatencyBudgetMs!.Value, 12);
        var byMilliseconds = new ArchitectureSearch(TinySearch.Space, TinySearch.Options with { Latency = new() { Weight = 1, Form = LatencyLossForm.Budget, TargetMs = 2.0 } }, Table);
        Assert.Equal(1.5, byMilliseconds.LatencyBudgetMs!.Value, 12);
    }

    [Fact]
    public void The_derivation_keeps_the_whole_model_fraction_and_prices_its_candidates_within_the_block_share()
    {
        var options = TinySearch.Options with
        {
            Latency = new() { Weight = 1, Form = LatencyLossForm.Budget, Target = 0.5 },
            Derivation = new() { Strategy = DerivationStrategy.Halving, Candidates = 6, Segments = 2, Finalists = 2 },
        };

        var result = new ArchitectureSearch(TinySearch.Space, options, Table).Run(TinySearch.Tokens());

        var derivation = Assert.IsType<MeasuredDerivationResult>(result.MeasuredDerivation);
        Assert.Equal(0.5, derivation.BudgetRatio!.Value, 12);
        Assert.All(derivation.Scored, entry => Assert.True(entry.Candidate.PredictedMs <= 1.0, $"{entry.Candidate.Layout} priced at {entry.Candidate.PredictedMs} ms of blocks"));
    }

    [Fact]
    public void A_table_stored_before_the_embedding_and_head_were_timed_reads_as_costing_nothing_besides_its_blocks()
    {
        var path = Path.Combine(Path.GetTempPath(), $"par-latency-{System.Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(path, "[{\"Device\":\"cpu/2\",\"DModel\":32,\"DFeedForward\":128,\"Heads\":2,\"Context\":16,\"Memory\":16,\"AttentionMs\":0.5,\"FeedForwardMs\":0.1,\"CachedAttention\":true,\"Vocab\":256}]");
            var hp = HyperParameters.Default with { DModel = 32, Heads = 2, DFeedForward = 128, Context = 16, Memory = 16 };

            var table = new LatencyTableCache(path).Find("cpu/2", hp)!;

            Assert.Equal(0, table.EmbeddingAndHeadMs);
            Assert.Equal(0.65 * 1.2, table.BlockBudgetMs(0.65, 4), 12);
            Assert.DoesNotContain("embedding and head", table.ToTableText());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_measured_table_times_the_embedding_and_head()
    {
        var table = BlockLatencyMeasurer.Measure(TinySearch.HyperParameters, warmupRuns: 1, runs: 3, rounds: 1);

        Assert.True(table.EmbeddingAndHeadMs > 0, $"embedding and head timed at {table.EmbeddingAndHeadMs} ms");
        Assert.Contains("embedding and head", table.ToTableText());
    }
}
