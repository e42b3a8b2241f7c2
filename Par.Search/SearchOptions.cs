using System;
using Par.Dsl.Model;
using Par.Runtime.Data;
using Par.Runtime.Training;
using Par.Search.Checkpoints;
using Par.Search.Derivation;
using Par.Search.Latency;
using Par.Search.Options;
using TorchSharp;

namespace Par.Search;

/// <summary>
/// Settings of one architecture search: how the supernet trains, and one record per further concern (how it samples,
/// the latency objective, the derivation, the checkpoint). Every value is checked as it is set, so a record with a
/// bad value is never built; each option's description is its declaration's (<see cref="SearchSettings"/>). Defaults
/// follow the paper where it gives a value (see the descriptions) and are sized for a CPU otherwise. A fixed seed on CPU
/// repeats exactly; the validation set is never read by the search.
/// </summary>
public sealed record SearchOptions
{
    public int Steps { get; init => field = OptionChecks.AtLeast(value, 1, nameof(Steps)); } = 400;

    public double WeightsOnlyShare { get; init => field = OptionChecks.Share(value, inclusive: true, nameof(WeightsOnlyShare)); } = 0.25;

    public int BatchSize { get; init => field = OptionChecks.AtLeast(value, 1, nameof(BatchSize)); } = 8;

    public double WeightLearningRate { get; init => field = OptionChecks.Positive(value, nameof(WeightLearningRate)); } = 2e-3;

    public double WeightDecay { get; init => field = OptionChecks.NotNegative(value, nameof(WeightDecay)); } = 0.01;

    public int WarmupSteps { get; init => field = OptionChecks.AtLeast(value, 0, nameof(WarmupSteps)); } = 20;

    public double GradientClip { get; init => field = OptionChecks.NotNegative(value, nameof(GradientClip)); } = 0.25;

    public double ArchitectureLearningRate { get; init => field = OptionChecks.Positive(value, nameof(ArchitectureLearningRate)); } = 1e-2;

    public double ArchitectureWeightDecay { get; init => field = OptionChecks.NotNegative(value, nameof(ArchitectureWeightDecay)); } = 5e-4;

    public double ArchitectureDataShare { get; init => field = OptionChecks.Share(value, inclusive: false, nameof(ArchitectureDataShare)); } = 0.5;

    /// <summary>How the supernet's layers are sampled.</summary>
    public SupernetSampling Sampling { get; init => field = value ?? throw new ArgumentNullException(nameof(Sampling)); } = new();

    /// <summary>How latency enters the architecture loss; off by default.</summary>
    public LatencyObjective Latency { get; init => field = value ?? throw new ArgumentNullException(nameof(Latency)); } = LatencyObjective.Off;

    public double IdentityPenalty { get; init => field = OptionChecks.NotNegative(value, nameof(IdentityPenalty)); }

    /// <summary>How the found layout is taken from the trained supernet.</summary>
    public DerivationOptions Derivation { get; init => field = value ?? throw new ArgumentNullException(nameof(Derivation)); } = new();

    public int Seed { get; init; } = 1;

    /// <summary>Record probabilities (history, progress) every this many steps.</summary>
    public int RecordEvery { get; init => field = OptionChecks.AtLeast(value, 1, nameof(RecordEvery)); } = 10;

    public bool UseMemory { get; init; } = true;

    /// <summary>
    /// Where the supernet trains (CPU when null). Random draws stay on a CPU generator, so a seed samples the same
    /// paths on every device; kernels may still differ in the last bits on a GPU.
    /// </summary>
    public torch.Device? Device { get; init; }

    /// <summary>Where and how often the search saves its state, to resume from; null: never.</summary>
    public SearchCheckpointing? Checkpoint { get; init; }

    /// <summary>
    /// How every fixed model of a search's job trains, from the search's own settings (batch, peak rate, warm-up, decay,
    /// clip, seed; a cosine to a tenth): the derivation's rankings and the experiment's compared rows, so a layout ranked
    /// in the derivation trains as the row that judges it. The objective is the one <paramref name="hp"/>'s attention kind
    /// trains with (an encoder's masked). No checkpoint unless a caller sets a folder; steps are the caller's.
    /// </summary>
    public TrainingOptions TrainingRecipe(HyperParameters hp) => new()
    {
        Batch = BatchSize,
        Context = hp.Context,
        Objective = TrainingObjectiveNames.DefaultFor(hp.Attention),
        LearningRate = WeightLearningRate,
        WarmupSteps = WarmupSteps,
        WeightDecay = WeightDecay,
        GradientClip = GradientClip,
        Seed = Seed,
        EvalInterval = 0,
        CheckpointInterval = 0,
        CheckpointDirectory = null,
    };

    public int WeightsOnlySteps => (int)Math.Round(Steps * WeightsOnlyShare);

    public int AlternatingSteps => Steps - WeightsOnlySteps;

    /// <summary>
    /// The rules across two options, checked where a search is built rather than in <c>init</c>, where they would depend
    /// on the order an initializer sets them: the identity prior needs the logits' gradient, and successive halving
    /// a budget that gives its every rung a step (refused before the search trains, not after).
    /// </summary>
    internal void Validate()
    {
        if (IdentityPenalty > 0 && !Sampling.HasLogitGradient)
        {
            throw new ArgumentException("An identity penalty needs the logits' gradient: soft search or straight-through single-path search.", nameof(IdentityPenalty));
        }

        if (Derivation.Strategy == DerivationStrategy.Halving && Derivation.Ranking is null)
        {
            HalvingRanking.Check(Derivation, Steps);
        }
    }
}
