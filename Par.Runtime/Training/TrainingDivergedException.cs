using System;

namespace Par.Runtime.Training;

/// <summary>The loss became NaN or infinite. Nothing was saved after the last good checkpoint.</summary>
public sealed class TrainingDivergedException : Exception
{
    public TrainingDivergedException(int step, double loss, string? lastCheckpoint)
        : base($"Training diverged at step {step}: loss is {loss}. " +
               (lastCheckpoint is null ? "No checkpoint was written before." : $"The last good checkpoint is {lastCheckpoint}."))
    {
        Step = step;
        Loss = loss;
        LastCheckpoint = lastCheckpoint;
    }

    /// <summary>The 1-based step whose loss was not finite.</summary>
    public int Step { get; }

    public double Loss { get; }

    public string? LastCheckpoint { get; }
}
