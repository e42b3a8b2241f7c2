using System;
using System.Collections.Generic;
using System.Linq;
using Par.Runtime;
using Par.Runtime.Blocks;
using Par.Runtime.Data;
using Par.Runtime.Memory;
using Par.Runtime.Training;
using Par.Search.Data;
using Par.Search.Latency;
using Par.Search.Sampling;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Par.Search.Gradients;

/// <summary>
/// One architecture step of single-path search with <see cref="PathGradient.Reinforce"/>, as paired comparisons: a path
/// <c>a</c> drawn from softmax(θ) runs on a held-out segment; then one layer <c>l</c>, picked at random among those where
/// a fresh draw <c>b_l</c> from softmax(θ_l) differs from <c>a_l</c>, is switched to <c>b_l</c> and the network runs
/// again on the same segment from the same memory. Both runs are forward passes of one sub-network, without gradient,
/// and the second starts at layer <c>l</c> from the hidden state the first fed it, since the layers before are unchanged.
/// The two latency-aware losses differ only through layer <c>l</c>, and the leave-one-out estimate on that layer,
/// <c>½ (O_a − O_b)(∇ log p_l(a_l) − ∇ log p_l(b_l))</c>, points along <c>−∇_θl E[O]</c>'s descent direction without
/// bias (layers choose independently), with far less variance than whole-path differences, where every layer's
/// choice adds noise (docs/search.md). Other layers get no gradient in that step.
/// </summary>
internal static class ScoreFunctionStep
{
    /// <returns>The objective of the first sampled path.</returns>
    public static double Run(Supernet supernet, StreamBatcher stream, SegmentMemory? memory, SegmentObjective objective, Adam optimizer, LatencyAwareLoss? latencyLoss, Device device)
    {
        using var scope = NewDisposeScope();
        var layers = supernet.MixedLayers;
        var segment = SegmentLoss.Next(stream, memory, objective);
        using var start = memory is null ? null : new SegmentMemory(memory.SlotCount, memory.Length);
        start?.CopyFrom(memory!);

        var layerInputs = new List<Tensor>();
        var sample = supernet.SamplePaths();
        var path = sample.Paths();
        var first = Score(layers, segment, latencyLoss, path, () => supernet.forward(segment.Inputs.to(device), memory, sample, layerInputs));
        if (supernet.DrawSwitch(path) is not { } change)
        {
            return first;
        }

        var switched = path.ToArray();
        switched[change.Layer] = change.Candidate;

        // The layers before the switched one would compute exactly what they did: rerun only from it, with the
        // memory slots of that layer and the later ones put back to where the segment started.
        memory?.CopyFrom(start!, supernet.FirstMemorySlotFrom(change.Layer));
        var second = Score(layers, segment, latencyLoss, switched,
            () => supernet.ForwardFromMixedLayer(change.Layer, layerInputs[change.Layer], memory, ArchitectureSample.OfPaths(switched)));

        optimizer.zero_grad();
        Surrogate(layers, [path, switched], LeaveOneOutBaseline.Advantages([first, second])).backward();
        optimizer.StepSafely();
        return first;
    }

    /// <summary>
    /// A scalar whose gradient is the estimator, <c>(1/K) Σ_k A_k ∇ log p(path_k)</c>:
    /// <c>Σ_l Σ_k (A_k / K) · log softmax(θ_l)[path_k,l]</c>, <paramref name="paths"/> indexed [sample][layer].
    /// </summary>
    public static Tensor Surrogate(IReadOnlyList<MixedLayer> layers, IReadOnlyList<int[]> paths, IReadOnlyList<double> advantages)
    {
        var surrogate = zeros(1);
        for (var index = 0; index < layers.Count; index++)
        {
            var weights = new float[layers[index].Candidates.Count];
            for (var sample = 0; sample < paths.Count; sample++)
            {
                weights[paths[sample][index]] += (float)(advantages[sample] / paths.Count);
            }

            var logits = layers[index].Logits;
            surrogate = surrogate.to(logits.device).Plus((logits.log_softmax(0) * tensor(weights, device: logits.device)).sum());
        }

        return surrogate.sum();
    }

    // No dispose scope of its own: the hidden states the first pass keeps must outlive it (Run's scope owns them).
    private static double Score(IReadOnlyList<MixedLayer> layers, Segment segment, LatencyAwareLoss? latencyLoss, int[] path, Func<Tensor> predict)
    {
        using var noGrad = no_grad();
        var loss = SegmentLoss.CrossEntropy(predict(), segment);
        if (latencyLoss is not null)
        {
            loss = latencyLoss.Apply(loss, latencyLoss.PathLatencyMicroseconds(layers, path));
        }

        return loss.item<float>();
    }
}
