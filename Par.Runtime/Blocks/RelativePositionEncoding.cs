using TorchSharp;
using static TorchSharp.torch;

namespace Par.Runtime.Blocks;

/// <summary>Transformer-XL's sinusoidal encodings of relative distances and the shift that aligns them.</summary>
internal static class RelativePositionEncoding
{
    /// <summary>
    /// <c>[K, d]</c> encodings of the distances <c>K-1, K-2, …, 0</c> (row j encodes distance K-1-j):
    /// sines then cosines of the distance times 1 / 10000^(2i/d).
    /// </summary>
    public static Tensor Sinusoids(long keyLength, long dModel, Device device, ScalarType dtype)
    {
        var distances = HeldScalars.Range(keyLength - 1, -1, -1, dtype, device);
        var frequencies = pow(10000.0, -HeldScalars.Range(0, dModel, 2, dtype, device).DividedBy(dModel));
        var angles = outer(distances, frequencies);
        return cat(new[] { angles.sin(), angles.cos() }, -1);
    }

    /// <summary>
    /// Turns position scores indexed by row of <see cref="Sinusoids"/> (<c>[B, H, T, K]</c>) into scores
    /// indexed by key: afterwards query i, key j holds the score of distance <c>M + i - j</c> (M = K - T).
    /// Entries for keys after the query are meaningless and must be masked.
    /// </summary>
    public static Tensor Shift(Tensor scores)
    {
        var (batch, heads, queries, keys) = (scores.shape[0], scores.shape[1], scores.shape[2], scores.shape[3]);
        var padded = cat(new[] { zeros(new[] { batch, heads, queries, 1L }, scores.dtype, scores.device), scores }, -1);
        return padded
            .view(batch, heads, keys + 1, queries)
            .narrow(2, 1, keys)
            .reshape(batch, heads, queries, keys);
    }

    /// <summary>
    /// <see cref="Shift"/> without a copy, for scores (contiguous <c>[B, H, T, K]</c>) that nothing differentiates: a
    /// strided view whose entries for keys up to the query (<c>j ≤ M + i</c>) are exactly <see cref="Shift"/>'s, read
    /// from row i, column <c>T - 1 - i + j</c>. The entries after the query alias other scores and must be masked.
    /// </summary>
    public static Tensor ShiftedView(Tensor scores)
    {
        var (batch, heads, queries, keys) = (scores.shape[0], scores.shape[1], scores.shape[2], scores.shape[3]);
        return scores.as_strided([batch, heads, queries, keys], [heads * queries * keys, queries * keys, keys - 1, 1], queries - 1);
    }
}
