using System.Collections.Generic;
using System.Linq;
using Par.Runtime.Benchmarking;
using Par.Runtime.Models;

namespace Par.Bench;

/// <summary>
/// Times several models in interleaved rounds (A, B, C, A, B, C, ...) so that load from other
/// processes on a shared machine falls on every model alike; reports the median of the round medians.
/// </summary>
internal static class LatencyComparison
{
    public static IReadOnlyList<TimingStatistics> Measure(IReadOnlyList<IParLanguageModel> models, BenchmarkOptions options, int rounds)
    {
        var medians = models.Select(_ => new List<double>()).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            for (var index = 0; index < models.Count; index++)
            {
                medians[index].Add(ModelBenchmark.MeasureInferenceLatency(models[index], options).MedianMs);
            }
        }

        return medians.Select(TimingStatistics.From).ToList();
    }
}
