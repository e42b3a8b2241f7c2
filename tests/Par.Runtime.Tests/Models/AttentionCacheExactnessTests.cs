using System.Linq;
using Par.Dsl.Model;
using Par.Runtime.Blocks;
using Par.Runtime.Memory;
using Par.Runtime.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Par.Runtime.Tests.Models;

/// <summary>
/// The inference cache changes how attention computes, never what: with the same weights the cached path's logits
/// equal the recomputing path's, and training (which always recomputes) is untouched by a memory that caches.
/// </summary>
public class AttentionCacheExactnessTests
{
    // Fixed attention, a feed-forward block and a searched layer whose attention candidate runs in the softmax mixture.
    private const string Layout = "s f [sf-] s";
    private const int Segments = 10;

    [Theory]
    [InlineData(true, 2)]
    [InlineData(true, TinyModels.Context)]
    [InlineData(true, 3 * TinyModels.Context)]
    [InlineData(false, 2)]
    [InlineData(false, TinyModels.Context)]
    [InlineData(false, 3 * TinyModels.Context)]
    public void Ten_segments_through_the_cache_give_the_recomputed_logits(bool tied, int memoryLength)
    {
        using var model = EvalModel(tied, memoryLength);
        using var noGrad = no_grad();
        using var cached = new SegmentMemory(model.AttentionSlotCount, memoryLength, cacheAttention: true);
        using var recomputed = new SegmentMemory(model.AttentionSlotCount, memoryLength, cacheAttention: false);
        using var stream = TinyModels.Tokens(2, Segments * TinyModels.Context, seed: 21);

        for (var segment = 0; segment < Segments; segment++)
        {
            using var tokens = stream.narrow(1, segment * TinyModels.Context, TinyModels.Context);
            using var expected = model.forward(tokens, recomputed);
            using var actual = model.forward(tokens, cached);
            var difference = (actual - expected).abs().max().item<float>();
            Assert.True(difference <= 1e-5, $"segment {segment}: cached logits differ by {difference}");
        }

        Assert.NotNull(cached.CacheOf(0)!.Keys);
        Assert.Equal(recomputed[0]!.shape[1], cached.CacheOf(0)!.Keys!.shape[2]);
    }

    [Fact]
    public void Segments_of_other_lengths_and_a_memory_filled_while_recomputing_give_the_recomputed_logits()
    {
        using var model = EvalModel(tied: true, memoryLength: 8);
        using var cached = model.CreateMemory();
        using var recomputed = new SegmentMemory(model.AttentionSlotCount, 8, cacheAttention: false);
        using var stream = TinyModels.Tokens(1, 30, seed: 22);

        // Gradients on: the cached memory is fed by recomputing forwards, so its cache must be rebuilt from the states.
        var start = 0;
        foreach (var (length, gradients) in new[] { (6, true), (3, false), (1, true), (5, false), (1, false), (6, true), (6, false), (2, false) })
        {
            using var tokens = stream.narrow(1, start, length);
            using var mode = set_grad_enabled(gradients);
            using var expected = model.forward(tokens, recomputed);
            using var actual = model.forward(tokens, cached);
            Assert.True(actual.allclose(expected, rtol: 0, atol: 1e-5), $"the {length} tokens at {start} differ");
            start += length;
        }
    }

    [Fact]
    public void Training_with_a_caching_memory_gives_the_same_losses_and_gradients_as_without()
    {
        var withCache = TrainThreeSegments(cacheAttention: true);
        var without = TrainThreeSegments(cacheAttention: false);

        Assert.Equal(without.Losses, withCache.Losses);
        Assert.Equal(without.Gradients, withCache.Gradients);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_training_step_between_inference_segments_is_seen_by_the_cache(bool stepReadsTheMemory)
    {
        using var model = EvalModel(tied: true, memoryLength: TinyModels.Context);
        using var cached = model.CreateMemory();
        using var recomputed = new SegmentMemory(model.AttentionSlotCount, TinyModels.Context, cacheAttention: false);
        using var first = TinyModels.Tokens(2, TinyModels.Context, seed: 23);
        using var second = TinyModels.Tokens(2, TinyModels.Context, seed: 24);
        using (no_grad())
        {
            model.forward(first, cached).Dispose();
        }

        // One SGD step, on a forward that reads the cached memory (training recomputes it) or on one without memory.
        model.train();
        using (var loss = model.forward(second, stepReadsTheMemory ? cached : null).square().mean())
        {
            loss.backward();
        }

        using (no_grad())
        {
            foreach (var parameter in model.parameters())
            {
                parameter.sub_(parameter.grad! * 0.5f);
            }
        }

        model.eval();
        using var noGrad = no_grad();
        recomputed.CopyFrom(cached);
        using var expected = model.forward(first, recomputed);
        using var actual = model.forward(first, cached);
        Assert.True(actual.allclose(expected, rtol: 0, atol: 1e-5), "the cache kept keys projected with the old weights");
    }

    [Fact]
    public void A_cached_forward_leaves_only_the_logits_and_the_memory_alive()
    {
        using var model = EvalModel(tied: true, memoryLength: TinyModels.Context);
        using var noGrad = no_grad();
        using var tokens = TinyModels.Tokens(2, TinyModels.Context, seed: 25);
        var memory = model.CreateMemory();
        var statistics = DisposeScopeManager.Statistics;
        statistics.Reset();

        for (var segment = 0; segment < 3; segment++)
        {
            using (model.forward(tokens, memory))
            {
                // Per slot: the hidden states, their keys and values, and the position keys.
                Assert.Equal(1 + (4 * model.AttentionSlotCount), statistics.ThreadTotalLiveCount);
            }
        }

        memory.Dispose();
        Assert.Equal(0, statistics.ThreadTotalLiveCount);
    }

    private static LayoutModel EvalModel(bool tied, int memoryLength)
    {
        manual_seed(20);
        var model = LayoutModel.Create(TinyModels.Model(Layout, TinyModels.Parameters(AttentionKind.Xl, tied, memoryLength)));
        using (no_grad())
        {
            // Non-zero biases and a lopsided mixture, so every term of the attention matters.
            foreach (var parameter in model.parameters())
            {
                parameter.add_(randn_like(parameter) * 0.1f);
            }
        }

        model.eval();
        return model;
    }

    private static (float[] Losses, float[][] Gradients) TrainThreeSegments(bool cacheAttention)
    {
        using var model = EvalModel(tied: true, memoryLength: TinyModels.Context);
        model.train();
        using var memory = new SegmentMemory(model.AttentionSlotCount, TinyModels.Context, cacheAttention);
        using var stream = TinyModels.Tokens(2, 3 * TinyModels.Context, seed: 26);
        manual_seed(27);
        var losses = new float[3];
        for (var segment = 0; segment < 3; segment++)
        {
            using var tokens = stream.narrow(1, segment * TinyModels.Context, TinyModels.Context);
            using var logits = model.forward(tokens, memory);
            using var loss = nn.functional.cross_entropy(logits.reshape(-1, TinyModels.Vocab), tokens.reshape(-1));
            loss.backward();
            losses[segment] = loss.item<float>();
        }

        return (losses, model.parameters().Select(parameter => parameter.grad!.data<float>().ToArray()).ToArray());
    }
}
