using System;
using System.Collections.Generic;
using System.Linq;
using Par.Dsl.Model;
using Par.Runtime.Blocks;
using Par.Runtime.Memory;
using Par.Runtime.Tests.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Par.Runtime.Tests.Blocks;

/// <summary>The mixed layer as a pure function of its input and its gates (the search's sampling is tested in Par.Search.Tests).</summary>
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
    public void The_plain_forward_is_the_probability_weighted_sum_of_the_candidates()
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
    public void Mixture_gates_weigh_the_candidates_with_the_given_weights_and_pass_their_gradient_to_the_logits()
    {
        using var layer = CreateLayer();
        SetLogits(layer, 0.2f, -0.4f, 0.1f);
        using var x = Input();
        using var weights = (layer.Logits * 2).softmax(0);

        using var mixed = layer.forward(x, null, 0, new MixedLayerGates.Mixture(weights));

        var (attention, feedForward) = Children(layer);
        using (no_grad())
        {
            using var expected = weights[0] * attention.forward(x) + weights[1] * feedForward.forward(x) + weights[2] * x;
            Assert.True(mixed.allclose(expected, rtol: 0, atol: 1e-5));
            using var plain = layer.forward(x);
            Assert.False(mixed.allclose(plain, rtol: 0, atol: 1e-4), "the given weights were ignored for softmax(θ)");
        }

        mixed.sum().backward();
        Assert.True(layer.Logits.grad!.abs().sum().item<float>() > 0);
        Assert.Throws<ArgumentException>(() => layer.forward(x, null, 0, new MixedLayerGates.Mixture(ones(2))));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void A_path_gate_runs_that_candidate_alone_unscaled_and_leaves_the_logits_and_the_other_block_alone(int candidate)
    {
        using var layer = CreateLayer();
        SetLogits(layer, 0f, 3f, 0f);
        // The input takes gradients too, so that the identity path has something to pass them to.
        using var x = Input().requires_grad_(true);

        using var output = layer.forward(x, null, 0, new MixedLayerGates.Path(candidate));
        output.sum().backward();

        var (attention, feedForward) = Children(layer);
        var matches = CandidateMatches(layer, x, output);
        Assert.Equal(candidate, Array.IndexOf(matches, true));
        Assert.Single(matches, match => match);
        Assert.Equal(candidate != 0, attention.parameters().All(parameter => parameter.grad is null));
        Assert.Equal(candidate != 1, feedForward.parameters().All(parameter => parameter.grad is null));
        Assert.Null(layer.Logits.grad);
        Assert.Throws<ArgumentOutOfRangeException>(() => layer.forward(x, null, 0, new MixedLayerGates.Path(3)));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 0)]
    [InlineData(0, 2)]
    [InlineData(2, 0)]
    [InlineData(1, 2)]
    [InlineData(2, 1)]
    public void Pair_gates_give_the_active_candidates_value_and_straight_through_gradients_to_both_gates(int active, int inactive)
    {
        using var layer = CreateLayer();
        using var x = Input();
        using var direction = randn(x.shape, generator: new Generator(99));
        using var activeGate = tensor(1f).requires_grad_(true);
        using var inactiveGate = tensor(0f).requires_grad_(true);

        using var output = layer.forward(x, null, 0, new MixedLayerGates.Pair(active, inactive, activeGate, inactiveGate));
        (output * direction).sum().backward();

        var (attention, feedForward) = Children(layer);
        Tensor[] deltas;
        using (no_grad())
        {
            deltas = [attention.forward(x) - x, feedForward.forward(x) - x, zeros_like(x)];
        }

        Assert.True(output.allclose(x + deltas[active], rtol: 0, atol: 1e-5), "the output is the active candidate's");
        Assert.Equal((direction * deltas[active]).sum().item<float>(), activeGate.grad!.item<float>(), 3);
        Assert.Equal((direction * deltas[inactive]).sum().item<float>(), inactiveGate.grad!.item<float>(), 3);

        // Only the active block trains; the other was evaluated without gradient.
        Assert.Equal(active == 0, attention.parameters().Any(parameter => parameter.grad is not null));
        Assert.Equal(active == 1, feedForward.parameters().Any(parameter => parameter.grad is not null));
        Assert.Throws<ArgumentException>(() => layer.forward(x, null, 0, new MixedLayerGates.Pair(active, active, activeGate, inactiveGate)));
    }

    public static IEnumerable<object[]> EveryKindOfGates() =>
    [
        ["softmax"],
        ["path 0"], ["path 1"], ["path 2"],
        ["pair 0 1"], ["pair 1 2"], ["pair 2 1"], ["pair 2 0"],
    ];

    [Theory]
    [MemberData(nameof(EveryKindOfGates))]
    public void Feeds_its_memory_slot_once_per_segment_whether_or_not_attention_runs(string gates)
    {
        using var layer = CreateLayer();
        SetLogits(layer, 0f, 3f, 0f);
        using var x = Input();
        using var memory = new SegmentMemory(1, 2 * (int)x.shape[1]);
        var words = gates.Split(' ');

        using (words[0] switch
        {
            "softmax" => layer.forward(x, memory, 0),
            "path" => layer.forward(x, memory, 0, new MixedLayerGates.Path(int.Parse(words[1]))),
            _ => layer.forward(x, memory, 0, new MixedLayerGates.Pair(int.Parse(words[1]), int.Parse(words[2]), tensor(1f), tensor(0f))),
        })
        {
        }

        Assert.Equal(x.shape, memory[0]!.shape);
        Assert.True(memory[0]!.allclose(x));
    }

    private static bool[] CandidateMatches(MixedLayer layer, Tensor x, Tensor output)
    {
        var (attention, feedForward) = Children(layer);
        using var noGrad = no_grad();
        return new[] { attention.forward(x), feedForward.forward(x), x }
            .Select(candidate => output.allclose(candidate, rtol: 0, atol: 1e-6))
            .ToArray();
    }

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
}
