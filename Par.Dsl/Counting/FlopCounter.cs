using System.Linq;
using Par.Dsl.Model;

namespace Par.Dsl.Counting;

/// <summary>
/// Floating-point operations of one forward of the runtime model for a <see cref="ParModel"/> under the benchmark's
/// protocol: <c>batch</c> rows of a <c>context</c>-token segment, <c>xl</c> attention reading a full memory of
/// <c>memory</c> states. Only matrix products are counted (2 per multiply-add): norms, softmax, biases and residual
/// sums are linear in the activations and a few percent of the total at these widths. <c>B</c> = batch, <c>T</c> =
/// context, <c>M</c> = memory, <c>K = T + M</c> keys, <c>d</c> = d_model.
/// </summary>
public static class FlopCounter
{
    public static long Forward(ParModel model, int batch, bool cachedAttention)
    {
        var hyperParameters = model.HyperParameters;
        return checked(model.Layout.Sum(layer => Layer(layer, hyperParameters, batch, cachedAttention)) + OutputHead(hyperParameters, batch));
    }

    /// <summary>
    /// Projections <c>2·B·R·d·3d</c> over <c>R</c> rows, the output <c>2·B·T·d²</c>, and the scores and weighted values.
    /// <c>xl</c> recomputing: <c>R = K</c> and the position keys <c>2·K·d²</c>, scores <c>3 · 2·B·T·K·d</c> (content,
    /// position, values); <c>xl</c> cached: <c>R = T</c>, the position keys cached. Causal and bidirectional: <c>R = T</c>, <c>2 · 2·B·T²·d</c> (the causal mask skips no products).
    /// </summary>
    public static long SelfAttentionBlock(HyperParameters hyperParameters, int batch, bool cachedAttention)
    {
        long b = batch;
        long d = hyperParameters.DModel;
        long t = hyperParameters.Context;
        if (!hyperParameters.Attention.HasSegmentMemory())
        {
            return checked((2 * b * t * d * 3 * d) + (2 * 2 * b * t * t * d) + (2 * b * t * d * d));
        }

        var keys = t + hyperParameters.Memory;
        var projectedRows = cachedAttention ? t : keys;
        var positionKeys = cachedAttention ? 0 : 2 * keys * d * d;
        return checked((2 * b * projectedRows * d * 3 * d) + positionKeys + (3 * 2 * b * t * keys * d) + (2 * b * t * d * d));
    }

    /// <summary><c>2 · 2·B·T·d·dff</c>: the expansion and the contraction.</summary>
    public static long FeedForwardBlock(HyperParameters hyperParameters, int batch)
    {
        long rows = (long)batch * hyperParameters.Context;
        return checked(2 * 2 * rows * hyperParameters.DModel * hyperParameters.DFeedForward);
    }

    /// <summary><c>2·B·T·d·V</c>, tied or not.</summary>
    public static long OutputHead(HyperParameters hyperParameters, int batch)
    {
        long rows = (long)batch * hyperParameters.Context;
        return checked(2 * rows * hyperParameters.DModel * hyperParameters.Vocab);
    }

    /// <summary>A fixed block's operations; a choice runs every candidate (the supernet's softmax mixture).</summary>
    public static long Layer(Layer layer, HyperParameters hyperParameters, int batch, bool cachedAttention) =>
        checked(layer.Candidates.Sum(candidate => candidate switch
        {
            BlockKind.SelfAttention => SelfAttentionBlock(hyperParameters, batch, cachedAttention),
            BlockKind.FeedForward => FeedForwardBlock(hyperParameters, batch),
            _ => 0L,
        }));
}
