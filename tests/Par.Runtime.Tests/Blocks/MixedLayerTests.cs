using System;
using System.Linq;
using Par.Dsl.Model;
using Par.Runtime.Blocks;
using Par.Runtime.Memory;
using Par.Runtime.Tests.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Par.Runtime.Tests.Blocks;

public class MixedLayerTests
{
    private static readonly BlockKind[] AllCandidates = { BlockKind.SelfAttention, BlockKind.FeedForward, BlockKind.Identity };

    [Fact]
    public void Starts_uniform_and_probabilities_sum_to_one()
    {
        using var layer = CreateLayer();
        SetLogits(layer, 0.3f, -1.2f, 2.0f);

        using var probabilities = layer.Probabilities();

        Assert.Equal(1.0, probabilities.sum().item<float>(), 5);
        Assert.False(probabilities.requires_grad);
        Assert.Equal(BlockKind.Identity, layer.MostProbable);
        using var fresh = CreateLayer();
        using var uniform = fresh.Probabilities();
        Assert.True(uniform.allclose(full(3, 1.0f / 3)));
    }

    [Fact]
    public void Softmax_mode_is_the_probability_weighted_sum_of_the_candidates()
    {
        using var layer = CreateLayer();
        SetLogits(layer, 0.5f, -0.25f, 1.0f);
        using var x = Input();

        using var mixed = layer.forward(x);

        using var weights = layer.Probabilities();
        var (attention, feedForward) = Children(layer);
        using var expected = weights[0] * attention.forward(x) + weights[1] * feedForward.forward(x) + weights[2] * x;
        Assert.True(mixed.allclose(expected, rtol: 0, atol: 1e-6));
    }

    [Fact]
    public void Single_path_runs_one_sampled_candidate_and_leaves_the_logits_alone()
    {
        using var layer = CreateLayer();
        layer.Mode = MixingMode.SinglePath;
        layer.Generator = new Generator(11);
        using var x = Input();

        using var output = layer.forward(x);
        output.sum().backward();

        var (attention, feedForward) = Children(layer);
        var matches = CandidateMatches(layer, x, output);
        Assert.Single(matches, match => match);
        Assert.Equal(!matches[0], attention.parameters().All(parameter => parameter.grad is null));
        Assert.Equal(!matches[1], feedForward.parameters().All(parameter => parameter.grad is null));
        Assert.Null(layer.Logits.grad);
    }

    [Theory]
    [InlineData(3UL)]
    [InlineData(8UL)]
    [InlineData(21UL)]
    public void Two_path_gives_one_candidates_value_and_the_pair_proxylessnas_gate_gradients(ulong seed)
    {
        using var layer = CreateLayer();
        SetLogits(layer, 0.4f, -0.3f, 0.1f);
        layer.Mode = MixingMode.TwoPath;
        layer.Generator = new Generator(seed);
        using var x = Input();
        using var direction = randn(x.shape, generator: new Generator(99));

        using var output = layer.forward(x);
        (output * direction).sum().backward();

        // Replay the layer's draws: the pair from softmax(θ), then the path from the pair's own softmax.
        using var replay = new Generator(seed);
        using var probabilities = layer.Probabilities();
        var pair = probabilities.multinomial(2, replacement: false, generator: replay).data<long>().Select(index => (int)index).ToArray();
        using var pairLogits = layer.Logits.detach().index_select(0, tensor(pair.Select(index => (long)index).ToArray()));
        var q = pairLogits.softmax(0).data<float>().ToArray();
        var activeInPair = (int)pairLogits.softmax(0).multinomial(1, generator: replay).item<long>();

        var (attention, feedForward) = Children(layer);
        Tensor[] deltas;
        using (no_grad())
        {
            deltas = [attention.forward(x) - x, feedForward.forward(x) - x, zeros_like(x)];
        }

        Assert.True(output.allclose(x + deltas[pair[activeInPair]], rtol: 0, atol: 1e-5), "the output is the sampled path's");
        var gateGradients = pair.Select(candidate => (direction * deltas[candidate]).sum().item<float>()).ToArray();
        var expected = new float[3];
        for (var i = 0; i < 2; i++)
        {
            for (var j = 0; j < 2; j++)
            {
                expected[pair[i]] += gateGradients[j] * q[j] * ((i == j ? 1 : 0) - q[i]);
            }
        }

        var actual = layer.Logits.grad!.data<float>().ToArray();
        for (var candidate = 0; candidate < 3; candidate++)
        {
            Assert.Equal(expected[candidate], actual[candidate], 3);
        }

        Assert.Equal(0f, actual[3 - pair[0] - pair[1]]);
        Assert.True(actual.Any(value => value != 0), "no gate gradient at all: the test would prove nothing");

        // Only the path's block trains; the other was evaluated without gradient.
        Assert.Equal(pair[activeInPair] == 0, attention.parameters().Any(parameter => parameter.grad is not null));
        Assert.Equal(pair[activeInPair] == 1, feedForward.parameters().Any(parameter => parameter.grad is not null));
    }

    [Fact]
    public void Rescaling_after_a_two_path_step_keeps_the_pairs_log_sum_exp_and_leaves_the_third_logit()
    {
        using var layer = CreateLayer();
        SetLogits(layer, 0.4f, -0.3f, 0.1f);
        layer.Mode = MixingMode.TwoPath;
        layer.Generator = new Generator(4);
        using var x = Input();
        using (var output = layer.forward(x))
        {
        }

        var before = layer.Logits.detach().data<float>().ToArray();
        using (no_grad())
        {
            layer.Logits.add_(tensor(new[] { 0.5f, 0.25f, -0.2f }));
        }

        var stepped = layer.Logits.detach().data<float>().ToArray();
        layer.RescaleSampledPair();
        var after = layer.Logits.detach().data<float>().ToArray();

        var changed = Enumerable.Range(0, 3).Where(index => Math.Abs(after[index] - stepped[index]) > 1e-6).ToArray();
        Assert.Equal(2, changed.Length);
        var unsampled = 3 - changed[0] - changed[1];
        Assert.Equal(stepped[unsampled], after[unsampled]);
        Assert.Equal(LogSumExp(before[changed[0]], before[changed[1]]), LogSumExp(after[changed[0]], after[changed[1]]), 5);
        Assert.Equal(stepped[changed[0]] - stepped[changed[1]], after[changed[0]] - after[changed[1]], 5);

        // A second call has no pair left to rescale.
        layer.RescaleSampledPair();
        Assert.Equal(after, layer.Logits.detach().data<float>().ToArray());
    }

    [Fact]
    public void Single_path_sampling_is_repeatable_with_a_seeded_generator_and_differs_across_seeds()
    {
        using var layer = CreateLayer();
        layer.Mode = MixingMode.SinglePath;
        using var x = Input();

        var first = SampleRun(layer, x, seed: 3);
        var second = SampleRun(layer, x, seed: 3);
        var otherSeeds = Enumerable.Range(4, 8).Select(seed => SampleRun(layer, x, (ulong)seed)).ToList();

        Assert.Equal(first, second);
        // One of three candidates per draw: some seed among eight must pick another than seed 3 did.
        Assert.Contains(otherSeeds, other => other != first);
    }

    [Fact]
    public void Argmax_mode_runs_only_the_most_probable_candidate_unscaled()
    {
        using var layer = CreateLayer();
        SetLogits(layer, 0f, 3f, 0f);
        layer.Mode = MixingMode.Argmax;
        using var x = Input();

        using var output = layer.forward(x);

        var (attention, feedForward) = Children(layer);
        Assert.Equal(BlockKind.FeedForward, layer.MostProbable);
        Assert.True(output.allclose(feedForward.forward(x), rtol: 0, atol: 1e-6));
    }

    [Theory]
    [InlineData(MixingMode.Argmax)]
    [InlineData(MixingMode.Softmax)]
    [InlineData(MixingMode.SinglePath)]
    [InlineData(MixingMode.TwoPath)]
    public void Feeds_its_memory_slot_once_per_segment_even_when_attention_does_not_run(MixingMode mode)
    {
        using var layer = CreateLayer();
        SetLogits(layer, 0f, 3f, 0f);
        layer.Mode = mode;
        using var x = Input();
        using var memory = new SegmentMemory(1, 2 * (int)x.shape[1]);

        using (layer.forward(x, memory, 0))
        {
        }

        Assert.Equal(x.shape, memory[0]!.shape);
        Assert.True(memory[0]!.allclose(x));
    }

    [Fact]
    public void Two_path_feeds_its_memory_slot_once_whether_or_not_attention_is_in_the_pair()
    {
        using var layer = CreateLayer();
        layer.Mode = MixingMode.TwoPath;
        using var x = Input();
        var pairsWithoutAttention = 0;
        for (var seed = 0UL; seed < 12; seed++)
        {
            layer.Generator = new Generator(seed);
            using var memory = new SegmentMemory(1, 2 * (int)x.shape[1]);
            using (layer.forward(x, memory, 0))
            {
            }

            Assert.Equal(x.shape, memory[0]!.shape);
            Assert.True(memory[0]!.allclose(x));

            using var replay = new Generator(seed);
            using var probabilities = layer.Probabilities();
            using var pair = probabilities.multinomial(2, replacement: false, generator: replay);
            pairsWithoutAttention += pair.data<long>().Contains(0L) ? 0 : 1;
        }

        Assert.InRange(pairsWithoutAttention, 1, 11);
    }

    [Fact]
    public void Gumbel_softmax_mode_is_a_soft_mixture_repeatable_with_a_seeded_generator_and_differs_across_seeds()
    {
        using var layer = CreateLayer();
        layer.Mode = MixingMode.GumbelSoftmax;
        layer.Temperature = 5.0;
        using var x = Input();

        layer.Generator = new Generator(5);
        using var first = layer.forward(x);
        layer.Generator = new Generator(5);
        using var second = layer.forward(x);
        layer.Generator = new Generator(6);
        using var otherSeed = layer.forward(x);

        Assert.True(first.allclose(second));
        Assert.False(first.allclose(otherSeed), "another seed drew the same Gumbel noise");
        Assert.Throws<ArgumentOutOfRangeException>(() => layer.Temperature = 0);
    }

    [Fact]
    public void Last_mixture_weights_rebuild_the_gumbel_sample_of_the_last_pass_with_gradients_to_the_logits()
    {
        using var layer = CreateLayer();
        layer.Mode = MixingMode.GumbelSoftmax;
        layer.Temperature = 0.7;
        layer.Generator = new Generator(5);
        SetLogits(layer, 0.2f, -0.4f, 0.1f);
        using var x = Input();

        using var mixed = layer.forward(x);
        using var weights = layer.LastMixtureWeights();

        var (attention, feedForward) = Children(layer);
        using (no_grad())
        {
            using var expected = weights[0] * attention.forward(x) + weights[1] * feedForward.forward(x) + weights[2] * x;
            Assert.True(mixed.allclose(expected, rtol: 0, atol: 1e-5));
            using var plain = layer.Probabilities();
            Assert.False(weights.allclose(plain, rtol: 0, atol: 1e-3), "the sample carries Gumbel noise, unlike softmax(θ)");
        }

        weights[1].backward();
        Assert.NotNull(layer.Logits.grad);
        Assert.True(layer.Logits.grad!.abs().sum().item<float>() > 0);
    }

    private static bool[] CandidateMatches(MixedLayer layer, Tensor x, Tensor output)
    {
        var (attention, feedForward) = Children(layer);
        using var noGrad = no_grad();
        return new[] { attention.forward(x), feedForward.forward(x), x }
            .Select(candidate => output.allclose(candidate, rtol: 0, atol: 1e-6))
            .ToArray();
    }

    private static double LogSumExp(double a, double b) => Math.Log(Math.Exp(a) + Math.Exp(b));

    private static MixedLayer CreateLayer()
    {
        var layer = new MixedLayer("mixed", AllCandidates, TinyModels.Parameters(AttentionKind.Xl));
        layer.eval();
        return layer;
    }

    private static Tensor Input()
    {
        using var generator = new Generator(17);
        return randn(new long[] { 2, 5, TinyModels.DModel }, generator: generator);
    }

    private static void SetLogits(MixedLayer layer, params float[] values)
    {
        using var noGrad = no_grad();
        layer.Logits.copy_(tensor(values));
    }

    private static (SelfAttentionBlock Attention, FeedForwardBlock FeedForward) Children(MixedLayer layer)
    {
        var children = layer.named_children().ToDictionary(child => child.name, child => child.module);
        return ((SelfAttentionBlock)children["attention"], (FeedForwardBlock)children["feed_forward"]);
    }

    private static float SampleRun(MixedLayer layer, Tensor x, ulong seed)
    {
        layer.Generator = new Generator(seed);
        using var noGrad = no_grad();
        using var output = layer.forward(x);
        return output.sum().item<float>();
    }
}
