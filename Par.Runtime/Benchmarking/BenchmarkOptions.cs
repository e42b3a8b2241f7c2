namespace Par.Runtime.Benchmarking;

/// <summary>
/// How a model is timed. The protocol scales the paper's (batch 1, a segment of <c>context</c> tokens
/// attending over a full memory of <c>memory</c> cached states): warm-up runs first, then repeated timed runs.
/// </summary>
/// <param name="WarmupRuns">Untimed runs that let allocators and kernels settle.</param>
/// <param name="Runs">Timed runs; the median is the headline number.</param>
/// <param name="Batch">Rows per forward (the paper's latency uses 1).</param>
/// <param name="Threads">Intra-op threads for libtorch; null keeps libtorch's default.</param>
/// <param name="TrainingBatch">Rows per step when measuring training throughput.</param>
/// <param name="TrainingSteps">Timed optimizer steps when measuring training throughput.</param>
/// <param name="CacheAttention">Whether inference reads the memory's cached keys and values (the inference path);
/// false times the recomputing path that training uses.</param>
/// <param name="Memory">Memory positions the timed forward attends over; null for the model's own <c>memory</c>. Relative
/// positions are sinusoids, so a model trained over one memory length runs over any other.</param>
public sealed record BenchmarkOptions(
    int WarmupRuns = 3,
    int Runs = 20,
    int Batch = 1,
    int? Threads = null,
    int TrainingBatch = 8,
    int TrainingSteps = 5,
    bool CacheAttention = true,
    int? Memory = null)
{
    /// <summary>The attention path the latency measures, as reports name it: <c>cached</c> or <c>recompute</c>.</summary>
    public string AttentionPath => CacheAttention ? "cached" : "recompute";
}
