using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace Par.Runtime.Benchmarking;

/// <summary>
/// Median, minimum and maximum of repeated timings, in milliseconds: the one timing statistic of <c>par bench</c>,
/// the benchmarks and the search's latency measurements. The median is robust to the odd slow run on a shared machine.
/// </summary>
public sealed record TimingStatistics(double MedianMs, double MinMs, double MaxMs, int Runs)
{
    public static TimingStatistics From(IReadOnlyCollection<double> milliseconds)
    {
        var sorted = Sorted(milliseconds);
        return new TimingStatistics(MedianOfSorted(sorted), sorted[0], sorted[^1], sorted.Length);
    }

    /// <summary>
    /// Times <paramref name="run"/> <paramref name="runs"/> times after <paramref name="warmupRuns"/> untimed runs, each
    /// run in its own dispose scope. CUDA runs asynchronously, so a result on a GPU is read back before the clock stops.
    /// </summary>
    public static TimingStatistics Measure(Func<Tensor> run, int warmupRuns, int runs)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        for (var index = 0; index < warmupRuns; index++)
        {
            using var scope = NewDisposeScope();
            run();
        }

        var milliseconds = new List<double>(runs);
        for (var index = 0; index < runs; index++)
        {
            using var scope = NewDisposeScope();
            var stopwatch = Stopwatch.StartNew();
            var result = run();
            if (result.device_type == DeviceType.CUDA)
            {
                result.sum().item<float>();
            }

            milliseconds.Add(stopwatch.Elapsed.TotalMilliseconds);
        }

        return From(milliseconds);
    }

    /// <summary>The middle value; for an even count, the mean of the two middle values.</summary>
    public static double Median(IReadOnlyCollection<double> values) => MedianOfSorted(Sorted(values));

    private static double[] Sorted(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0)
        {
            throw new ArgumentException("At least one value is needed.", nameof(values));
        }

        return values.Order().ToArray();
    }

    private static double MedianOfSorted(double[] sorted)
    {
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
