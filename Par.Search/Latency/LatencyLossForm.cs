namespace Par.Search.Latency;

/// <summary>How the architecture loss weighs latency (<see cref="LatencyObjective.Form"/>).</summary>
public enum LatencyLossForm
{
    /// <summary>
    /// FBNet's price <c>CE · α · log(LAT)^β</c>: every microsecond costs, from the first architecture step. Identity
    /// costs nothing, so layers whose worth the weight-shared supernet has not yet learned drift to it.
    /// </summary>
    Fbnet,

    /// <summary>
    /// A budget: <c>CE + λ · max(0, LAT / target − 1)</c> with LAT the expected latency under softmax(θ). Within the
    /// budget the loss alone decides; above it every block is pushed down in proportion to its cost (as the
    /// sparsely-activated Transformer-XL search of arXiv 2208.14580 penalises latency only above a target).
    /// </summary>
    Budget,
}
