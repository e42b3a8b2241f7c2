using System.Linq;
using Par.Dsl.Model;

namespace Par.Dsl.Counting;

/// <summary>
/// The exact number of trainable parameters of the runtime model for a <see cref="ParModel"/>
/// (formulas in docs/architecture.md). Checked 64-bit arithmetic: an overflow is a bug, not a wrong number.
/// </summary>
public static class ParameterCounter
{
    public static long Count(ParModel model)
    {
        var hyperParameters = model.HyperParameters;
        return checked(TokenEmbedding(hyperParameters) + model.Layout.Sum(layer => Layer(layer, hyperParameters)) + OutputHead(hyperParameters));
    }

    /// <summary><c>V·d</c>, plus <c>C·d</c> learned positions for causal and bidirectional attention.</summary>
    public static long TokenEmbedding(HyperParameters hyperParameters)
    {
        long d = hyperParameters.DModel;
        return checked((hyperParameters.Vocab * d) + (hyperParameters.Attention.HasSegmentMemory() ? 0 : hyperParameters.Context * d));
    }

    /// <summary>Causal and bidirectional <c>4d²+6d</c>; Transformer-XL adds the relative-position projection and two biases: <c>5d²+8d</c>.</summary>
    public static long SelfAttentionBlock(HyperParameters hyperParameters)
    {
        long d = hyperParameters.DModel;
        return checked(hyperParameters.Attention.HasSegmentMemory() ? (5 * d * d) + (8 * d) : (4 * d * d) + (6 * d));
    }

    /// <summary><c>2·d·dff + dff + 3d</c>: two linear layers with biases and a LayerNorm.</summary>
    public static long FeedForwardBlock(HyperParameters hyperParameters)
    {
        long d = hyperParameters.DModel;
        long dff = hyperParameters.DFeedForward;
        return checked((2 * d * dff) + dff + (3 * d));
    }

    /// <summary>LayerNorm plus a bias (tied) or a full projection (untied): <c>2d + V</c> or <c>2d + V·d + V</c>.</summary>
    public static long OutputHead(HyperParameters hyperParameters)
    {
        long d = hyperParameters.DModel;
        long vocab = hyperParameters.Vocab;
        return checked(hyperParameters.TieEmbeddings ? (2 * d) + vocab : (2 * d) + (vocab * d) + vocab);
    }

    /// <summary>A fixed block's parameters; a choice holds every non-identity candidate plus one logit per candidate.</summary>
    public static long Layer(Layer layer, HyperParameters hyperParameters)
    {
        var blocks = layer.Candidates.Sum(candidate => Block(candidate, hyperParameters));
        return layer.IsChoice ? checked(blocks + layer.Candidates.Count) : blocks;
    }

    private static long Block(BlockKind kind, HyperParameters hyperParameters) => kind switch
    {
        BlockKind.SelfAttention => SelfAttentionBlock(hyperParameters),
        BlockKind.FeedForward => FeedForwardBlock(hyperParameters),
        _ => 0,
    };
}
