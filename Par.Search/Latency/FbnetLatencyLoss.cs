using System;
using Par.Runtime;
using Par.Runtime.Blocks;
using Par.Search.Sampling;
using static TorchSharp.torch;

namespace Par.Search.Latency;

/// <summary>
/// FBNet's latency-aware architecture loss <c>CE · α · log(LAT)^β</c>, LAT in microseconds (so log(LAT) stays positive
/// for any real block). As in FBNet, the mixture weights are those of the same forward pass that gave CE: the
/// Gumbel-softmax sample in soft search, so both terms carry the same 1/τ factor. (With softmax(θ) instead, the
/// latency term was τ times stronger than the loss term at the start of phase 2, τ = 5, and removed attention before
/// the loss could speak for it.) Single-path search with straight-through gates uses softmax(θ), ProxylessNAS'
/// expected latency. Adam normalises the logits' gradient, so α scales the loss only against the logits' L2 decay;
/// β sets the trade-off.
/// </summary>
internal sealed class FbnetLatencyLoss(BlockLatencyTable table, double fixedLayersMs, double alpha, double beta)
    : LatencyAwareLoss(table, fixedLayersMs)
{
    public override Tensor Apply(Tensor crossEntropy, Tensor latencyMicroseconds) =>
        crossEntropy.Times(alpha) * latencyMicroseconds.AtLeast(Math.E).log().Power(beta);

    protected override Tensor MixtureWeights(MixedLayer layer, LayerSample drawn) => drawn.MixtureWeights(layer.Logits);
}
