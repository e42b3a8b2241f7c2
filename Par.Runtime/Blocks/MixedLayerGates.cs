using static TorchSharp.torch;

namespace Par.Runtime.Blocks;

/// <summary>
/// How a <see cref="MixedLayer"/> combines its candidates in one forward pass: the layer is a pure function of its
/// input and these gates. Whoever decides (a plain forward: softmax(logits); the search: its own draws) builds them, so
/// the layer keeps no state between passes. Indices are into <see cref="MixedLayer.Candidates"/>.
/// </summary>
public abstract record MixedLayerGates
{
    private MixedLayerGates()
    {
    }

    /// <summary>Every candidate runs; output = Σ weights_i · F_i(x). Weights built from the logits carry their gradient.</summary>
    public sealed record Mixture(Tensor Weights) : MixedLayerGates;

    /// <summary>One candidate runs alone, unscaled.</summary>
    public sealed record Path(int Candidate) : MixedLayerGates;

    /// <summary>
    /// ProxylessNAS' binary gates on two candidates: <paramref name="Active"/> runs as the path, <paramref name="Inactive"/> is
    /// evaluated without gradient, and the output is <c>x + g_a (F_a(x) − x) + g_i (F_i(x) − x)</c>. Gates worth 1 and 0 in
    /// value whose gradient reaches the logits give the path's value and straight-through gradients
    /// <c>∂L/∂g_j = ⟨∂L/∂y, F_j(x) − x⟩</c>.
    /// </summary>
    public sealed record Pair(int Active, int Inactive, Tensor ActiveGate, Tensor InactiveGate) : MixedLayerGates;
}
