namespace Par.Search;

/// <summary>How a supernet layer combines its candidates during the search.</summary>
public enum SamplingMode
{
    /// <summary>FBNet: every candidate runs, weighted by a Gumbel-softmax sample of the layer's probabilities.</summary>
    Soft,

    /// <summary>
    /// ProxylessNAS: a weight step runs one sampled candidate per layer, so a step costs about one network instead of
    /// all candidates; architecture steps also run sampled paths, and <see cref="SupernetSampling.PathGradient"/> says how
    /// they become a gradient for the logits.
    /// </summary>
    SinglePath,
}
