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
/// A searched supernet layer: <c>X_l = Σ_i m_i F_i(X_{l-1})</c> over its candidate blocks, with the mixture
/// weights <c>m</c> derived from learnable architecture <c>logits</c> as <see cref="Mode"/> says.
/// The identity candidate has no parameters. Zero logits (the initial value) mean a uniform choice.
/// </summary>
public sealed class MixedLayer : Module<Tensor, Tensor>
{
    private readonly SelfAttentionBlock? attention;
    private readonly FeedForwardBlock? feed_forward;
    private readonly Parameter logits;

    private readonly BlockKind[] candidates;
    private double temperature = 1.0;
    private Tensor? lastGumbelNoise;
    private double lastTemperature = 1.0;

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

    /// <summary>How candidates are combined; <see cref="MixingMode.Softmax"/> by default.</summary>
    public MixingMode Mode { get; set; } = MixingMode.Softmax;

    /// <summary>Gumbel-softmax temperature τ (FBNet starts at 5 and anneals); must be positive.</summary>
    public double Temperature
    {
        get => temperature;
        set => temperature = value > 0
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "The temperature must be positive.");
    }

    /// <summary>
    /// Source of the Gumbel noise and path samples, a CPU generator (null: torch's global one). Draws are made on
    /// the CPU and moved to the logits' device, so a seed gives the same samples on every device.
    /// </summary>
    public Generator? Generator { get; set; }

    /// <summary>softmax(logits): a detached copy the caller owns.</summary>
    public Tensor Probabilities()
    {
        using var scope = NewDisposeScope();
        return logits.detach().softmax(0).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The weights the last forward pass gave the candidates, recomputed from the logits so that gradients reach
    /// them: the same Gumbel-softmax sample in <see cref="MixingMode.GumbelSoftmax"/>, softmax(θ) otherwise. A cost
    /// Σ m_i·c_i built on it sees the sample the loss saw, as FBNet's latency term does. The caller owns the result.
    /// </summary>
    public Tensor LastMixtureWeights() =>
        Mode == MixingMode.GumbelSoftmax && lastGumbelNoise is not null
            ? ((logits + lastGumbelNoise) / lastTemperature).softmax(0)
            : logits.softmax(0);

    /// <summary>The candidate with the largest logit (the first one on ties).</summary>
    public BlockKind MostProbable => candidates[MostProbableIndex()];

    public override Tensor forward(Tensor x) => forward(x, null, 0);

    /// <summary>
    /// Mixes the candidates on <paramref name="x"/>. <paramref name="slot"/> is this layer's attention slot
    /// in <paramref name="memory"/>; the slot is updated whether or not attention ran in this pass.
    /// </summary>
    public Tensor forward(Tensor x, SegmentMemory? memory, int slot)
    {
        using var scope = NewDisposeScope();
        var result = Mode switch
        {
            MixingMode.Softmax => Mixture(x, memory, slot, logits.softmax(0)),
            MixingMode.GumbelSoftmax => Mixture(x, memory, slot, GumbelSoftmaxWeights()),
            MixingMode.SinglePath => SampledPath(x, memory, slot),
            MixingMode.Argmax => OnePath(MostProbableIndex(), x, memory, slot),
            _ => throw new InvalidOperationException($"Unknown mixing mode {Mode}."),
        };
        return result.MoveToOuterDisposeScope();
    }

    // Every candidate runs, attention included, so the memory slot is fed exactly once.
    private Tensor Mixture(Tensor x, SegmentMemory? memory, int slot, Tensor weights)
    {
        Tensor? sum = null;
        for (var index = 0; index < candidates.Length; index++)
        {
            var weighted = weights[index] * Candidate(index, x, memory, slot);
            sum = sum is null ? weighted : sum + weighted;
        }

        return sum!;
    }

    private Tensor GumbelSoftmaxWeights()
    {
        // -log of an Exponential(1) sample is Gumbel(0, 1) noise; drawing it ourselves lets a Generator seed it.
        var gumbel = (-empty(logits.shape, dtype: logits.dtype, device: CPU).exponential_(generator: Generator).log()).to(logits.device);
        // Kept (detached, owned by the layer) so LastMixtureWeights can rebuild this very sample.
        lastGumbelNoise?.Dispose();
        lastGumbelNoise = gumbel.detach().DetachFromDisposeScope();
        lastTemperature = temperature;
        return ((logits + gumbel) / temperature).softmax(0);
    }

    private Tensor SampledPath(Tensor x, SegmentMemory? memory, int slot)
    {
        var probabilities = logits.softmax(0);
        var index = (int)probabilities.detach().cpu().multinomial(1, generator: Generator).item<long>();
        var chosen = probabilities[index];
        // Exactly 1 in value, yet it carries the gradient of p_k, so the sampled path still trains the logits.
        // It scales only the block's own contribution: scaling the whole residual output made the logits'
        // gradient mostly <dL/dy, x>, the same whichever block was sampled, so single-path barely learned.
        var straightThrough = chosen - chosen.detach() + 1.0;
        return x + straightThrough * (OnePath(index, x, memory, slot) - x);
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

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            lastGumbelNoise?.Dispose();
            lastGumbelNoise = null;
        }

        base.Dispose(disposing);
    }

    private int MostProbableIndex()
    {
        using var scope = NewDisposeScope();
        return (int)logits.detach().argmax().item<long>();
    }
}
