using System;

namespace Par.Search.Progress;

/// <summary>
/// The time a running search still needs, from the pace of the steps done so far. A phase-2 step adds an
/// architecture step to the weight step, so phase 1's pace alone would promise too early an end: until phase 2 has
/// a pace of its own, its steps are priced at <see cref="AlternatingStepCost"/> phase-1 steps.
/// </summary>
public static class SearchTimeEstimate
{
    /// <summary>
    /// A phase-2 step's wall time over a phase-1 step's, measured on this project's machine for the main job:
    /// 1.8-1.9 for soft search, about 1.7 for single-path (docs/search.md). An estimate's prior, not a promise.
    /// </summary>
    public const double AlternatingStepCost = 1.8;

    /// <summary>Time left after <paramref name="stepsDone"/> of <paramref name="totalSteps"/> steps; null before the first.</summary>
    /// <param name="stepsDone">Steps completed.</param>
    /// <param name="totalSteps">The search's whole budget of steps.</param>
    /// <param name="weightsOnlySteps">Phase 1's length in steps.</param>
    /// <param name="elapsed">Wall time of the steps done (over every session of a resumed search).</param>
    /// <param name="weightsOnlyWallTime">Wall time phase 1 took; read only once phase 2 has begun.</param>
    public static TimeSpan? Remaining(int stepsDone, int totalSteps, int weightsOnlySteps, TimeSpan elapsed, TimeSpan weightsOnlyWallTime)
    {
        if (stepsDone <= 0)
        {
            return null;
        }

        if (stepsDone <= weightsOnlySteps)
        {
            var weightsOnlyPace = elapsed / stepsDone;
            return weightsOnlyPace * (weightsOnlySteps - stepsDone) + weightsOnlyPace * AlternatingStepCost * (totalSteps - weightsOnlySteps);
        }

        var alternatingPace = (elapsed - weightsOnlyWallTime) / (stepsDone - weightsOnlySteps);
        return alternatingPace * (totalSteps - stepsDone);
    }
}
