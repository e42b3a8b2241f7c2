namespace Par.Runtime.Blocks;

/// <summary>How a <see cref="MixedLayer"/> combines its candidate blocks in a forward pass.</summary>
public enum MixingMode
{
    /// <summary>Every candidate runs; output = Σ softmax(logits)_i · F_i(x). Deterministic.</summary>
    Softmax,

    /// <summary>
    /// Every candidate runs, weighted by a soft Gumbel-softmax sample of the logits at
    /// <see cref="MixedLayer.Temperature"/> (FBNet, as in the PAR paper).
    /// </summary>
    GumbelSoftmax,

    /// <summary>
    /// One candidate, sampled from softmax(logits), runs (ProxylessNAS: the cost of one path). Its output is
    /// scaled by a straight-through factor whose value is 1 but whose gradient reaches the logits.
    /// </summary>
    SinglePath,

    /// <summary>Only the most probable candidate runs, unscaled: the network the search would derive.</summary>
    Argmax,
}
