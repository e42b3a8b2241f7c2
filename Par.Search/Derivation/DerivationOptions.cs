using System;
using Par.Search.Options;

namespace Par.Search.Derivation;

/// <summary>How the found layout is taken from a finished search, and its name. Every setting but the name is halving's.</summary>
public sealed record DerivationOptions
{
    public DerivationStrategy Strategy { get; init; } = DerivationStrategy.MostProbable;

    /// <summary>
    /// The most probable layouts within the latency budget scored with the supernet's inherited weights: scoring one costs
    /// a few forward passes, so many more are looked at than are trained, and the per-layer argmax is only one of them.
    /// </summary>
    public int Candidates { get; init => field = OptionChecks.AtLeast(value, 1, nameof(Candidates)); } = 16;

    /// <summary>Held-out segments each candidate is scored on with inherited weights: enough to order layouts whose losses differ by percents.</summary>
    public int Segments { get; init => field = OptionChecks.AtLeast(value, 1, nameof(Segments)); } = 8;

    /// <summary>
    /// The best-scored candidates the first rung of <see cref="SuccessiveHalving"/> trains from scratch (rounded down to a
    /// power of two and to the candidates at hand): inherited weights rate layouts differently from trained ones, so the
    /// few best are settled by training them.
    /// </summary>
    public int HalvingLayouts { get; init => field = OptionChecks.AtLeast(value, 2, nameof(HalvingLayouts)); } = 4;

    /// <summary>
    /// The training steps all of the halving's rungs spend together, as a multiple of the search's steps: its whole cost,
    /// counted in the search's (<see cref="MeasuredDerivationResult.TrainingStepsSpent"/>).
    /// </summary>
    public double HalvingStepsShare { get; init => field = OptionChecks.Positive(value, nameof(HalvingStepsShare)); } = 3;

    /// <summary>The best-ranked layouts timed on this machine beside the interleaved baseline, for the report only (the budget is judged on the latency table).</summary>
    public int Finalists { get; init => field = OptionChecks.AtLeast(value, 1, nameof(Finalists)); } = 3;

    /// <summary>
    /// A ranking used in place of successive halving, the extension point of experiments (bench/'s pipeline plugs in here);
    /// null for successive halving. Code, not a setting: no CLI flag or checkpoint key spells it.
    /// </summary>
    public ILayoutRanking? Ranking { get; init; }

    /// <summary>Name of the derived model.</summary>
    public string FoundModelName { get; init; } = LayoutDerivation.DefaultName;

    /// <summary>The training steps of the halving's rungs together in a search of <paramref name="searchSteps"/> steps.</summary>
    public int HalvingStepsOf(int searchSteps) => Math.Max(1, (int)Math.Round(HalvingStepsShare * searchSteps));
}
