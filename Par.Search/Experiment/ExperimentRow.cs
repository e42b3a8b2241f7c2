namespace Par.Search.Experiment;

/// <summary>One trained model of the experiment, measured the same way as the others.</summary>
/// <param name="Name">Model name (<c>Baseline</c>, <c>Found</c>).</param>
/// <param name="Layout">Canonical layout.</param>
/// <param name="Layers">Layer count.</param>
/// <param name="AttentionBlocks">Self-attention blocks.</param>
/// <param name="Parameters">Exact parameter count.</param>
/// <param name="ValidLoss">Validation loss, nats per token.</param>
/// <param name="RecallLoss">Validation loss on the recall tokens only (the ones that need attention).</param>
/// <param name="RecallAccuracy">Share of recall tokens predicted exactly.</param>
/// <param name="LatencyMs">Median inference latency, batch 1, one segment over a full memory.</param>
/// <param name="LatencyRatio">Latency over the baseline's.</param>
/// <param name="TrainingSeconds">Wall time of training for the step budget.</param>
public sealed record ExperimentRow(
    string Name,
    string Layout,
    int Layers,
    int AttentionBlocks,
    long Parameters,
    double ValidLoss,
    double? RecallLoss,
    double? RecallAccuracy,
    double LatencyMs,
    double LatencyRatio,
    double TrainingSeconds)
{
    /// <summary>The training loss's slope at the end of training (<see cref="EndOfTrainingSlope"/>), nats per 100 steps.</summary>
    public double? EndSlope { get; init; }

    /// <summary>An encoder's share of masked positions predicted exactly (its <see cref="ValidLoss"/> is over those positions); null for next-token models.</summary>
    public double? MaskedAccuracy { get; init; }
}
