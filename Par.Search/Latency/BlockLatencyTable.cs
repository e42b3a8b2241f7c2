using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Par.Dsl.Model;
using Par.Search.Progress;

namespace Par.Search.Latency;

/// <summary>
/// FBNet's lookup table: the measured forward latency of each block kind on one device at one width and
/// context (batch 1, a segment of <c>context</c> tokens over a full memory), on the path inference takes (attention
/// reading the memory's cached keys and values). Identity costs nothing.
/// </summary>
/// <param name="Device">Where it was measured, e.g. <c>cpu/2 threads</c>; part of the cache key.</param>
/// <param name="DModel">Model width.</param>
/// <param name="DFeedForward">Feed-forward inner width.</param>
/// <param name="Heads">Attention heads.</param>
/// <param name="Context">Tokens per segment.</param>
/// <param name="Memory">Cached positions attention reads besides the segment.</param>
/// <param name="AttentionMs">Median latency of one self-attention block.</param>
/// <param name="FeedForwardMs">Median latency of one feed-forward block.</param>
/// <param name="CachedAttention">Whether attention read cached keys and values; part of the cache key, so a table
/// stored before the inference cache existed (without this field: false) is measured again.</param>
/// <param name="EmbeddingAndHeadMs">Median latency of the token embedding and the output head: what every layout pays
/// besides its blocks, so that a latency budget can be a fraction of a whole model's latency, as a measured model's is.
/// 0 in a table stored before it was measured (a budget then covers the blocks alone, as it did).</param>
public sealed record BlockLatencyTable(
    string Device,
    int DModel,
    int DFeedForward,
    int Heads,
    int Context,
    int Memory,
    double AttentionMs,
    double FeedForwardMs,
    bool CachedAttention,
    double EmbeddingAndHeadMs = 0)
{
    /// <summary>The cache key: a table is only valid for the device, shapes and attention path it was measured with.</summary>
    public string Key => Keyed(Device, DModel, DFeedForward, Heads, Context, Memory, CachedAttention);

    internal static string Keyed(string device, int dModel, int dFeedForward, int heads, int context, int memory, bool cachedAttention) =>
        FormattableString.Invariant($"{device}|d{dModel}|ff{dFeedForward}|h{heads}|ctx{context}|mem{memory}|{(cachedAttention ? "cached" : "recompute")}");

    /// <summary>The key of the table a search wants: measured on the inference path.</summary>
    internal static string KeyFor(string device, HyperParameters hp) =>
        Keyed(device, hp.DModel, hp.DFeedForward, hp.Heads, hp.Context, hp.Memory, cachedAttention: true);

    public double LatencyOf(BlockKind kind) => kind switch
    {
        BlockKind.SelfAttention => AttentionMs,
        BlockKind.FeedForward => FeedForwardMs,
        _ => 0,
    };

    /// <summary>Σ over layers and candidates of p · latency: FBNet's LAT(a) for the current probabilities.</summary>
    public double ExpectedLatencyMs(IEnumerable<LayerProbabilities> layers) =>
        layers.Sum(layer => layer.Candidates.Select((kind, index) => layer.Probabilities[index] * LatencyOf(kind)).Sum());

    /// <summary>The latency of a fixed layout: the sum of its blocks.</summary>
    public double LayoutLatencyMs(ParModel model) =>
        model.Layout.Where(layer => !layer.IsChoice).Sum(layer => LatencyOf(layer.Block));

    /// <summary>
    /// The latency of Transformer-XL's interleaving at <paramref name="layers"/> layers, <c>sfsf…</c> (an odd count ends
    /// on attention): the baseline a latency budget is a fraction of.
    /// </summary>
    public double InterleavedLatencyMs(int layers) => ((layers + 1) / 2 * AttentionMs) + (layers / 2 * FeedForwardMs);

    /// <summary>A whole model's latency by the table: its blocks' <paramref name="blocksMs"/> plus the embedding and head.</summary>
    public double WholeModelMs(double blocksMs) => blocksMs + EmbeddingAndHeadMs;

    /// <summary>
    /// The blocks' share of a budget of <paramref name="fraction"/> of the interleaved baseline's whole-model latency at
    /// <paramref name="layers"/> layers: what the blocks may cost once the embedding and head, which every layout pays, are
    /// paid. Below <see cref="EmbeddingAndHeadMs"/>'s share the budget leaves the blocks nothing (0).
    /// </summary>
    public double BlockBudgetMs(double fraction, int layers) => Math.Max(0, (fraction * WholeModelMs(InterleavedLatencyMs(layers))) - EmbeddingAndHeadMs);

    /// <summary>A layout's whole-model latency by the table as a fraction of the interleaved baseline's, from its blocks' <paramref name="blocksMs"/>.</summary>
    public double WholeModelRatio(double blocksMs, int layers) => WholeModelMs(blocksMs) / WholeModelMs(InterleavedLatencyMs(layers));

    /// <summary>A plain-text table for terminals and reports.</summary>
    public string ToTableText()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"block latency on {Device}, d_model {DModel}, d_ff {DFeedForward}, heads {Heads}, context {Context}, memory {Memory}, batch 1, {(CachedAttention ? "cached" : "recomputed")} attention");
        text.AppendLine("| block | latency ms |");
        text.AppendLine("|---|---:|");
        text.AppendLine(CultureInfo.InvariantCulture, $"| s (self-attention) | {AttentionMs:0.000} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| f (feed-forward) | {FeedForwardMs:0.000} |");
        text.AppendLine("| - (identity) | 0.000 |");
        if (EmbeddingAndHeadMs > 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| embedding and head (every layout) | {EmbeddingAndHeadMs:0.000} |");
        }

        return text.ToString();
    }
}
