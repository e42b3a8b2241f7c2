namespace Par.Bench.Experiments.DerivationPipeline;

/// <summary>
/// Settings of <see cref="PipelineRanking"/>, the derivation the main job on text used before successive halving, kept
/// as an experiment for the ablation (bench/protocols/search-derivation-ablation.md, arm C). The defaults are that job's.
/// </summary>
internal sealed record PipelineOptions
{
    /// <summary>Generations of <see cref="LayoutEvolution"/> after the beam (0: the beam alone); each scores <see cref="Parents"/> new layouts.</summary>
    public int Generations { get; init; } = 8;

    /// <summary>The best-scored layouts each generation breeds from, and how many children it adds.</summary>
    public int Parents { get; init; } = 8;

    /// <summary>The chance that a mutation redraws each choice layer.</summary>
    public double MutationProbability { get; init; } = 0.2;

    /// <summary>Steps of the fine-tune each of the <see cref="FineTuned"/> best-scored layouts gets from the supernet's weights (0: none).</summary>
    public int FineTuneSteps { get; init; } = 50;

    /// <summary>How many of the best-scored layouts are fine-tuned and ranked again.</summary>
    public int FineTuned { get; init; } = 6;

    /// <summary>The share of the search's steps each from-scratch training of the climb gets (0: no climb).</summary>
    public double ScratchShare { get; init; } = 1.0;

    /// <summary>How many layouts the climb trains at most.</summary>
    public int ScratchTrainings { get; init; } = 5;

    /// <summary>Feed-forward blocks of room a trade's deepening leaves under the budget.</summary>
    public int TradeRoomBlocks { get; init; } = DefaultTradeRoomBlocks;

    /// <summary>The default of <see cref="TradeRoomBlocks"/>, also the moves' when called without it.</summary>
    public const int DefaultTradeRoomBlocks = 1;

    /// <summary>Steps of each from-scratch training in a search of <paramref name="searchSteps"/> steps; 0 when off.</summary>
    public int ScratchStepsOf(int searchSteps) => ScratchShare == 0 ? 0 : System.Math.Max(1, (int)System.Math.Round(ScratchShare * searchSteps));
}
