using System.Linq;
using Par.Runtime.Training;
using Par.Search.Sampling;
using static TorchSharp.torch;

namespace Par.Search.Tests;

public sealed class SupernetWeightOptimizerTests
{
    [Fact]
    public void AStepWithZeroGradients_ShrinksOnlyTheMatrices()
    {
        random.manual_seed(2);
        using var supernet = Supernet.Create(TinySearch.Space.ToSupernetModel(), seed: 2);
        var weights = supernet.WeightParameters().ToList();
        var before = weights.Select(weight => weight.detach().clone()).ToList();
        foreach (var weight in weights)
        {
            weight.grad = zeros_like(weight);
        }

        using var optimizer = AdamWOptimizer.Create(weights, learningRate: 0.1, weightDecay: 0.5);
        optimizer.StepSafely();

        // A zero gradient leaves Adam's update at zero: what moves is the decoupled decay, a factor 1 - lr * wd = 0.95.
        Assert.Contains(weights, weight => weight.dim() >= 2);
        Assert.Contains(weights, weight => weight.dim() < 2);
        for (var index = 0; index < weights.Count; index++)
        {
            var expected = weights[index].dim() >= 2 ? before[index] * 0.95 : before[index];
            Assert.True(weights[index].allclose(expected, rtol: 1e-6, atol: 1e-7), $"parameter {index} ({weights[index].dim()}-d)");
        }
    }
}
