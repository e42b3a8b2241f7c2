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
    private (int First, int Second, float FirstLogit, float SecondLogit)? lastPair;
    private int? pinnedCandidate;

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

    /// <summary>
    /// Index into <see cref="Candidates"/> of the path the last <see cref="MixingMode.SinglePath"/> pass ran (null
    /// before one), e.g. to price or score that sampled sub-network.
    /// </summary>
    public int? LastSampledCandidate { get; private set; }

    /// <summary>
    /// When set, <see cref="MixingMode.SinglePath"/> passes run this candidate (an index into <see cref="Candidates"/>)
    /// instead of drawing one, so a sampled sub-network can be run again with one layer changed.
    /// </summary>
    public int? PinnedCandidate
    {
        get => pinnedCandidate;
        set => pinnedCandidate = value is null || (value >= 0 && value < candidates.Length)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"The layer has {candidates.Length} candidates.");
    }

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
            MixingMode.TwoPath => SampledPair(x, memory, slot),
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
        var index = pinnedCandidate ?? Draw(1)[0];
        LastSampledCandidate = index;
        return OnePath(index, x, memory, slot);
    }

    // Distinct candidates drawn from softmax(θ) on the CPU generator, so a seed draws alike on every device.
    private int[] Draw(int count)
    {
        using var scope = NewDisposeScope();
        var drawn = logits.detach().softmax(0).cpu().multinomial(count, replacement: false, generator: Generator);
        return drawn.data<long>().Select(index => (int)index).ToArray();
    }

    private Tensor SampledPair(Tensor x, SegmentMemory? memory, int slot)
    {
        if (candidates.Length < 2)
        {
            lastPair = null;
            return OnePath(0, x, memory, slot);
        }

        var drawn = Draw(2);
        var (first, second) = (drawn[0], drawn[1]);
        using var pairIndices = tensor(new long[] { first, second }, device: logits.device);
        var pairProbabilities = logits.index_select(0, pairIndices).softmax(0);
        var activeInPair = (int)pairProbabilities.detach().cpu().multinomial(1, generator: Generator).item<long>();
        var (active, inactive) = activeInPair == 0 ? (first, second) : (second, first);
        var savedLogits = logits.detach().cpu().data<float>().ToArray();
        lastPair = (first, second, savedLogits[first], savedLogits[second]);

        // Binary gates: exactly 1 on the path and 0 on the other in value, with the pair-softmax's gradient, so
        // ∂L/∂θ_i = Σ_j ∂L/∂g_j · q_j (δ_ij − q_i) over the pair (ProxylessNAS, eq. 4 on two paths).
        var gates = pairProbabilities - pairProbabilities.detach() + tensor(activeInPair == 0 ? new[] { 1f, 0f } : new[] { 0f, 1f }, dtype: logits.dtype, device: logits.device);
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

        var activeGate = gates[activeInPair];
        var inactiveGate = gates[1 - activeInPair];
        return x + activeGate * (path - x) + inactiveGate * other;
    }

    /// <summary>
    /// After an optimiser step on a <see cref="MixingMode.TwoPath"/> pass, shifts the two sampled logits by one offset so
    /// that their log-sum-exp is what it was before the step (ProxylessNAS): the pass judged only the pair, so it moves
    /// probability within the pair and not away from or towards the unsampled candidate. Does nothing when no pair was sampled.
    /// </summary>
    public void RescaleSampledPair()
    {
        if (lastPair is not { } pair)
        {
            return;
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var current = logits.detach().cpu().data<float>().ToArray();
        var before = LogSumExp(pair.FirstLogit, pair.SecondLogit);
        var after = LogSumExp(current[pair.First], current[pair.Second]);
        current[pair.First] -= (float)(after - before);
        current[pair.Second] -= (float)(after - before);
        logits.copy_(tensor(current, device: logits.device));
        lastPair = null;
    }

    private static double LogSumExp(double a, double b)
    {
        var max = Math.Max(a, b);
        return max + Math.Log(Math.Exp(a - max) + Math.Exp(b - max));
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
