using System;
using System.Collections.Generic;
using System.Linq;
using Par.Dsl.Model;
using Par.Runtime.Memory;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Par.Runtime.Blocks;

/// <summary>
/// A searched supernet layer: <c>X_l = Σ_i m_i F_i(X_{l-1})</c> over its candidate blocks, combined as the
/// <see cref="MixedLayerGates"/> it is given say, by default with <c>m = softmax(logits)</c>. It is a pure function of
/// its input and its gates: whatever a search samples lives with the search, not here. The identity candidate has no
/// parameters. Zero logits (the initial value) mean a uniform choice.
/// </summary>
public sealed class MixedLayer : Module<Tensor, Tensor>
{
    private readonly SelfAttentionBlock? attention;
    private readonly FeedForwardBlock? feed_forward;
    private readonly Parameter logits;

    private readonly BlockKind[] candidates;

    public MixedLayer(string name, IReadOnlyList<BlockKind> candidates, HyperParameters hp)
        : base(name)
    {
        if (candidates.Count == 0 || candidates.Distinct().Count() != candidates.Count)
        {
            throw new ArgumentException("A mixed layer needs at least one candidate and no repeats.", nameof(candidates));
        }

        this.candidates = candidates.ToArray();
        if (candidates.Contains(BlockKind.SelfAttention))
        {
            attention = new SelfAttentionBlock("attention", hp);
        }

        if (candidates.Contains(BlockKind.FeedForward))
        {
            feed_forward = new FeedForwardBlock("feed_forward", hp);
        }

        logits = Initialization.ZeroParameter(candidates.Count);
        RegisterComponents();
    }

    /// <summary>The candidate blocks, in the order of <see cref="Logits"/>.</summary>
    public IReadOnlyList<BlockKind> Candidates => candidates;

    /// <summary>True when one candidate is self-attention, so the layer owns a memory slot.</summary>
    public bool HasAttention => attention is not null;

    /// <summary>The architecture logits θ (one per candidate), for the architecture optimiser.</summary>
    public Parameter Logits => logits;

    /// <summary>softmax(logits): a detached copy the caller owns.</summary>
    public Tensor Probabilities()
    {
        using var scope = NewDisposeScope();
        return logits.detach().softmax(0).MoveToOuterDisposeScope();
    }

    /// <summary>The candidate with the largest logit (the first one on ties).</summary>
    public BlockKind MostProbable
    {
        get
        {
            using var scope = NewDisposeScope();
            return candidates[(int)logits.detach().argmax().item<long>()];
        }
    }

    public override Tensor forward(Tensor x) => forward(x, null, 0);

    /// <summary>The softmax(logits) mixture of the candidates on <paramref name="x"/>, as a generated supernet runs it.</summary>
    public Tensor forward(Tensor x, SegmentMemory? memory, int slot)
    {
        using var scope = NewDisposeScope();
        return Mixture(x, memory, slot, logits.softmax(0)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Combines the candidates on <paramref name="x"/> as <paramref name="gates"/> say. <paramref name="slot"/> is this
    /// layer's attention slot in <paramref name="memory"/>; the slot is fed exactly once whether or not attention runs.
    /// </summary>
    public Tensor forward(Tensor x, SegmentMemory? memory, int slot, MixedLayerGates gates)
    {
        ArgumentNullException.ThrowIfNull(gates);
        using var scope = NewDisposeScope();
        var result = gates switch
        {
            MixedLayerGates.Mixture mixture => Mixture(x, memory, slot, mixture.Weights),
            MixedLayerGates.Path path => OnePath(CandidateIndex(path.Candidate), x, memory, slot),
            MixedLayerGates.Pair pair => Pair(pair, x, memory, slot),
            _ => throw new ArgumentException($"Unknown gates {gates}.", nameof(gates)),
        };
        return result.MoveToOuterDisposeScope();
    }

    // Every candidate runs, attention included, so the memory slot is fed exactly once.
    private Tensor Mixture(Tensor x, SegmentMemory? memory, int slot, Tensor weights)
    {
        if (weights.shape is not [var count] || count != candidates.Length)
        {
            throw new ArgumentException($"The layer has {candidates.Length} candidates; the weights have shape [{string.Join(", ", weights.shape)}].", nameof(weights));
        }

        Tensor? sum = null;
        for (var index = 0; index < candidates.Length; index++)
        {
            var weighted = weights[index] * Candidate(index, x, memory, slot);
            sum = sum is null ? weighted : sum.Plus(weighted);
        }

        return sum!;
    }

    private Tensor Pair(MixedLayerGates.Pair gates, Tensor x, SegmentMemory? memory, int slot)
    {
        var (active, inactive) = (CandidateIndex(gates.Active), CandidateIndex(gates.Inactive));
        if (active == inactive)
        {
            throw new ArgumentException($"A pair needs two candidates; both gates name candidate {active}.", nameof(gates));
        }

        // The memory slot is fed exactly once: by attention when it is one of the pair, by Remember otherwise.
        if (candidates[active] != BlockKind.SelfAttention && candidates[inactive] != BlockKind.SelfAttention)
        {
            attention?.Remember(x, memory, slot);
        }

        var path = Candidate(active, x, memory, slot);
        Tensor other;
        using (no_grad())
        {
            // Evaluated only for its gate's gradient: no activations kept, no weight gradient.
            other = Candidate(inactive, x, memory, slot) - x;
        }

        return x.Plus(gates.ActiveGate * (path - x)).Plus(gates.InactiveGate * other);
    }

    /// <summary>Runs one candidate alone; the memory slot is still fed when attention is skipped.</summary>
    private Tensor OnePath(int index, Tensor x, SegmentMemory? memory, int slot)
    {
        if (candidates[index] != BlockKind.SelfAttention)
        {
            attention?.Remember(x, memory, slot);
        }

        return Candidate(index, x, memory, slot);
    }

    private Tensor Candidate(int index, Tensor x, SegmentMemory? memory, int slot) => candidates[index] switch
    {
        BlockKind.SelfAttention => attention!.forward(x, memory, slot),
        BlockKind.FeedForward => feed_forward!.forward(x),

        // A new handle, so moving the result out of this scope never moves the caller's x.
        _ => x.alias(),
    };

    private int CandidateIndex(int index) => index >= 0 && index < candidates.Length
        ? index
        : throw new ArgumentOutOfRangeException(nameof(index), index, $"The layer has {candidates.Length} candidates.");
}
