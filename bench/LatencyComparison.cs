using System.Collections.Generic;
using System.Linq;
using Par.Runtime.Benchmarking;
using Par.Runtime.Models;

namespace Par.Bench;

/// <summary>
/// Times several models (or one model on several paths) in interleaved rounds whose order alternates (A, B, C, then
/// C, B, A, ...) so that load from other processes and any first-in-round effect fall on every one alike; reports the
/// median of the round medians.
/// </summary>
internal static class LatencyComparison
{
    public static IReadOnlyList<TimingStatistics> Measure(IReadOnlyList<IParLanguageModel> models, BenchmarkOptions options, int rounds) =>
        Measure(models.Select(model => (model, options)).ToList(), rounds);

    public static IReadOnlyList<TimingStatistics> Measure(IReadOnlyList<(IParLanguageModel Model, BenchmarkOptions Options)> timed, int rounds)
    {
        var medians = timed.Select(_ => new List<double>()).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            for (var position = 0; position < timed.Count; position++)
            {
                var index = round % 2 == 0 ? position : timed.Count - 1 - position;
                medians[index].Add(ModelBenchmark.MeasureInferenceLatency(timed[index].Model, timed[index].Options).MedianMs);
            }
        }

        return medians.Select(TimingStatistics.From).ToList();
    }
}
