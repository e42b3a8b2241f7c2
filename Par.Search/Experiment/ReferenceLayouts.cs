using System;
using System.Collections.Generic;
using System.Linq;
using Par.Dsl.Model;
using Par.Dsl.Validation;

namespace Par.Search.Experiment;

/// <summary>
/// The hand-made layouts a search is compared with, for any even layer count: Transformer-XL's
/// interleaving, the Sandwich Transformer and the rule PAR drew from its searches.
/// </summary>
public static class ReferenceLayouts
{
    /// <summary><c>(sf)xN</c>: Transformer-XL's layout, <paramref name="pairs"/> attention/feed-forward pairs.</summary>
    public static EquatableArray<Layer> Interleaved(int pairs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pairs, 1);
        return Repeat([BlockKind.SelfAttention, BlockKind.FeedForward], pairs).ToEquatableArray();
    }

    /// <summary>
    /// <c>s^k (sf)^(n-k) f^k</c> (Press et al.); without <paramref name="k"/>, the paper's best share, k = 6 of
    /// n = 16, scaled to <paramref name="pairs"/> and rounded.
    /// </summary>
    public static EquatableArray<Layer> Sandwich(int pairs, int? k = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pairs, 1);
        var coefficient = k ?? (int)Math.Round(pairs * 6.0 / 16, MidpointRounding.AwayFromZero);
        ArgumentOutOfRangeException.ThrowIfNegative(coefficient, nameof(k));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(coefficient, pairs, nameof(k));
        return Repeat([BlockKind.SelfAttention], coefficient)
            .Concat(Repeat([BlockKind.SelfAttention, BlockKind.FeedForward], pairs - coefficient))
            .Concat(Repeat([BlockKind.FeedForward], coefficient))
            .ToEquatableArray();
    }

    /// <summary>
    /// PAR's rule for <paramref name="layers"/> layers: round(layers / ratio) attention blocks (at least one), each
    /// followed by feed-forward blocks at the widest period below <paramref name="ratio"/> that keeps every attention
    /// block inside the first two thirds, then feed-forward to the end. It gives PAR Base <c>(sfff)x6 (f)x8</c> for
    /// 32 layers and PAR's enwik8 model <c>(sff)x5 (f)x9</c> for 24.
    /// </summary>
    public static EquatableArray<Layer> ParRule(int layers, int ratio = AttentionPlacement.LayersPerAttentionBlock)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(layers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(ratio, 2);
        var attention = Math.Max(1, (int)Math.Round((double)layers / ratio, MidpointRounding.AwayFromZero));
        var lastThirdStart = AttentionPlacement.FirstLayerOfLastThird(layers);
        var period = ratio - 1;
        while (period > 1 && (attention - 1) * period >= lastThirdStart)
        {
            period--;
        }

        var pattern = new[] { BlockKind.SelfAttention }.Concat(Enumerable.Repeat(BlockKind.FeedForward, period - 1)).ToArray();
        // The last attention block sits before the last third, so cutting to length only ever drops feed-forward blocks.
        var head = Repeat(pattern, attention).Take(layers).ToList();
        return head.Concat(Repeat([BlockKind.FeedForward], layers - head.Count)).ToEquatableArray();
    }

    /// <summary>
    /// One reading of PAR BERT's layout, <c>(sff)x5 (f)x9</c> for BERT Base's 24 layers (the paper does not print it),
    /// at <paramref name="layers"/> layers in the same proportions: <c>sff</c> repeated over the first five eighths of
    /// the layers (rounded), feed-forward after. 12 layers give <c>(sff)x3 fff</c>.
    /// </summary>
    public static EquatableArray<Layer> ParBertReading(int layers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(layers, 1);
        var attended = (int)Math.Round(layers * 5.0 / 8, MidpointRounding.AwayFromZero);
        var head = Repeat([BlockKind.SelfAttention, BlockKind.FeedForward, BlockKind.FeedForward], (attended + 2) / 3).Take(attended).ToList();
        return head.Concat(Repeat([BlockKind.FeedForward], layers - head.Count)).ToEquatableArray();
    }

    private static IEnumerable<Layer> Repeat(BlockKind[] pattern, int times) =>
        Enumerable.Range(0, times).SelectMany(_ => pattern).Select(Layer.Fixed);
}
