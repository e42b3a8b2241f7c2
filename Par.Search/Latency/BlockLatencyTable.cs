using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json.Serialization;
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
/// <param name="Vocab">The vocabulary the output head was timed at; part of the cache key (the head's cost grows with it).</param>
/// <param name="Attention">The attention kind timed, as the <c>.par</c> language spells it (<c>xl</c>, <c>causal</c>); part of the cache key.</param>
/// <param name="Threads">CPU intra-op threads of the measuring process.</param>
/// <param name="DType">The type the blocks computed in: <c>float32</c>, or <c>bfloat16</c> for a CUDA table timed under bf16 autocast.</param>
/// <param name="Libraries">The libraries that ran the blocks and their versions, e.g. <c>torch 2.6.0, CUDA 12.4</c>.</param>
/// <param name="MeasuredOn">The UTC date of the measurement, <c>yyyy-MM-dd</c>.</param>
/// <param name="MeasuredBy">What measured it: <see cref="SearchMeasurer"/> for the search's own cache, else a bench
/// (<c>par bench</c>, <c>bench.py</c>) measuring the device a model will run on, whose table a search reads as it is
/// (<see cref="IsDeviceTable"/>).</param>
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
    double EmbeddingAndHeadMs = 0,
    int Vocab = 0,
    string Attention = "xl",
    int Threads = 0,
    string DType = "float32",
    string? Libraries = null,
    string? MeasuredOn = null,
    string? MeasuredBy = null)
{
    /// <summary>What a search writes in <see cref="MeasuredBy"/> of the tables it measures into its cache.</summary>
    public const string SearchMeasurer = "par search";

    /// <summary>
    /// The cache key: a table is only valid for the device, shapes and attention path it was measured with. The
    /// libraries, date and measurer describe it but do not key it: <c>--remeasure-latency</c> replaces an entry.
    /// </summary>
    public string Key => Keyed(Device, DModel, DFeedForward, Heads, Context, Memory, Vocab, Attention, CachedAttention);

    internal static string Keyed(string device, int dModel, int dFeedForward, int heads, int context, int memory, int vocab, string attention, bool cachedAttention) =>
        FormattableString.Invariant($"{device}|d{dModel}|ff{dFeedForward}|h{heads}|ctx{context}|mem{memory}|v{vocab}|{attention}|{(cachedAttention ? "cached" : "recompute")}");

    /// <summary>The key of the table a search wants: measured on the inference path.</summary>
    internal static string KeyFor(string device, HyperParameters hp) =>
        Keyed(device, hp.DModel, hp.DFeedForward, hp.Heads, hp.Context, hp.Memory, hp.Vocab, AttentionKindNames.All.Of(hp.Attention), cachedAttention: true);

    /// <summary>
    /// A table a bench measured on the device a model will run on (<c>par bench --latency-table</c>, the exported
    /// <c>bench.py</c>), perhaps another machine than the one searching: a search reads it as it is and never measures
    /// into its file. A table without <see cref="MeasuredBy"/> predates the field and was a search's own.
    /// </summary>
    [JsonIgnore]
    public bool IsDeviceTable => MeasuredBy is { Length: > 0 } measurer && measurer != SearchMeasurer;

    /// <summary>
    /// The first field in which this table was measured at another shape than <paramref name="timed"/> (the shape a
    /// search times blocks at), as <c>field: the table has X, the search Y</c>; null when it fits. The attention path is
    /// not compared: a device's table times attention the way its runtime runs it, and <see cref="ToTableText"/> says which.
    /// Nor is the memory of causal attention, which reads none.
    /// </summary>
    public string? MismatchWith(HyperParameters timed)
    {
        ArgumentNullException.ThrowIfNull(timed);
        var attention = AttentionKindNames.All.Of(timed.Attention);
        (string Field, string Table, string Search)[] fields =
        [
            ("d_model", Text(DModel), Text(timed.DModel)),
            ("d_ff", Text(DFeedForward), Text(timed.DFeedForward)),
            ("heads", Text(Heads), Text(timed.Heads)),
            ("vocab", Text(Vocab), Text(timed.Vocab)),
            ("attention", Attention, attention),
            ("context", Text(Context), Text(timed.Context)),
            ("memory", Text(Memory), timed.Attention == AttentionKind.Causal ? Text(Memory) : Text(timed.Memory)),
        ];
        return fields.FirstOrDefault(field => field.Table != field.Search) is { Field: not null } mismatch
            ? $"{mismatch.Field}: the table has {mismatch.Table}, the search {mismatch.Search}"
            : null;

        static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Which device the latencies are of, for every report: the device with its threads, type, libraries, date and
    /// measurer, as far as the table records them.
    /// </summary>
    public string DescribeDevice()
    {
        var parts = new List<string> { Device };
        if (Threads > 0)
        {
            parts.Add(Threads == 1 ? "1 thread" : string.Create(CultureInfo.InvariantCulture, $"{Threads} threads"));
        }

        parts.Add(DType);
        if (Libraries is { Length: > 0 } libraries)
        {
            parts.Add(libraries);
        }

        if (MeasuredOn is { Length: > 0 } date)
        {
            parts.Add($"measured {date}");
        }

        parts.Add($"by {(MeasuredBy is { Length: > 0 } measurer ? measurer : SearchMeasurer)}");
        return string.Join(", ", parts);
    }

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
        text.AppendLine(CultureInfo.InvariantCulture, $"block latency of {DescribeDevice()}: d_model {DModel}, d_ff {DFeedForward}, heads {Heads}, vocab {Vocab}, context {Context}, memory {Memory}, batch 1, {Attention}, {(CachedAttention ? "cached" : "recomputed")} attention");
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
