namespace Par.Search.Derivation;

/// <summary>A candidate layout with its held-out loss under the supernet's inherited weights.</summary>
/// <param name="Candidate">The layout and its probability and predicted latency.</param>
/// <param name="HeldOutLoss">Mean next-token loss over the scored held-out segments.</param>
/// <param name="MeasuredMs">Its inference latency on this machine, for a finalist; null for the others. Reported, never decisive.</param>
/// <param name="MeasuredRatio">Its latency on this machine over the interleaved baseline's, timed alongside (the median of per-round ratios); null when not timed.</param>
public sealed record ScoredCandidate(CandidateLayout Candidate, double HeldOutLoss, double? MeasuredMs = null, double? MeasuredRatio = null)
{
    /// <summary>Its held-out loss after a training from fresh weights; null when it was not trained.</summary>
    public double? ScratchLoss { get; init; }

    /// <summary>The steps of the training that gave <see cref="ScratchLoss"/>; null when it was not trained.</summary>
    public int? ScratchSteps { get; init; }

    /// <summary>The loss the derivation ranks it by: trained from scratch, else inherited.</summary>
    public double RankingLoss => ScratchLoss ?? HeldOutLoss;
}
