using System;
using System.Collections.Generic;

namespace Par.Search.Gradients;

/// <summary>
/// REINFORCE with a leave-one-out baseline (Kool et al., 2019): with K sampled paths scored on the same data, path
/// k's advantage is its objective less the mean of the other K − 1. The baseline uses no path's own score, so the
/// estimate stays unbiased, and it removes what the samples share (the segment's difficulty, the weights' progress).
/// </summary>
public static class LeaveOneOutBaseline
{
    /// <summary>Advantages of <paramref name="objectives"/> (lower is better); they sum to zero.</summary>
    public static double[] Advantages(IReadOnlyList<double> objectives)
    {
        ArgumentNullException.ThrowIfNull(objectives);
        if (objectives.Count < 2)
        {
            throw new ArgumentException("A leave-one-out baseline needs at least two samples.", nameof(objectives));
        }

        var total = 0.0;
        foreach (var objective in objectives)
        {
            total += objective;
        }

        var advantages = new double[objectives.Count];
        for (var index = 0; index < advantages.Length; index++)
        {
            advantages[index] = objectives[index] - (total - objectives[index]) / (objectives.Count - 1);
        }

        return advantages;
    }
}
