using System.Collections.Generic;
using System.Linq;
using Par.Runtime.Benchmarking;
using Par.Runtime.Models;

namespace Par.Bench;

/// <summary>
/// Times several models in interleaved rounds whose order alternates (A, B, C, then C, B, A, ...) so that
/// load from other processes and any first-in-round effect fall on every model alike; reports the median
/// of the round medians.
/// </summary>
internal static class LatencyComparison
{
    public static IReadOnlyList<TimingStatistics> Measure(IReadOnlyList<IParLanguageModel> models, BenchmarkOptions options, int rounds)
    {
        var medians = models.Select(_ => new List<double>()).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            for (var position = 0; position < models.Count; position++)
            {
                var index = round % 2 == 0 ? position : models.Count - 1 - position;
                medians[index].Add(ModelBenchmark.MeasureInferenceLatency(models[index], options).MedianMs);
            }
        }

        return medians.Select(TimingStatistics.From).ToList();
    }
}
