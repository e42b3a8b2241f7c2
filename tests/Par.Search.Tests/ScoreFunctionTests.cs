using System;
using System.Linq;
using Par.Runtime.Data;
using Par.Search.Data;
using Par.Runtime.Memory;
using Par.Search.Gradients;
using Par.Search.Sampling;
using static TorchSharp.torch;

namespace Par.Search.Tests;

public sealed class ScoreFunctionTests
{
    [Fact]
    public void LeaveOneOutAdvantages_SubtractTheMeanOfTheOtherSamples_AndSumToZero()
    {
        Assert.Equal(new[] { -2.0, 2.0 }, LeaveOneOutBaseline.Advantages([1.0, 3.0]));
        var three = LeaveOneOutBaseline.Advantages([1.0, 2.0, 6.0]);
        Assert.Equal(new[] { -3.0, -1.5, 4.5 }, three);
        Assert.Equal(0.0, three.Sum(), 12);
        Assert.Throws<ArgumentException>(() => LeaveOneOutBaseline.Advantages([1.0]));
    }

    [Fact]
    public void TheSurrogatesGradient_IsTheMeanAdvantageWeightedScoreOfEachSampledPath()
    {
        using var supernet = Supernet.Create(TinySearch.Space.ToSupernetModel(), seed: 1);
        var layers = supernet.MixedLayers;
        using (no_grad())
        {
            layers[0].Logits.copy_(tensor(new[] { 0.5f, -0.2f, 0.1f }));
        }

        // Two samples that agree on every layer but the first: only that layer may learn anything.
        var first = new int[layers.Count];
        var second = new int[layers.Count];
        first[0] = 0;
        second[0] = 2;
        var advantages = LeaveOneOutBaseline.Advantages([1.0, 3.0]);

        ScoreFunctionStep.Surrogate(layers, [first, second], advantages).backward();

        using var probabilities = layers[0].Probabilities();
        var p = probabilities.data<float>().ToArray();
        var gradient = layers[0].Logits.grad!.data<float>().ToArray();
        for (var candidate = 0; candidate < 3; candidate++)
        {
            var expected = (advantages[0] * ((candidate == 0 ? 1 : 0) - p[candidate]) + advantages[1] * ((candidate == 2 ? 1 : 0) - p[candidate])) / 2;
            Assert.Equal(expected, gradient[candidate], 5);
        }

        // Gradient descent raises the better (lower-loss) sample's logit and lowers the worse one's.
        Assert.True(gradient[0] < 0 && gradient[2] > 0);
        for (var index = 1; index < layers.Count; index++)
        {
            Assert.True(layers[index].Logits.grad!.abs().max().item<float>() < 1e-7, $"layer {index} learned from samples that agree on it");
        }
    }

    [Fact]
    public void OneStep_ComparesTwoPathsThatDifferInOneLayer_AndMovesOnlyThatLayersLogits_FromTheSameMemory()
    {
        random.manual_seed(3);
        using var supernet = Supernet.Create(TinySearch.Space.ToSupernetModel(), seed: 11);

        var stream = new StreamBatcher(TinySearch.Tokens(), 2, TinySearch.HyperParameters.Context);
        // Room for two segments: a second pass that did not start from the first one's memory would fill it.
        using var memory = new SegmentMemory(supernet.AttentionSlotCount, 2 * TinySearch.HyperParameters.Context);
        using var optimizer = optim.Adam(supernet.ArchitectureParameters(), 0.1);
        var before = supernet.MixedLayers.Select(layer => layer.Logits.detach().clone()).ToArray();

        var objective = ScoreFunctionStep.Run(supernet, stream, memory, SegmentObjective.NextToken, optimizer, latencyLoss: null, CPU);

        Assert.True(double.IsFinite(objective) && objective > 0);
        var moved = Enumerable.Range(0, supernet.MixedLayers.Count)
            .Where(index => !supernet.MixedLayers[index].Logits.detach().allclose(before[index]))
            .ToArray();
        Assert.Single(moved);
        Assert.All(Enumerable.Range(0, memory.SlotCount), slot => Assert.Equal(TinySearch.HyperParameters.Context, memory[slot]!.shape[1]));
    }
}
