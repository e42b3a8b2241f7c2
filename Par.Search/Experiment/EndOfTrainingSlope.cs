using System;
using System.Collections.Generic;
using System.Linq;
using Par.Runtime.Training;

namespace Par.Search.Experiment;

/// <summary>
/// How far from converged a short training ended: the least-squares slope of the training loss over the last quarter of
/// its steps, in nats per 100 steps. Near 0: the curve has flattened; clearly negative: more steps would still pay.
/// </summary>
public static class EndOfTrainingSlope
{
    public const double LastShare = 0.25;

    /// <returns>The slope, or null with fewer than two points in the last quarter.</returns>
    public static double? PerHundredSteps(IReadOnlyList<TrainingRecord> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (history.Count == 0)
        {
            return null;
        }

        var lastStep = history[^1].Step;
        var from = lastStep - (lastStep * LastShare);
        var points = history.Where(record => record.Step > from && double.IsFinite(record.TrainLoss)).ToList();
        if (points.Count < 2)
        {
            return null;
        }

        var meanStep = points.Average(record => (double)record.Step);
        var meanLoss = points.Average(record => record.TrainLoss);
        var covariance = points.Sum(record => (record.Step - meanStep) * (record.TrainLoss - meanLoss));
        var variance = points.Sum(record => (record.Step - meanStep) * (record.Step - meanStep));
        return 100 * covariance / variance;
    }
}
