using System;
using System.Collections.Generic;
using Par.Runtime;
using Par.Runtime.Blocks;
using Par.Search.Sampling;
using static TorchSharp.torch;

namespace Par.Search.Latency;

/// <summary>
/// The latency term of the architecture loss, with LAT the supernet's latency in microseconds: the latency of the
/// space's fixed layers plus, per mixed layer, Σ over candidates of a weight · the block's measured latency. The
/// two forms (<see cref="LatencyLossForm"/>) differ in which weights they take and how LAT enters the loss.
/// Single-path REINFORCE prices each sampled sub-network by its own latency instead (<see cref="PathLatencyMicroseconds"/>).
/// </summary>
internal abstract class LatencyAwareLoss
{
    protected const double MicrosecondsPerMillisecond = 1000;

    private readonly BlockLatencyTable table;
    private readonly double fixedLayersMicroseconds;

    /// <param name="table">Measured block latencies.</param>
    /// <param name="fixedLayersMs">Latency of the space's fixed layers, which the logits cannot change.</param>
    protected LatencyAwareLoss(BlockLatencyTable table, double fixedLayersMs)
    {
        this.table = table;
        fixedLayersMicroseconds = fixedLayersMs * MicrosecondsPerMillisecond;
    }

    /// <summary>The form <paramref name="objective"/> asks for, or null when the search has no latency term.</summary>
    public static LatencyAwareLoss? For(LatencyObjective objective, BlockLatencyTable? table, double fixedLayersMs, double? budgetMs)
    {
        if (!objective.IsOn || table is null)
        {
            return null;
        }

        return objective.Form switch
        {
            LatencyLossForm.Fbnet => new FbnetLatencyLoss(table, fixedLayersMs, objective.Weight, objective.Exponent),
            LatencyLossForm.Budget => new LatencyBudgetLoss(table, fixedLayersMs, objective.Weight,
                budgetMs ?? throw new ArgumentException("A latency budget needs its target.", nameof(budgetMs))),
            _ => throw new ArgumentOutOfRangeException(nameof(objective), objective.Form, "Unknown latency loss."),
        };
    }

    /// <summary>LAT in microseconds as a differentiable scalar, for the forward pass that ran <paramref name="sample"/>.</summary>
    public Tensor ExpectedLatencyMicroseconds(IReadOnlyList<MixedLayer> layers, ArchitectureSample sample)
    {
        var total = tensor(fixedLayersMicroseconds, float32);
        for (var mixed = 0; mixed < layers.Count; mixed++)
        {
            var layer = layers[mixed];
            var latencies = new float[layer.Candidates.Count];
            for (var index = 0; index < latencies.Length; index++)
            {
                latencies[index] = (float)(table.LatencyOf(layer.Candidates[index]) * MicrosecondsPerMillisecond);
            }

            var weights = MixtureWeights(layer, sample.Layers[mixed]);
            total = total.to(weights.device).Plus((weights * tensor(latencies, device: weights.device)).sum());
        }

        return total;
    }

    /// <summary>
    /// LAT in microseconds of the sub-network that runs candidate <c>path[l]</c> in mixed layer l: the table's latency of
    /// each sampled block (ProxylessNAS' REINFORCE prices sampled networks directly).
    /// </summary>
    public Tensor PathLatencyMicroseconds(IReadOnlyList<MixedLayer> layers, IReadOnlyList<int> path)
    {
        var total = fixedLayersMicroseconds;
        for (var mixed = 0; mixed < layers.Count; mixed++)
        {
            total += table.LatencyOf(layers[mixed].Candidates[path[mixed]]) * MicrosecondsPerMillisecond;
        }

        return tensor(total, float32);
    }

    /// <summary>The architecture loss from the cross-entropy and LAT (microseconds).</summary>
    public abstract Tensor Apply(Tensor crossEntropy, Tensor latencyMicroseconds);

    /// <summary>The weights per candidate that LAT is summed with, given the layer's draw; the caller owns the result.</summary>
    protected abstract Tensor MixtureWeights(MixedLayer layer, LayerSample drawn);
}
