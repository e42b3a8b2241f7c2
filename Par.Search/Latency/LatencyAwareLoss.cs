using System;
using System.Collections.Generic;
using Par.Runtime.Blocks;
using static TorchSharp.torch;

namespace Par.Search.Latency;

/// <summary>
/// FBNet's latency-aware architecture loss <c>CE · α · log(LAT)^β</c>, with <c>LAT</c> the supernet's latency
/// Σ over layers and candidates of m · latency, in microseconds (so log(LAT) stays positive for any real block).
/// As in FBNet, m are the mixture weights of the same forward pass that gave CE: the Gumbel-softmax sample in
/// soft search, so both terms carry the same 1/τ factor. (With softmax(θ) instead, the latency term was τ times
/// stronger than the loss term at the start of phase 2, τ = 5, and removed attention before the loss could
/// speak for it.) Single-path search with straight-through gates uses softmax(θ), ProxylessNAS' expected latency; with
/// REINFORCE each sampled sub-network is priced by its own latency (<see cref="PathLatencyMicroseconds"/>).
/// Adam normalises the logits' gradient, so α scales the loss only against the logits' L2 decay; β sets the trade-off.
/// </summary>
internal sealed class LatencyAwareLoss
{
    private const double MicrosecondsPerMillisecond = 1000;

    private readonly BlockLatencyTable table;
    private readonly double fixedLayersMicroseconds;
    private readonly double alpha;
    private readonly double beta;

    /// <param name="table">Measured block latencies.</param>
    /// <param name="fixedLayersMs">Latency of the space's fixed layers, which the logits cannot change.</param>
    /// <param name="alpha">FBNet's α.</param>
    /// <param name="beta">FBNet's β.</param>
    public LatencyAwareLoss(BlockLatencyTable table, double fixedLayersMs, double alpha, double beta)
    {
        this.table = table;
        fixedLayersMicroseconds = fixedLayersMs * MicrosecondsPerMillisecond;
        this.alpha = alpha;
        this.beta = beta;
    }

    /// <summary>LAT in microseconds as a differentiable scalar, from the layers' last forward pass.</summary>
    public Tensor ExpectedLatencyMicroseconds(IReadOnlyList<MixedLayer> layers)
    {
        var total = tensor(fixedLayersMicroseconds, float32);
        foreach (var layer in layers)
        {
            var latencies = new float[layer.Candidates.Count];
            for (var index = 0; index < latencies.Length; index++)
            {
                latencies[index] = (float)(table.LatencyOf(layer.Candidates[index]) * MicrosecondsPerMillisecond);
            }

            var weights = layer.LastMixtureWeights();
            total = total.to(weights.device) + (weights * tensor(latencies, device: weights.device)).sum();
        }

        return total;
    }

    /// <summary>
    /// LAT in microseconds of the sub-network the layers' last <see cref="MixingMode.SinglePath"/> pass ran: the table's
    /// latency of each sampled block (ProxylessNAS' REINFORCE prices sampled networks directly).
    /// </summary>
    public Tensor PathLatencyMicroseconds(IReadOnlyList<MixedLayer> layers)
    {
        var total = fixedLayersMicroseconds;
        foreach (var layer in layers)
        {
            var sampled = layer.LastSampledCandidate
                ?? throw new InvalidOperationException($"Layer {layer.GetName()} has not run a single-path pass yet.");
            total += table.LatencyOf(layer.Candidates[sampled]) * MicrosecondsPerMillisecond;
        }

        return tensor(total, float32);
    }

    public Tensor Apply(Tensor crossEntropy, Tensor expectedLatencyMicroseconds) =>
        crossEntropy * alpha * expectedLatencyMicroseconds.clamp_min(Math.E).log().pow(beta);
}
