using System;
using System.Collections.Generic;
using System.Linq;

namespace Par.Runtime.Benchmarking;

/// <summary>Median, minimum and maximum of repeated timings, in milliseconds.</summary>
public sealed record TimingStatistics(double MedianMs, double MinMs, double MaxMs, int Runs)
{
    public static TimingStatistics From(IReadOnlyCollection<double> milliseconds)
    {
        if (milliseconds.Count == 0)
        {
            throw new ArgumentException("At least one timing is needed.", nameof(milliseconds));
        }

        var sorted = milliseconds.OrderBy(value => value).ToArray();
        var middle = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return new TimingStatistics(median, sorted[0], sorted[^1], sorted.Length);
    }
}
