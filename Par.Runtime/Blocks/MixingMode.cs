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
    /// One candidate, sampled from softmax(logits), runs alone (ProxylessNAS' weight step: the cost of one path).
    /// The logits get no gradient.
    /// </summary>
    SinglePath,

    /// <summary>
    /// ProxylessNAS' architecture step: two distinct candidates are sampled from softmax(logits), one of them (drawn
    /// from the pair's own softmax) runs as the path, the other is evaluated without gradient. Binary gates, 1 on the
    /// path and 0 on the other, give the output the path's value, and straight-through gradients
    /// <c>∂L/∂g_j = ⟨∂L/∂y, F_j(x) − x⟩</c> reach the pair's logits through the pair's softmax. Call
    /// <see cref="MixedLayer.RescaleSampledPair"/> after the optimiser step to keep the unsampled candidate's probability.
    /// </summary>
    TwoPath,

    /// <summary>Only the most probable candidate runs, unscaled: the network the search would derive.</summary>
    Argmax,
}
