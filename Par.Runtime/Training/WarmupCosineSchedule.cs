using System;

namespace Par.Runtime.Training;

/// <summary>
/// Learning rate with linear warmup then cosine decay: step s (0-based) uses
/// <c>base·(s+1)/warmup</c> while <c>s &lt; warmup</c>, then
/// <c>base·(r + (1-r)·½(1+cos(π·p)))</c> with <c>p = (s-warmup)/(total-warmup)</c> and r the minimum ratio.
/// </summary>
public sealed class WarmupCosineSchedule
{
    private readonly double baseRate;
    private readonly int warmupSteps;
    private readonly int totalSteps;
    private readonly double minRatio;

    public WarmupCosineSchedule(double baseRate, int warmupSteps, int totalSteps, double minRatio)
    {
        if (totalSteps < 1 || warmupSteps < 0 || minRatio is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(totalSteps), "Need totalSteps >= 1, warmupSteps >= 0 and 0 <= minRatio <= 1.");
        }

        this.baseRate = baseRate;
        this.warmupSteps = warmupSteps;
        this.totalSteps = totalSteps;
        this.minRatio = minRatio;
    }

    /// <summary>The learning rate of the update made at 0-based <paramref name="step"/>.</summary>
    public double At(int step)
    {
        if (step < warmupSteps)
        {
            return baseRate * (step + 1) / warmupSteps;
        }

        var decaySteps = Math.Max(1, totalSteps - warmupSteps);
        var progress = Math.Min(1.0, (double)(step - warmupSteps) / decaySteps);
        return baseRate * (minRatio + (1 - minRatio) * 0.5 * (1 + Math.Cos(Math.PI * progress)));
    }
}
