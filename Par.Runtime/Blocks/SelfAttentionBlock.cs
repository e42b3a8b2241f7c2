using System;
using Par.Dsl.Model;
using Par.Runtime.Memory;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Par.Runtime.Blocks;

/// <summary>
/// The <c>s</c> block, pre-LN residual: <c>x + Dropout(Attn(LN(x)))</c>, multi-head and causal.
/// <list type="bullet">
/// <item><see cref="AttentionKind.Causal"/>: scaled dot-product attention inside the segment; positions come
/// from <see cref="TokenEmbedding"/>. It has no memory: a <see cref="SegmentMemory"/> passed in is ignored
/// and left untouched.</item>
/// <item><see cref="AttentionKind.Xl"/>: Transformer-XL relative positional attention (Dai et al. 2019) over
/// the remembered states of earlier segments followed by the current segment.</item>
/// </list>
/// </summary>
public sealed class SelfAttentionBlock : Module<Tensor, Tensor>
{
    private readonly LayerNorm norm;
    private readonly Linear qkv;
    private readonly Linear output;
    private readonly Linear? relative_position;
    private readonly Parameter? content_bias;
    private readonly Parameter? position_bias;

    private readonly AttentionKind kind;
    private readonly int heads;
    private readonly int headWidth;
    private readonly double dropout;

    public SelfAttentionBlock(string name, HyperParameters hp)
        : base(name)
    {
        if (hp.Heads <= 0 || hp.DModel % hp.Heads != 0)
        {
            throw new ArgumentException($"d_model {hp.DModel} must be a positive multiple of heads {hp.Heads}.", nameof(hp));
        }

        if (hp.Attention == AttentionKind.Xl && hp.DModel % 2 != 0)
        {
            throw new ArgumentException($"Transformer-XL's sinusoidal positions need an even d_model, got {hp.DModel}.", nameof(hp));
        }

        kind = hp.Attention;
        heads = hp.Heads;
        headWidth = hp.HeadWidth;
        dropout = hp.Dropout;

        norm = LayerNorm(hp.DModel);
        qkv = Linear(hp.DModel, 3 * hp.DModel);
        output = Linear(hp.DModel, hp.DModel);
        Initialization.Apply(qkv);
        Initialization.Apply(output);
        if (kind == AttentionKind.Xl)
        {
            relative_position = Linear(hp.DModel, hp.DModel, hasBias: false);
            Initialization.Apply(relative_position);
            content_bias = Initialization.ZeroParameter(heads, headWidth);
            position_bias = Initialization.ZeroParameter(heads, headWidth);
        }

        RegisterComponents();
    }

    /// <summary>Attention within the segment only (no memory).</summary>
    public override Tensor forward(Tensor x) => forward(x, null, 0);

    /// <summary>
    /// Attends over <c>memory[slot]</c> and <paramref name="x"/> (<c>[B, T, d]</c>), then appends
    /// <paramref name="x"/> to <c>memory[slot]</c>. Causal attention ignores the memory.
    /// </summary>
    public Tensor forward(Tensor x, SegmentMemory? memory, int slot)
    {
        using var scope = NewDisposeScope();
        var attended = kind == AttentionKind.Xl
            ? RelativeAttention(x, memory?[slot])
            : CausalAttention(x);
        var result = x + nn.functional.dropout(output.forward(attended), dropout, training);
        Remember(x, memory, slot);
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Records the segment's input in the memory without attending, so a supernet layer that skipped
    /// this block still leaves the next segment the states it expects. A no-op for causal attention.
    /// </summary>
    internal void Remember(Tensor x, SegmentMemory? memory, int slot)
    {
        if (kind == AttentionKind.Xl)
        {
            memory?.Update(slot, x);
        }
    }

    private Tensor CausalAttention(Tensor x)
    {
        var (query, key, value) = SplitHeads(qkv.forward(norm.forward(x)));
        var attended = nn.functional.scaled_dot_product_attention(query, key, value, null, training ? dropout : 0.0, true);
        return MergeHeads(attended);
    }

    private Tensor RelativeAttention(Tensor x, Tensor? remembered)
    {
        var memoryLength = remembered?.shape[1] ?? 0;
        var segmentLength = x.shape[1];
        var all = remembered is null ? x : cat(new[] { remembered, x }, 1);
        var keyLength = all.shape[1];

        var (query, key, value) = SplitHeads(qkv.forward(norm.forward(all)));
        query = query.narrow(2, memoryLength, segmentLength);

        var encodings = RelativePositionEncoding.Sinusoids(keyLength, heads * headWidth, x.device, x.dtype);
        var positionKeys = relative_position!.forward(encodings).view(keyLength, heads, headWidth).permute(1, 2, 0);

        var contentScores = (query + content_bias!.view(1, heads, 1, headWidth)).matmul(key.transpose(-2, -1));
        var positionScores = RelativePositionEncoding.Shift((query + position_bias!.view(1, heads, 1, headWidth)).matmul(positionKeys));
        var scores = (contentScores + positionScores) * (1.0 / Math.Sqrt(headWidth));

        // Query i sits at absolute position memoryLength + i: it sees all memory and the segment up to itself.
        var future = ones(new[] { segmentLength, keyLength }, ScalarType.Bool, x.device).triu(memoryLength + 1);
        var weights = nn.functional.dropout(scores.masked_fill(future, double.NegativeInfinity).softmax(-1), dropout, training);
        return MergeHeads(weights.matmul(value));
    }

    /// <summary><c>[B, L, 3d]</c> to query, key and value, each <c>[B, H, L, d/H]</c>.</summary>
    private (Tensor Query, Tensor Key, Tensor Value) SplitHeads(Tensor projected)
    {
        var (batch, length) = (projected.shape[0], projected.shape[1]);
        var parts = projected.view(batch, length, 3, heads, headWidth).permute(2, 0, 3, 1, 4);
        return (parts[0], parts[1], parts[2]);
    }

    /// <summary><c>[B, H, T, d/H]</c> back to <c>[B, T, d]</c>.</summary>
    private Tensor MergeHeads(Tensor perHead)
    {
        var (batch, length) = (perHead.shape[0], perHead.shape[2]);
        return perHead.transpose(1, 2).reshape(batch, length, heads * headWidth);
    }
}
