namespace Par.Search.Derivation;

/// <summary>How the found model is taken from the trained supernet, and its name.</summary>
public sealed record DerivationOptions
{
    public DerivationMode Mode { get; init; } = DerivationMode.MostProbable;

    /// <summary>With <see cref="DerivationMode.Measured"/>: the most probable layouts scored with inherited weights.</summary>
    public int Candidates { get; init => field = OptionChecks.AtLeast(value, 1, nameof(Candidates)); } = 16;

    /// <summary>With <see cref="DerivationMode.Measured"/>: held-out segments each candidate is scored on.</summary>
    public int Segments { get; init => field = OptionChecks.AtLeast(value, 1, nameof(Segments)); } = 8;

    /// <summary>
    /// With <see cref="DerivationMode.Measured"/>: the best-ranked candidates timed on this machine beside the interleaved
    /// baseline, for the report (the budget is judged on the latency table).
    /// </summary>
    public int Finalists { get; init => field = OptionChecks.AtLeast(value, 1, nameof(Finalists)); } = 3;

    /// <summary>
    /// With <see cref="DerivationMode.Measured"/>: generations of <see cref="LayoutEvolution"/> after the beam's candidates
    /// are scored (0: the beam alone). Each generation scores <see cref="Parents"/> new layouts.
    /// </summary>
    public int Generations { get; init => field = OptionChecks.AtLeast(value, 0, nameof(Generations)); } = 0;

    /// <summary>With evolution: the best-scored layouts each generation breeds from, and how many children it adds.</summary>
    public int Parents { get; init => field = OptionChecks.AtLeast(value, 2, nameof(Parents)); } = 8;

    /// <summary>With evolution: the chance that a mutation redraws each choice layer.</summary>
    public double MutationProbability { get; init => field = OptionChecks.Share(value, inclusive: false, nameof(MutationProbability)); } = 0.2;

    /// <summary>
    /// With <see cref="DerivationMode.Measured"/>: steps of the short fine-tune each of the <see cref="FineTuned"/>
    /// best-scored layouts gets from the supernet's weights before it is scored again (<see cref="FineTunedRanking"/>);
    /// 0 ranks by inherited weights alone.
    /// </summary>
    public int FineTuneSteps { get; init => field = OptionChecks.AtLeast(value, 0, nameof(FineTuneSteps)); } = 0;

    /// <summary>With a fine-tune: how many of the best-scored layouts are fine-tuned and ranked again.</summary>
    public int FineTuned { get; init => field = OptionChecks.AtLeast(value, 1, nameof(FineTuned)); } = 6;

    /// <summary>
    /// With <see cref="DerivationMode.Measured"/>: the share of the search's steps for which <see cref="ScratchRanking"/>
    /// trains layouts as models of their own from fresh weights, climbing from the best-ranked one by
    /// <see cref="ClimbMoves"/> (an attention block traded for feed-forward depth, or moved); 0 (the default) trains none.
    /// </summary>
    public double ScratchShare { get; init => field = OptionChecks.Share(value, inclusive: true, nameof(ScratchShare)); }

    /// <summary>
    /// With a from-scratch ranking and a budget: feed-forward blocks of room a trade's deepening leaves under the budget,
    /// insurance against a table whose sum prices whole models a few percent from their measured latency.
    /// </summary>
    public int TradeRoomBlocks { get; init => field = OptionChecks.AtLeast(value, 0, nameof(TradeRoomBlocks)); } = DefaultTradeRoomBlocks;

    /// <summary>The default of <see cref="TradeRoomBlocks"/>, also the climb's when called without options.</summary>
    public const int DefaultTradeRoomBlocks = 1;

    /// <summary>With a from-scratch ranking: how many layouts at most are trained.</summary>
    public int ScratchTrainings { get; init => field = OptionChecks.AtLeast(value, 1, nameof(ScratchTrainings)); } = 5;

    /// <summary>
    /// With a from-scratch ranking: the layouts the first rung of <see cref="SuccessiveHalving"/> trains (clamped to the
    /// candidates at hand and rounded down to a power of two), which then replaces the climb and spends what the climb
    /// may, <see cref="ScratchTrainings"/> trainings of the from-scratch steps; 0 (the default) climbs. An arm for an
    /// ablation against the climb, not a default.
    /// </summary>
    public int HalvingCandidates { get; init => field = OptionChecks.OffOrAtLeast(value, 2, nameof(HalvingCandidates)); }

    /// <summary>With <see cref="HalvingCandidates"/>: the training steps all its rungs together may spend; 0 when off.</summary>
    internal int HalvingStepsOf(int searchSteps) => HalvingCandidates == 0 ? 0 : ScratchTrainings * ScratchStepsOf(searchSteps);

    /// <summary>Steps of each from-scratch training in a search of <paramref name="searchSteps"/> steps; 0 when off.</summary>
    internal int ScratchStepsOf(int searchSteps) => ScratchShare == 0 ? 0 : System.Math.Max(1, (int)System.Math.Round(ScratchShare * searchSteps));

    /// <summary>Name of the derived model.</summary>
    public string FoundModelName { get; init; } = LayoutDerivation.DefaultName;
}
