using System;
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
/// bad value is never built. Defaults follow the paper where it gives a value (logits frozen for the first quarter of
/// the budget, architecture Adam lr 1e-2 and weight decay 5e-4, FBNet temperature and latency-loss constants) and are
/// sized for a CPU otherwise.
/// </summary>
public sealed record SearchOptions
{
    /// <summary>Weight steps of the whole search (phase 1 + phase 2). The paper: 40k.</summary>
    public int Steps { get; init => field = OptionChecks.AtLeast(value, 1, nameof(Steps)); } = 400;

    /// <summary>Share of <see cref="Steps"/> that trains weights alone with frozen uniform logits (paper: 10k of 40k).</summary>
    public double WeightsOnlyShare { get; init => field = OptionChecks.Share(value, inclusive: true, nameof(WeightsOnlyShare)); } = 0.25;

    /// <summary>Streams per batch, for both weight and architecture steps.</summary>
    public int BatchSize { get; init => field = OptionChecks.AtLeast(value, 1, nameof(BatchSize)); } = 8;

    /// <summary>Peak AdamW learning rate of the weights (linear warm-up, then cosine decay to a tenth).</summary>
    public double WeightLearningRate { get; init => field = OptionChecks.Positive(value, nameof(WeightLearningRate)); } = 2e-3;

    /// <summary>Decoupled weight decay of the weights, on matrices only (as in <c>par train</c>).</summary>
    public double WeightDecay { get; init => field = OptionChecks.NotNegative(value, nameof(WeightDecay)); } = 0.01;

    /// <summary>Warm-up steps of the weight learning rate.</summary>
    public int WarmupSteps { get; init => field = OptionChecks.AtLeast(value, 0, nameof(WarmupSteps)); } = 20;

    /// <summary>Gradient-norm clip of the weights (Transformer-XL: 0.25).</summary>
    public double GradientClip { get; init => field = OptionChecks.NotNegative(value, nameof(GradientClip)); } = 0.25;

    /// <summary>Adam learning rate of the architecture logits (paper: 1e-2).</summary>
    public double ArchitectureLearningRate { get; init => field = OptionChecks.Positive(value, nameof(ArchitectureLearningRate)); } = 1e-2;

    /// <summary>Adam weight decay of the architecture logits (paper: 5e-4).</summary>
    public double ArchitectureWeightDecay { get; init => field = OptionChecks.NotNegative(value, nameof(ArchitectureWeightDecay)); } = 5e-4;

    /// <summary>
    /// Share of the training tokens held out for architecture steps (DARTS: one half). The validation set
    /// is never read by the search.
    /// </summary>
    public double ArchitectureDataShare { get; init => field = OptionChecks.Share(value, inclusive: false, nameof(ArchitectureDataShare)); } = 0.5;

    /// <summary>How the supernet's layers are sampled.</summary>
    public SupernetSampling Sampling { get; init => field = value ?? throw new ArgumentNullException(nameof(Sampling)); } = new();

    /// <summary>How latency enters the architecture loss; off by default.</summary>
    public LatencyObjective Latency { get; init => field = value ?? throw new ArgumentNullException(nameof(Latency)); } = LatencyObjective.Off;

    /// <summary>
    /// Weight of an identity prior in soft and straight-through architecture steps: the loss gains this times the mean
    /// probability of identity over the layers that may vanish (P-DARTS' remedy against collapse to skip). 0: none.
    /// Single-path REINFORCE scores sampled paths and has no such term (<see cref="SupernetSampling.HasLogitGradient"/>).
    /// </summary>
    public double IdentityPenalty { get; init => field = OptionChecks.NotNegative(value, nameof(IdentityPenalty)); }

    /// <summary>How the found layout is taken from the trained supernet.</summary>
    public DerivationOptions Derivation { get; init => field = value ?? throw new ArgumentNullException(nameof(Derivation)); } = new();

    /// <summary>Seeds weights, data order, Gumbel noise and path sampling: a fixed seed on CPU repeats exactly.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Record probabilities (history, progress) every this many steps.</summary>
    public int RecordEvery { get; init => field = OptionChecks.AtLeast(value, 1, nameof(RecordEvery)); } = 10;

    /// <summary>
    /// Carry Transformer-XL segment memory across consecutive batches of each stream during weight steps, as
    /// training does. Architecture steps read their own slice with their own memory.
    /// </summary>
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
    /// in the derivation trains as the row that judges it. No checkpoint unless a caller sets a folder; steps are the caller's.
    /// </summary>
    public TrainingOptions TrainingRecipe(int context) => new()
    {
        Batch = BatchSize,
        Context = context,
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
