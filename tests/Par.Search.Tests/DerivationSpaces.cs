using Par.Dsl.Model;
using Par.Search.Latency;
using Par.Search.Space;

namespace Par.Search.Tests;

/// <summary>The spaces and block latency table the derivation's tests price hand-made layouts with.</summary>
internal static class DerivationSpaces
{
    /// <summary>Attention costs four feed-forward blocks: 1 ms against 0.25 ms.</summary>
    public static readonly BlockLatencyTable Table = new("cpu/1 threads", 32, 128, 2, 192, 192, AttentionMs: 1.0, FeedForwardMs: 0.25, CachedAttention: true);

    /// <summary><c>[sf-]xlayers</c> at width 32, the table's.</summary>
    public static SearchSpace Uniform(int layers) => SearchSpace.Uniform("Net", layers, HyperParameters.Default with { DModel = 32, Heads = 2 });
}
