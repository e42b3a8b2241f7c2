using System;

namespace Par.Runtime.Training;

/// <summary>The loss became NaN or infinite. Nothing was saved after the last good checkpoint.</summary>
public sealed class TrainingDivergedException : Exception
{
    /// <param name="step">The 1-based step whose loss was not finite.</param>
    /// <param name="loss">That loss.</param>
    /// <param name="lastCheckpoint">The last checkpoint written before it, if any.</param>
    /// <param name="which">Which loss: the training loss, or the validation loss measured after the step.</param>
    public TrainingDivergedException(int step, double loss, string? lastCheckpoint, string which = "loss")
        : base($"Training diverged at step {step}: {which} is {loss}. " +
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
