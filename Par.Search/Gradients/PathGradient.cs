namespace Par.Search.Gradients;

/// <summary>How <see cref="SamplingMode.SinglePath"/> search turns sampled paths into a gradient for the logits.</summary>
public enum PathGradient
{
    /// <summary>
    /// ProxylessNAS' binary gates: two candidates per layer are sampled, one runs, and the gates' straight-through
    /// gradients <c>⟨∂L/∂y, F_j(x) − x⟩</c> reach the pair's logits. A first-order estimate around the sampled path:
    /// it cannot see what removing a block trained at full scale costs (docs/search.md).
    /// </summary>
    StraightThrough,

    /// <summary>
    /// The score-function (REINFORCE) estimator ProxylessNAS gives for non-differentiable objectives: a few whole
    /// sub-networks are sampled from softmax(θ) and run on one held-out segment without gradient, and each one's
    /// latency-aware loss, less the mean of the others' (leave-one-out baseline), weighs ∇ log p of its path.
    /// Unbiased for the expected loss of a sampled network, which is what single-path weights are trained for.
    /// </summary>
    Reinforce,
}
