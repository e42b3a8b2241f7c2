using System;
using System.Collections.Generic;
using Par.Dsl.Model;
using Par.Search.Latency;
using Par.Search.Progress;
using Par.Search.Schedules;
using Par.Search.Space;

namespace Par.Search;

/// <summary>What one search found and how it got there.</summary>
/// <param name="Space">The searched space.</param>
/// <param name="Options">The settings used.</param>
/// <param name="Schedule">The temperature schedule of phase 2.</param>
/// <param name="FinalProbabilities">Per-layer probabilities at the end (fixed layers: certainty).</param>
/// <param name="History">Probabilities recorded during the search, first at step 0.</param>
/// <param name="Found">The derived model: most probable block per layer, identities dropped.</param>
/// <param name="WeightTokens">Training tokens the weight steps consumed.</param>
/// <param name="ArchitectureTokens">Held-out training tokens the architecture steps consumed.</param>
/// <param name="WallTime">Wall time of the whole search.</param>
/// <param name="WeightsOnlyWallTime">Wall time of phase 1 alone (weight steps only), to price one supernet weight step.</param>
/// <param name="LatencyTable">The block latencies used by the latency-aware loss, if it was on.</param>
public sealed record SearchResult(
    SearchSpace Space,
    SearchOptions Options,
    TemperatureSchedule Schedule,
    IReadOnlyList<LayerProbabilities> FinalProbabilities,
    IReadOnlyList<ProbabilitySnapshot> History,
    ParModel Found,
    long WeightTokens,
    long ArchitectureTokens,
    TimeSpan WallTime,
    TimeSpan WeightsOnlyWallTime,
    BlockLatencyTable? LatencyTable)
{
    /// <summary>The latency budget of a <see cref="LatencyLossForm.Budget"/> search, in the table's milliseconds; null without one.</summary>
    public double? LatencyBudgetMs { get; init; }

    /// <summary>What derivation by measurement scored, timed and chose; null for the most-probable derivation.</summary>
    public Derivation.MeasuredDerivationResult? MeasuredDerivation { get; init; }

    public long TokensSeen => WeightTokens + ArchitectureTokens;

    /// <summary>The temperature in use at the last step.</summary>
    public double FinalTemperature => Schedule.At(Math.Max(0, Options.AlternatingSteps - 1));
}
