using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace Par.Search.Latency;

/// <summary>
/// Warm-up runs, then the median of timed runs: robust to the odd slow run on a shared machine. CUDA runs
/// asynchronously, so a result on a GPU is read back before the clock stops.
/// </summary>
internal static class Timing
{
    public static double MedianMs(Func<Tensor> forward, int warmupRuns, int runs)
    {
        for (var run = 0; run < warmupRuns; run++)
        {
            using var scope = NewDisposeScope();
            forward();
        }

        var timings = new List<double>(runs);
        for (var run = 0; run < runs; run++)
        {
            using var scope = NewDisposeScope();
            var stopwatch = Stopwatch.StartNew();
            WaitFor(forward());
            timings.Add(stopwatch.Elapsed.TotalMilliseconds);
        }

        return Median(timings);
    }

    /// <summary>The middle value (the upper one of the two middle values for an even count).</summary>
    public static double Median(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0)
        {
            throw new ArgumentException("At least one value is needed.", nameof(values));
        }

        return values.Order().ElementAt(values.Count / 2);
    }

    private static void WaitFor(Tensor result)
    {
        if (result.device_type == DeviceType.CUDA)
        {
            result.sum().item<float>();
        }
    }
}
