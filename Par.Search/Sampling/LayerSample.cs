using System.Linq;
using Par.Runtime;
using Par.Runtime.Blocks;
using static TorchSharp.torch;

namespace Par.Search.Sampling;

/// <summary>
/// What a <see cref="Supernet"/> drew for one mixed layer in one step. Immutable: the same draw gives the same gates
/// every time it is turned into them, so a forward pass, the latency term and the rescaling after the optimiser step
/// all see one sample.
/// </summary>
internal abstract record LayerSample
{
    private LayerSample()
    {
    }

    /// <summary>The gates of this draw for a layer with <paramref name="logits"/> θ, differentiable in θ.</summary>
    public abstract MixedLayerGates Gates(Tensor logits);

    /// <summary>
    /// The weights per candidate that a cost <c>Σ m_i·c_i</c> sees (FBNet's latency term): the Gumbel-softmax sample
    /// the forward pass mixed with, softmax(θ) for a sampled path or pair. The caller owns the result.
    /// </summary>
    public virtual Tensor MixtureWeights(Tensor logits) => logits.softmax(0);

    /// <summary>FBNet: Gumbel(0, 1) noise g at temperature τ; every candidate runs, weighted by softmax((θ + g) / τ).</summary>
    public sealed record Gumbel(Tensor Noise, double Temperature) : LayerSample
    {
        public override MixedLayerGates Gates(Tensor logits) => new MixedLayerGates.Mixture(MixtureWeights(logits));

        public override Tensor MixtureWeights(Tensor logits) => logits.Plus(Noise).DividedBy(Temperature).softmax(0);
    }

    /// <summary>
    /// A fair weight step: Gumbel noise at temperature τ around uniform logits, softmax(g / τ), whatever θ says. Every
    /// candidate is trained as often and as strongly as the others (SPOS' uniform sampling, FairNAS), so a block the
    /// logits turned away from early keeps learning and inherited weights can still rate layouts that use it.
    /// </summary>
    public sealed record UniformGumbel(Tensor Noise, double Temperature) : LayerSample
    {
        public override MixedLayerGates Gates(Tensor logits) => new MixedLayerGates.Mixture(MixtureWeights(logits));

        public override Tensor MixtureWeights(Tensor logits) => Noise.DividedBy(Temperature).softmax(0);
    }

    /// <summary>ProxylessNAS' weight step: one candidate runs alone; the logits get no gradient.</summary>
    public sealed record Path(int Candidate) : LayerSample
    {
        public override MixedLayerGates Gates(Tensor logits) => new MixedLayerGates.Path(Candidate);
    }

    /// <summary>
    /// ProxylessNAS' architecture step: the distinct candidates <paramref name="First"/> and <paramref name="Second"/>
    /// drawn from softmax(θ), the one of them (<paramref name="ActiveInPair"/>, 0 or 1) drawn from the pair's own softmax
    /// to run as the path, and the pair's logits before the step, which the rescaling after it restores in log-sum-exp.
    /// </summary>
    public sealed record Pair(int First, int Second, int ActiveInPair, float FirstLogit, float SecondLogit) : LayerSample
    {
        public int Active => ActiveInPair == 0 ? First : Second;

        public int Inactive => ActiveInPair == 0 ? Second : First;

        // Binary gates: exactly 1 on the path and 0 on the other in value, with the pair-softmax's gradient, so
        // ∂L/∂θ_i = Σ_j ∂L/∂g_j · q_j (δ_ij − q_i) over the pair (ProxylessNAS, eq. 4 on two paths).
        public override MixedLayerGates Gates(Tensor logits)
        {
            using var pairIndices = tensor(new long[] { First, Second }, device: logits.device);
            var pairProbabilities = logits.index_select(0, pairIndices).softmax(0);
            var gates = (pairProbabilities - pairProbabilities.detach()).Plus(tensor(ActiveInPair == 0 ? new[] { 1f, 0f } : new[] { 0f, 1f }, dtype: logits.dtype, device: logits.device));
            return new MixedLayerGates.Pair(Active, Inactive, gates[ActiveInPair], gates[1 - ActiveInPair]);
        }
    }
}
