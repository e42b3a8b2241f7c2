using System;
using Par.Runtime.Benchmarking;
using Par.Runtime.Models;
using static TorchSharp.torch;

namespace Par.Search.Latency;

/// <summary>
/// Inference latency of a whole model by the paper's protocol, as <c>par bench</c> measures it
/// (<see cref="ModelBenchmark.MeasureInferenceLatency"/>): batch 1, one segment of <c>context</c> tokens over a
/// full memory (<c>memory</c> positions, or the model's own when null: <see cref="LatencyObjective.TimedShape"/>), eval
/// mode, no gradients; warm-up runs, then the median. The model's train/eval mode is restored.
/// </summary>
public static class ModelLatency
{
    public static double MeasureMs(LayoutModel model, int warmupRuns = 5, int runs = 31, Device? device = null, int? memory = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var wasTraining = model.training;
        try
        {
            return ModelBenchmark.MeasureInferenceLatency(model, new BenchmarkOptions(warmupRuns, runs, Batch: 1, Memory: memory), device).MedianMs;
        }
        finally
        {
            model.train(wasTraining);
        }
    }
}
