using System;
using System.Linq;
using Par.Runtime.Blocks;
using Par.Search.Sampling;
using TorchSharp;
using static TorchSharp.torch;

namespace Par.Search.Tests;

/// <summary>The draws a supernet makes for a step, one [sf-] layer at a time (the gates they become are tested on MixedLayer).</summary>
public sealed class SupernetSamplingTests
{
    private static readonly float[] Logits = [0.4f, -0.3f, 0.1f];

    [Fact]
    public void Path_samples_draw_from_softmax_with_the_seeded_sampler_repeatably_and_differ_across_seeds()
    {
        int[] Paths(long seed)
        {
            using var supernet = TinySearch.OneLayerSupernet(seed);
            SetLogits(supernet.MixedLayers[0], Logits);
            return supernet.SamplePaths().Paths();
        }

        var first = Paths(3);
        var otherSeeds = Enumerable.Range(4, 8).Select(seed => Paths(seed)[0]).ToList();

        Assert.Equal(first, Paths(3));
        using var replay = new Generator(3);
        using var probabilities = tensor(Logits).softmax(0);
        Assert.Equal((int)probabilities.multinomial(1, replacement: false, generator: replay).item<long>(), first[0]);
        // One of three candidates per draw: some seed among eight must pick another than seed 3 did.
        Assert.Contains(otherSeeds, other => other != first[0]);
    }

    [Fact]
    public void A_uniform_gumbel_sample_mixes_by_its_noise_alone_whatever_the_logits_and_draws_the_noise_a_gumbel_sample_would()
    {
        using var supernet = TinySearch.OneLayerSupernet(5);
        var layer = supernet.MixedLayers[0];
        SetLogits(layer, [6f, -6f, 0f]); // a layer the logits have all but decided
        using var twin = TinySearch.OneLayerSupernet(5);

        var fair = Assert.IsType<LayerSample.UniformGumbel>(Assert.Single(supernet.SampleUniformGumbel(0.5).Layers));
        var usual = Assert.IsType<LayerSample.Gumbel>(Assert.Single(twin.SampleGumbel(0.5).Layers));

        Assert.Equal(usual.Noise.data<float>().ToArray(), fair.Noise.data<float>().ToArray());
        using var expected = (fair.Noise / 0.5).softmax(0);
        using var weights = fair.MixtureWeights(layer.Logits);
        Assert.Equal(expected.data<float>().ToArray(), weights.data<float>().ToArray());
        Assert.IsType<MixedLayerGates.Mixture>(fair.Gates(layer.Logits));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(21)]
    public void A_pair_sample_draws_two_candidates_then_the_path_from_the_pairs_softmax_and_its_gates_carry_proxylessnas_gradients(long seed)
    {
        using var supernet = TinySearch.OneLayerSupernet(seed);
        var layer = supernet.MixedLayers[0];
        SetLogits(layer, Logits);

        var pair = Assert.IsType<LayerSample.Pair>(Assert.Single(supernet.SamplePairs().Layers));

        // Replay the draws: the pair from softmax(θ), then the path from the pair's own softmax.
        using var replay = new Generator((ulong)seed);
        using var probabilities = layer.Probabilities();
        var drawn = probabilities.multinomial(2, replacement: false, generator: replay).data<long>().Select(index => (int)index).ToArray();
        using var pairLogits = layer.Logits.detach().index_select(0, tensor(drawn.Select(index => (long)index).ToArray()));
        var q = pairLogits.softmax(0).data<float>().ToArray();
        var activeInPair = (int)pairLogits.softmax(0).multinomial(1, generator: replay).item<long>();
        Assert.Equal((drawn[0], drawn[1], activeInPair), (pair.First, pair.Second, pair.ActiveInPair));
        Assert.Equal(drawn[activeInPair], pair.Active);
        Assert.Equal((Logits[drawn[0]], Logits[drawn[1]]), (pair.FirstLogit, pair.SecondLogit));

        // Gates worth 1 on the path and 0 on the other, whose gradient reaches the pair's logits through the pair's softmax.
        var gates = Assert.IsType<MixedLayerGates.Pair>(pair.Gates(layer.Logits));
        Assert.Equal((1f, 0f), (gates.ActiveGate.item<float>(), gates.InactiveGate.item<float>()));
        float[] gateGradients = [0.7f, -1.3f]; // ∂L/∂g for the pair's first and second candidate
        var (activeGradient, inactiveGradient) = activeInPair == 0 ? (gateGradients[0], gateGradients[1]) : (gateGradients[1], gateGradients[0]);
        (gates.ActiveGate * activeGradient + gates.InactiveGate * inactiveGradient).backward();

        var expected = new float[3];
        for (var i = 0; i < 2; i++)
        {
            for (var j = 0; j < 2; j++)
            {
                expected[drawn[i]] += gateGradients[j] * q[j] * ((i == j ? 1 : 0) - q[i]);
            }
        }

        var actual = layer.Logits.grad!.data<float>().ToArray();
        for (var candidate = 0; candidate < 3; candidate++)
        {
            Assert.Equal(expected[candidate], actual[candidate], 5);
        }

        Assert.Equal(0f, actual[3 - drawn[0] - drawn[1]]);
        Assert.True(actual.Any(value => value != 0), "no gate gradient at all: the test would prove nothing");
    }

    [Fact]
    public void Pair_samples_sometimes_leave_attention_out()
    {
        var pairsWithoutAttention = Enumerable.Range(0, 12).Count(seed =>
        {
            using var supernet = TinySearch.OneLayerSupernet(seed);
            var pair = (LayerSample.Pair)supernet.SamplePairs().Layers[0];
            return pair.First != 0 && pair.Second != 0;
        });

        Assert.InRange(pairsWithoutAttention, 1, 11);
    }

    [Fact]
    public void Rescaling_after_a_pair_step_keeps_the_pairs_log_sum_exp_and_leaves_the_third_logit()
    {
        using var supernet = TinySearch.OneLayerSupernet(4);
        var layer = supernet.MixedLayers[0];
        SetLogits(layer, Logits);
        var sample = supernet.SamplePairs();

        var before = layer.Logits.detach().data<float>().ToArray();
        using (no_grad())
        {
            layer.Logits.add_(tensor(new[] { 0.5f, 0.25f, -0.2f }));
        }

        var stepped = layer.Logits.detach().data<float>().ToArray();
        supernet.RescaleSampledPairs(sample);
        var after = layer.Logits.detach().data<float>().ToArray();

        var changed = Enumerable.Range(0, 3).Where(index => Math.Abs(after[index] - stepped[index]) > 1e-6).ToArray();
        Assert.Equal(2, changed.Length);
        var unsampled = 3 - changed[0] - changed[1];
        Assert.Equal(stepped[unsampled], after[unsampled]);
        Assert.Equal(LogSumExp(before[changed[0]], before[changed[1]]), LogSumExp(after[changed[0]], after[changed[1]]), 5);
        Assert.Equal(stepped[changed[0]] - stepped[changed[1]], after[changed[0]] - after[changed[1]], 5);

        // A sample without pairs has nothing to rescale.
        supernet.RescaleSampledPairs(supernet.SamplePaths());
        Assert.Equal(after, layer.Logits.detach().data<float>().ToArray());
    }

    [Fact]
    public void Gumbel_samples_are_repeatable_with_a_seed_differ_across_seeds_and_need_a_positive_temperature()
    {
        Tensor Noise(long seed)
        {
            using var supernet = TinySearch.OneLayerSupernet(seed);
            return ((LayerSample.Gumbel)supernet.SampleGumbel(5.0).Layers[0]).Noise;
        }

        using var first = Noise(5);
        using var second = Noise(5);
        using var otherSeed = Noise(6);

        Assert.True(first.allclose(second, rtol: 0, atol: 0));
        Assert.False(first.allclose(otherSeed), "another seed drew the same Gumbel noise");
        using var supernet = TinySearch.OneLayerSupernet(5);
        Assert.Throws<ArgumentOutOfRangeException>(() => supernet.SampleGumbel(0));
    }

    [Fact]
    public void A_gumbel_samples_mixture_weights_are_the_weights_its_gates_mix_with_and_carry_gradients_to_the_logits()
    {
        using var supernet = TinySearch.OneLayerSupernet(5);
        var layer = supernet.MixedLayers[0];
        SetLogits(layer, 0.2f, -0.4f, 0.1f);
        var drawn = (LayerSample.Gumbel)supernet.SampleGumbel(0.7).Layers[0];

        using var weights = drawn.MixtureWeights(layer.Logits);

        var gates = Assert.IsType<MixedLayerGates.Mixture>(drawn.Gates(layer.Logits));
        using (no_grad())
        {
            Assert.True(weights.allclose(gates.Weights, rtol: 0, atol: 0));
            using var expected = ((layer.Logits + drawn.Noise) / 0.7).softmax(0);
            Assert.True(weights.allclose(expected, rtol: 0, atol: 1e-6));
            using var plain = layer.Probabilities();
            Assert.False(weights.allclose(plain, rtol: 0, atol: 1e-3), "the sample carries Gumbel noise, unlike softmax(θ)");
            using var pathWeights = new LayerSample.Path(1).MixtureWeights(layer.Logits);
            Assert.True(pathWeights.allclose(plain), "a sampled path's latency is priced at softmax(θ)");
        }

        weights[1].backward();
        Assert.NotNull(layer.Logits.grad);
        Assert.True(layer.Logits.grad!.abs().sum().item<float>() > 0);
    }

    private static double LogSumExp(double a, double b) => Math.Log(Math.Exp(a) + Math.Exp(b));

    private static void SetLogits(MixedLayer layer, params float[] values)
    {
        using var noGrad = no_grad();
        layer.Logits.copy_(tensor(values));
    }
}
