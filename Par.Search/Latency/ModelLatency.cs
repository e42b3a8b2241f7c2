using System;
using Par.Runtime.Models;
using static TorchSharp.torch;

namespace Par.Search.Latency;

/// <summary>
/// Inference latency of a whole model by the paper's protocol, scaled down: batch 1, one segment of
/// <c>context</c> tokens over a full memory, eval mode, no gradients; warm-up runs, then the median.
/// </summary>
public static class ModelLatency
{
    public static double MeasureMs(LayoutModel model, int warmupRuns = 5, int runs = 31)
    {
        ArgumentNullException.ThrowIfNull(model);
        var hp = model.HyperParameters;
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var noGrad = no_grad();
            using var memory = model.CreateMemory();
            using var generator = new Generator(0);
            using var segment = randint(0, hp.Vocab, [1, hp.Context], dtype: int64, generator: generator);
            var fillingRuns = hp.Memory == 0 ? 0 : (hp.Memory + hp.Context - 1) / hp.Context;
            return Timing.MedianMs(() => model.forward(segment, memory), fillingRuns + warmupRuns, runs);
        }
        finally
        {
            model.train(wasTraining);
        }
    }
}
