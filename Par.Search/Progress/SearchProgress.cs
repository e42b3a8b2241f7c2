using System;
using System.Collections.Generic;

namespace Par.Search.Progress;

/// <summary>One report of a running search, for <see cref="IProgress{T}"/> consumers such as the CLI's live table.</summary>
/// <param name="Step">Weight steps done so far (1-based after the first step).</param>
/// <param name="TotalSteps">The weight-step budget of the whole search.</param>
/// <param name="Phase">The phase this step belongs to.</param>
/// <param name="Temperature">The Gumbel-softmax temperature in use; null when the search samples paths, which ignores it.</param>
/// <param name="WeightLoss">Cross-entropy of the latest weight step.</param>
/// <param name="ArchitectureLoss">Loss of the latest architecture step (latency-aware if enabled); null in phase 1.</param>
/// <param name="ExpectedLatencyMs">Expected supernet latency under the current probabilities; null without a latency table.</param>
/// <param name="Layers">Per-layer candidate probabilities.</param>
/// <param name="Elapsed">Wall time since the search started.</param>
/// <param name="EstimatedRemaining">Wall time the search still needs, by <see cref="SearchTimeEstimate"/>.</param>
/// <param name="Derivation">After the last step, what derivation by measurement is doing; null while the supernet trains.</param>
public sealed record SearchProgress(
    int Step,
    int TotalSteps,
    SearchPhase Phase,
    double? Temperature,
    double WeightLoss,
    double? ArchitectureLoss,
    double? ExpectedLatencyMs,
    IReadOnlyList<LayerProbabilities> Layers,
    TimeSpan Elapsed,
    TimeSpan? EstimatedRemaining,
    DerivationProgress? Derivation = null);
