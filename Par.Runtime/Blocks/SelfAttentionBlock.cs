using System;
using Par.Dsl.Model;
using Par.Runtime.Memory;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Par.Runtime.Blocks;

/// <summary>
/// The <c>s</c> block, pre-LN residual: <c>x + Dropout(Attn(LN(x)))</c>, multi-head.
/// <list type="bullet">
/// <item><see cref="AttentionKind.Causal"/>: scaled dot-product attention inside the segment; positions come
/// from <see cref="TokenEmbedding"/>. It has no memory: a <see cref="SegmentMemory"/> passed in is ignored
/// and left untouched.</item>
/// <item><see cref="AttentionKind.Xl"/>: Transformer-XL relative positional attention (Dai et al. 2019) over
/// the remembered states of earlier segments followed by the current segment.</item>
/// <item><see cref="AttentionKind.Bidirectional"/>: scaled dot-product attention over the whole sequence, no causal
/// mask (BERT); positions come from <see cref="TokenEmbedding"/>, and a padding mask keeps every query off padded
/// keys. Like causal attention it has no memory.</item>
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

    // Raised whenever the block enters training mode: from then on its weights may change, so the keys an inference
    // cache holds from before are stale (the cache compares this count with the one it was filled at).
    private long weightsVersion;

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
    /// <paramref name="x"/> to <c>memory[slot]</c>. Causal and bidirectional attention ignore the memory. In eval mode
    /// without gradient, a memory that caches attention also supplies and keeps the projected keys (see <see cref="SegmentMemory"/>).
    /// </summary>
    public Tensor forward(Tensor x, SegmentMemory? memory, int slot) => forward(x, memory, slot, null);

    /// <summary>
    /// As <see cref="forward(Tensor, SegmentMemory?, int)"/>; for bidirectional attention <paramref name="isToken"/>
    /// (<c>[B, T]</c> bool, false at padding, null when nothing is padded) keeps every query off the padded keys, so
    /// nothing flows out of padding. Every row needs at least one token. Other kinds refuse a padding mask.
    /// </summary>
    public Tensor forward(Tensor x, SegmentMemory? memory, int slot, Tensor? isToken)
    {
        if (isToken is not null && kind != AttentionKind.Bidirectional)
        {
            throw new ArgumentException($"A padding mask is for bidirectional attention; {kind.Name()} attention takes none.", nameof(isToken));
        }

        using var scope = NewDisposeScope();
        var attended = kind switch
        {
            AttentionKind.Xl => RelativeAttention(x, memory, slot),
            AttentionKind.Bidirectional => BidirectionalAttention(x, isToken),
            _ => CausalAttention(x),
        };
        var result = x.Plus(nn.functional.dropout(output.forward(attended), dropout, training));
        return result.MoveToOuterDisposeScope();
    }

    public override void train(bool on = true)
    {
        if (on)
        {
            weightsVersion++;
        }

        base.train(on);
    }

    /// <summary>
    /// Records the segment's input in the memory without attending, so a supernet layer that skipped
    /// this block still leaves the next segment the states it expects. A no-op for causal and bidirectional attention.
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

    private Tensor BidirectionalAttention(Tensor x, Tensor? isToken)
    {
        var (query, key, value) = SplitHeads(qkv.forward(norm.forward(x)));

        // [B, 1, 1, T]: the same keys are open to every head and every query of a row.
        var keysOpen = isToken?.to(x.device).view(isToken.shape[0], 1, 1, isToken.shape[1]);
        var attended = nn.functional.scaled_dot_product_attention(query, key, value, keysOpen, training ? dropout : 0.0, false);
        return MergeHeads(attended);
    }

    // Cached keys are only as fresh as the weights that projected them: training and gradient passes recompute.
    private Tensor RelativeAttention(Tensor x, SegmentMemory? memory, int slot) =>
        !training && !is_grad_enabled() && memory?.CacheOf(slot) is { } cache
            ? CachedRelativeAttention(x, memory, slot, cache.ClaimFor(this, weightsVersion))
            : RecomputedRelativeAttention(x, memory, slot);

    /// <summary>Transformer-XL as trained: the memory's keys and values are projected again with the current weights.</summary>
    private Tensor RecomputedRelativeAttention(Tensor x, SegmentMemory? memory, int slot)
    {
        var remembered = memory?[slot];
        var memoryLength = remembered?.shape[1] ?? 0;
        var all = remembered is null ? x : cat(new[] { remembered, x }, 1);

        var (query, key, value) = SplitHeads(qkv.forward(norm.forward(all)));
        var attended = Attend(query.narrow(2, memoryLength, x.shape[1]), key, value, ProjectPositionKeys(all.shape[1]), memoryLength);
        memory?.Update(slot, x);
        return attended;
    }

    /// <summary>
    /// Inference: only the segment is projected; the remembered positions' keys and values come from the cache (or,
    /// the first time, from projecting the remembered states once), and so do the position keys for this key length.
    /// </summary>
    private Tensor CachedRelativeAttention(Tensor x, SegmentMemory memory, int slot, AttentionCache cache)
    {
        var (query, key, value) = SplitHeads(qkv.forward(norm.forward(x)));
        var (rememberedKeys, rememberedValues) = cache.Keys is not null
            ? (cache.Keys, cache.Values!)
            : memory[slot] is { } remembered ? ProjectKeysAndValues(remembered) : (null, null);
        var keys = rememberedKeys is null ? key : cat(new[] { rememberedKeys, key }, 2);
        var values = rememberedValues is null ? value : cat(new[] { rememberedValues, value }, 2);
        var memoryLength = rememberedKeys?.shape[2] ?? 0;

        var attended = Attend(query, keys, values, cache.PositionKeys(keys.shape[2], ProjectPositionKeys), memoryLength);
        memory.Update(slot, x, keys, values);
        return attended;
    }

    private (Tensor Keys, Tensor Values) ProjectKeysAndValues(Tensor hidden)
    {
        var (_, key, value) = SplitHeads(qkv.forward(norm.forward(hidden)));
        return (key, value);
    }

    /// <summary><c>[H, d/H, K]</c>: the relative position encodings of <paramref name="keyLength"/> keys, projected.</summary>
    private Tensor ProjectPositionKeys(long keyLength)
    {
        var encodings = RelativePositionEncoding.Sinusoids(keyLength, heads * headWidth, relative_position!.weight!.device, relative_position.weight!.dtype);
        return relative_position.forward(encodings).view(keyLength, heads, headWidth).permute(1, 2, 0);
    }

    /// <summary>
    /// Relative attention of the segment's queries (<c>[B, H, T, d/H]</c>) over <paramref name="keys"/> and
    /// <paramref name="values"/> (<c>[B, H, K, d/H]</c>, the first <paramref name="memoryLength"/> of them remembered).
    /// </summary>
    private Tensor Attend(Tensor query, Tensor keys, Tensor values, Tensor positionKeys, long memoryLength)
    {
        var (segmentLength, keyLength) = (query.shape[2], keys.shape[2]);
        var contentScores = query.Plus(content_bias!.view(1, heads, 1, headWidth)).matmul(keys.transpose(-2, -1));
        var positionScores = query.Plus(position_bias!.view(1, heads, 1, headWidth)).matmul(positionKeys);
        var scale = 1.0 / Math.Sqrt(headWidth);

        // Query i sits at absolute position memoryLength + i: it sees all memory and the segment up to itself.
        var future = ones(new[] { segmentLength, keyLength }, ScalarType.Bool, query.device).triu(memoryLength + 1);

        // Scalars held until the calls return (HeldScalars says why).
        using var negativeInfinity = double.NegativeInfinity.ToScalar();
        using var scaleScalar = scale.ToScalar();
        var masked = is_grad_enabled()
            ? contentScores.Plus(RelativePositionEncoding.Shift(positionScores)).mul(scaleScalar).masked_fill(future, negativeInfinity)
            : MaskedScoresInPlace(contentScores, positionScores, scaleScalar, future, negativeInfinity);
        var weights = nn.functional.dropout(masked.softmax(-1), dropout, training);
        return MergeHeads(weights.matmul(values));
    }

    /// <summary>
    /// The same scores as with gradients, made in <paramref name="contentScores"/>' own buffer with the position scores
    /// read through a view: score-sized tensors are [B, H, T, K], and each fresh one costs page faults that, at batch 8
    /// and context 256, take longer than the arithmetic (docs/inference.md, "where the time goes").
    /// </summary>
    private static Tensor MaskedScoresInPlace(Tensor contentScores, Tensor positionScores, Scalar scale, Tensor future, Scalar negativeInfinity)
    {
        using (var shifted = RelativePositionEncoding.ShiftedView(positionScores))
        {
            contentScores.add_(shifted, HeldScalars.One);
        }

        positionScores.Dispose();
        return contentScores.mul_(scale).masked_fill_(future, negativeInfinity);
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
