using System;
using Par.Search.Latency;
using TorchSharp;

namespace Par.Search;

/// <summary>
/// Settings of one architecture search. Defaults follow the paper where it gives a value (logits frozen for
/// the first quarter of the budget, architecture Adam lr 1e-2 and weight decay 5e-4, FBNet temperature and
/// latency-loss constants) and are sized for a CPU otherwise.
/// </summary>
public sealed record SearchOptions
{
    /// <summary>Weight steps of the whole search (phase 1 + phase 2). The paper: 40k.</summary>
    public int Steps { get; init; } = 400;

    /// <summary>Share of <see cref="Steps"/> that trains weights alone with frozen uniform logits (paper: 10k of 40k).</summary>
    public double WeightsOnlyShare { get; init; } = 0.25;

    public SamplingMode Sampling { get; init; } = SamplingMode.Soft;

    /// <summary>The logits' estimator in <see cref="SamplingMode.SinglePath"/> search (ignored by soft search).</summary>
    public Gradients.PathGradient PathGradient { get; init; } = Gradients.PathGradient.Reinforce;

    /// <summary>Streams per batch, for both weight and architecture steps.</summary>
    public int BatchSize { get; init; } = 8;

    /// <summary>Peak AdamW learning rate of the weights (linear warm-up, then cosine decay to a tenth).</summary>
    public double WeightLearningRate { get; init; } = 2e-3;

    /// <summary>Decoupled weight decay of the weights, on matrices only (as in <c>par train</c>).</summary>
    public double WeightDecay { get; init; } = 0.01;

    /// <summary>Warm-up steps of the weight learning rate.</summary>
    public int WarmupSteps { get; init; } = 20;

    /// <summary>Gradient-norm clip of the weights (Transformer-XL: 0.25).</summary>
    public double GradientClip { get; init; } = 0.25;

    /// <summary>Adam learning rate of the architecture logits (paper: 1e-2).</summary>
    public double ArchitectureLearningRate { get; init; } = 1e-2;

    /// <summary>Adam weight decay of the architecture logits (paper: 5e-4).</summary>
    public double ArchitectureWeightDecay { get; init; } = 5e-4;

    /// <summary>
    /// Share of the training tokens held out for architecture steps (DARTS: one half). The validation set
    /// is never read by the search.
    /// </summary>
    public double ArchitectureDataShare { get; init; } = 0.5;

    /// <summary>
    /// Temperature the FBNet schedule reaches at the last step (see <see cref="Schedules.TemperatureSchedule"/>).
    /// Default: where FBNet itself ends, 5 · exp(-0.045 · 90) ≈ 0.087 after its 90 epochs, so the search runs
    /// FBNet's whole curve. Near-one-hot samples at the end make the loss judge real sub-networks; ending at
    /// 0.5 left attention and feed-forward neck and neck in the early layers of some seeds (docs/search.md).
    /// </summary>
    public double FinalTemperature { get; init; } = FbnetFinalTemperature;

    /// <summary>
    /// FBNet's α: with a value above 0 the architecture loss is <c>CE · α · log(LAT)^β</c>, LAT the expected
    /// latency in microseconds from a measured table. 0 (default) searches for loss alone.
    /// </summary>
    public double LatencyWeight { get; init; }

    /// <summary>FBNet's β.</summary>
    public double LatencyExponent { get; init; } = 0.6;

    /// <summary>
    /// How latency enters the architecture loss when <see cref="LatencyWeight"/> is above 0: FBNet's price (α =
    /// <see cref="LatencyWeight"/>, β = <see cref="LatencyExponent"/>) or a budget (λ = <see cref="LatencyWeight"/>, target
    /// <see cref="LatencyTargetMs"/> or <see cref="LatencyTarget"/>).
    /// </summary>
    public LatencyLossForm LatencyLoss { get; init; } = LatencyLossForm.Fbnet;

    /// <summary>
    /// The budget as a fraction of the interleaved baseline of the space's depth, <c>(sf)</c> repeated, priced from the
    /// block latency table. Default: the paper's PAR Base / Transformer-XL Base latency, 9.9 / 15.2 ms.
    /// </summary>
    public double LatencyTarget { get; init; } = DefaultLatencyTarget;

    /// <summary>The budget in milliseconds of the table's block latencies; overrides <see cref="LatencyTarget"/> when set.</summary>
    public double? LatencyTargetMs { get; init; }

    /// <summary>
    /// Weight of an identity prior in soft and straight-through architecture steps: the loss gains this times the mean
    /// probability of identity over the layers that may vanish (P-DARTS' remedy against collapse to skip). 0: none.
    /// Single-path REINFORCE scores sampled paths and has no such term.
    /// </summary>
    public double IdentityPenalty { get; init; }

    /// <summary>How the found layout is taken from the trained supernet.</summary>
    public Derivation.DerivationMode Derivation { get; init; } = Search.Derivation.DerivationMode.MostProbable;

    /// <summary>With <see cref="Search.Derivation.DerivationMode.Measured"/>: the most probable layouts scored with inherited weights.</summary>
    public int DerivationCandidates { get; init; } = 16;

    /// <summary>With <see cref="Search.Derivation.DerivationMode.Measured"/>: held-out segments each candidate is scored on.</summary>
    public int DerivationSegments { get; init; } = 8;

    /// <summary>With <see cref="Search.Derivation.DerivationMode.Measured"/>: the best-scored candidates whose latency is then timed.</summary>
    public int DerivationFinalists { get; init; } = 3;

    /// <summary>Seeds weights, data order, Gumbel noise and path sampling: a fixed seed on CPU repeats exactly.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Record probabilities (history, progress) every this many steps.</summary>
    public int RecordEvery { get; init; } = 10;

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

    /// <summary>
    /// Where the search keeps its checkpoint (<c>.parsearch</c>): written every <see cref="CheckpointEvery"/> steps and
    /// when the search is cancelled, read by <see cref="ArchitectureSearch.Run"/> with <c>resume</c>. Null: none.
    /// </summary>
    public string? CheckpointPath { get; init; }

    /// <summary>The checkpoint's file name where a search keeps it in its output or work folder.</summary>
    public const string CheckpointFileName = "search.parsearch";

    /// <summary>Steps between checkpoints when <see cref="CheckpointPath"/> is set.</summary>
    public int CheckpointEvery { get; init; } = 100;

    /// <summary>Name of the derived model.</summary>
    public string FoundModelName { get; init; } = Search.Derivation.LayoutDerivation.DefaultName;

    /// <summary>FBNet's default α when the latency loss is switched on without a value of its own.</summary>
    public const double FbnetLatencyWeight = 0.2;

    /// <summary>λ of the budget's hinge when none is given: one unit of loss per 100% over the budget.</summary>
    public const double DefaultBudgetWeight = 1.0;

    /// <summary>PAR Base's latency over Transformer-XL Base's in the paper's Table 2: 9.9 / 15.2 ms.</summary>
    public const double DefaultLatencyTarget = 0.65;

    /// <summary>FBNet's temperature after its 90 epochs: 5 · exp(-0.045 · 90).</summary>
    public static readonly double FbnetFinalTemperature = 5.0 * Math.Exp(-0.045 * 90);

    public int WeightsOnlySteps => (int)Math.Round(Steps * WeightsOnlyShare);

    /// <summary>The temperature line of reports: the schedule in soft search; single-path search does not use one.</summary>
    internal string DescribeTemperature(Schedules.TemperatureSchedule schedule, double finalTemperature) => Sampling == SamplingMode.Soft
        ? FormattableString.Invariant($"{schedule.Describe()}; final {finalTemperature:0.000}")
        : "not used (single-path search draws paths from softmax(θ))";

    /// <summary>The latency term of the architecture loss, for reports and provenance.</summary>
    public string DescribeLatencyLoss() => (LatencyWeight > 0, LatencyLoss) switch
    {
        (false, _) => "off",
        (true, LatencyLossForm.Budget) => LatencyTargetMs is { } targetMs
            ? FormattableString.Invariant($"CE + {LatencyWeight:0.###} · max(0, LAT / {targetMs:0.###} ms − 1)")
            : FormattableString.Invariant($"CE + {LatencyWeight:0.###} · max(0, LAT / budget − 1), budget {LatencyTarget:0.###} of the interleaved baseline"),
        _ => FormattableString.Invariant($"CE · {LatencyWeight:0.###} · log(LAT µs)^{LatencyExponent:0.###}"),
    };

    /// <summary>The sampling mode and, for single-path search, the logits' estimator, for reports and provenance.</summary>
    public string DescribeSampling() => Sampling switch
    {
        SamplingMode.SinglePath when PathGradient == Gradients.PathGradient.Reinforce => "single-path sampling (ProxylessNAS), REINFORCE on paired paths",
        SamplingMode.SinglePath => "single-path sampling (ProxylessNAS), straight-through binary gates",
        _ => "soft Gumbel-softmax mixing (FBNet)",
    };

    public int AlternatingSteps => Steps - WeightsOnlySteps;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Steps, 1, nameof(Steps));
        if (WeightsOnlyShare is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(WeightsOnlyShare), "Must be in [0, 1].");
        }

        if (ArchitectureDataShare is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(ArchitectureDataShare), "Must be in (0, 1).");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfNegative(LatencyWeight, nameof(LatencyWeight));
        ArgumentOutOfRangeException.ThrowIfNegative(LatencyExponent, nameof(LatencyExponent));
        if (!(LatencyTarget > 0) || double.IsInfinity(LatencyTarget))
        {
            throw new ArgumentOutOfRangeException(nameof(LatencyTarget), LatencyTarget, "Must be a positive fraction of the baseline's latency.");
        }

        if (LatencyTargetMs is { } targetMs && (!(targetMs > 0) || double.IsInfinity(targetMs)))
        {
            throw new ArgumentOutOfRangeException(nameof(LatencyTargetMs), targetMs, "Must be a positive number of milliseconds.");
        }

        if (!(IdentityPenalty >= 0) || double.IsInfinity(IdentityPenalty))
        {
            throw new ArgumentOutOfRangeException(nameof(IdentityPenalty), IdentityPenalty, "Must be 0 (none) or a positive weight.");
        }

        if (IdentityPenalty > 0 && Sampling == SamplingMode.SinglePath && PathGradient == Gradients.PathGradient.Reinforce)
        {
            throw new ArgumentException("An identity penalty needs the logits' gradient: soft search or straight-through single-path search.", nameof(IdentityPenalty));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(DerivationCandidates, 1, nameof(DerivationCandidates));
        ArgumentOutOfRangeException.ThrowIfLessThan(DerivationSegments, 1, nameof(DerivationSegments));
        ArgumentOutOfRangeException.ThrowIfLessThan(DerivationFinalists, 1, nameof(DerivationFinalists));
        ArgumentOutOfRangeException.ThrowIfLessThan(RecordEvery, 1, nameof(RecordEvery));
        ArgumentOutOfRangeException.ThrowIfLessThan(CheckpointEvery, 1, nameof(CheckpointEvery));
    }
}
