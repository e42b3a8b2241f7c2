using System;
using Par.Search.Progress;

namespace Par.Search;

/// <summary>
/// A search loss became NaN or infinite, so the logits can no longer be trusted. The search writes nothing;
/// files from earlier runs are untouched.
/// </summary>
public sealed class SearchDivergedException : Exception
{
    public SearchDivergedException(int step, SearchPhase phase, bool architectureStep, double loss)
        : base($"The search diverged at step {step} ({phase}, {(architectureStep ? "architecture" : "weight")} step): the loss is {loss}. " +
               "Nothing was written; lower the weight learning rate or raise its warm-up and search again.")
    {
        Step = step;
        Phase = phase;
        ArchitectureStep = architectureStep;
        Loss = loss;
    }

    /// <summary>The 1-based step whose loss was not finite.</summary>
    public int Step { get; }

    public SearchPhase Phase { get; }

    /// <summary>True when the architecture step's loss, false when the weight step's, was not finite.</summary>
    public bool ArchitectureStep { get; }

    public double Loss { get; }
}
