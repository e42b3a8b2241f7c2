using Par.Runtime;
using Par.Runtime.Blocks;
using Par.Search.Sampling;
using static TorchSharp.torch;

namespace Par.Search.Latency;

/// <summary>
/// A latency budget instead of a price: <c>CE + λ · max(0, LAT / target − 1)</c>. Under the target the term and its
/// gradient are exactly zero, so the loss alone chooses between blocks (and a loss that wants depth keeps it);
/// above it, each candidate's logit is pushed down in proportion to the block's latency, so attention, the costly
/// block, gives way first. LAT is the expected latency under softmax(θ), not under one Gumbel sample: a constraint on
/// the distribution the final layout is drawn from, not on one noisy draw. The excess is relative, so λ means the
/// same at any width.
/// </summary>
internal sealed class LatencyBudgetLoss : LatencyAwareLoss
{
    private readonly double weight;
    private readonly double targetMicroseconds;

    /// <param name="table">Measured block latencies.</param>
    /// <param name="fixedLayersMs">Latency of the space's fixed layers.</param>
    /// <param name="weight">λ, the weight of the relative excess.</param>
    /// <param name="targetMs">The budget for the whole layout, fixed layers included.</param>
    public LatencyBudgetLoss(BlockLatencyTable table, double fixedLayersMs, double weight, double targetMs)
        : base(table, fixedLayersMs)
    {
        this.weight = weight;
        targetMicroseconds = targetMs * MicrosecondsPerMillisecond;
    }

    public override Tensor Apply(Tensor crossEntropy, Tensor latencyMicroseconds) =>
        crossEntropy.Plus(latencyMicroseconds.DividedBy(targetMicroseconds).Plus(-1).AtLeast(0).Times(weight));

    protected override Tensor MixtureWeights(MixedLayer layer, LayerSample drawn) => layer.Logits.softmax(0);
}
