namespace Par.Search;

/// <summary>How a supernet layer combines its candidates during the search.</summary>
public enum SamplingMode
{
    /// <summary>FBNet: every candidate runs, weighted by a Gumbel-softmax sample of the layer's probabilities.</summary>
    Soft,

    /// <summary>
    /// ProxylessNAS: one candidate per layer is sampled and run per step; the logits get a straight-through
    /// gradient, so a step costs about one network instead of all candidates.
    /// </summary>
    SinglePath,
}
