using System.Collections.Generic;
using Par.Runtime.Data;
using Par.Runtime.Training;
using Par.Search.Data;
using Par.Search.Sampling;
using Par.Search.Space;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Par.Search.Derivation;

/// <summary>
/// Trains one candidate's path through a supernet, every mixed layer pinned to its choice, on the weight split: what the
/// derivation's fine-tune (<see cref="FineTunedRanking"/>, from inherited weights) and its from-scratch ranking
/// (<see cref="ScratchRanking"/>, from fresh weights) both do, with the search's optimiser settings.
/// </summary>
internal static class PinnedPathTraining
{
    private const double FinalLearningRateRatio = 0.1;

    /// <param name="warmupSteps">Linear warm-up before the cosine decay to a tenth of the search's learning rate.</param>
    public static void Train(
        Supernet supernet, SearchSpace space, CandidateLayout candidate, List<Parameter> weights, TokenStream weightData, SearchOptions options, int steps, int warmupSteps)
    {
        var pinned = MeasuredDerivation.Pinned(space, candidate);
        var device = options.Device ?? CPU;
        var schedule = new WarmupCosineSchedule(options.WeightLearningRate, System.Math.Min(warmupSteps, steps), steps, FinalLearningRateRatio);
        using var optimizer = AdamWOptimizer.Create(weights, options.WeightLearningRate, options.WeightDecay);
        using var memory = options.UseMemory ? supernet.CreateMemory() : null;
        var stream = new StreamBatcher(weightData, options.BatchSize, space.HyperParameters.Context);
        supernet.train();
        foreach (var weight in weights)
        {
            weight.requires_grad = true;
        }

        for (var step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.SetLearningRate(schedule.At(step));
            supernet.zero_grad(set_to_none: true);
            var loss = SegmentLoss.CrossEntropy(supernet, pinned, SegmentLoss.Next(stream, memory), memory, device);
            loss.backward();
            nn.utils.clip_grad_norm_(weights, options.GradientClip);
            optimizer.step();
        }
    }

    /// <summary>Copies <paramref name="saved"/> into <paramref name="weights"/>, in order.</summary>
    public static void Restore(List<Parameter> weights, List<Tensor> saved)
    {
        using var noGrad = no_grad();
        for (var index = 0; index < weights.Count; index++)
        {
            weights[index].copy_(saved[index]);
        }
    }
}
