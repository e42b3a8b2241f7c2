using System.Collections.Generic;
using System.Linq;
using Par.Runtime.Benchmarking;
using Par.Runtime.Memory;
using Par.Runtime.Models;
using static TorchSharp.torch;

namespace Par.Bench;

/// <summary>One model timed on both attention paths in the same interleaved rounds, and the logits the two give.</summary>
internal static class AttentionPaths
{
    private const int CheckedSegments = 12;

    /// <summary>Per model, its recomputing and its cached latency, all in one set of alternating rounds.</summary>
    public static IReadOnlyList<(TimingStatistics Recompute, TimingStatistics Cached)> Measure(IReadOnlyList<IParLanguageModel> models, BenchmarkOptions options, int rounds)
    {
        var timed = models.SelectMany(model => new[] { (model, options with { CacheAttention = false }), (model, options with { CacheAttention = true }) }).ToList();
        var timings = LatencyComparison.Measure(timed, rounds);
        return Enumerable.Range(0, models.Count).Select(index => (timings[2 * index], timings[(2 * index) + 1])).ToList();
    }

    /// <summary>The largest logit difference between the two paths over a stream of segments long enough to fill the memory twice.</summary>
    public static double MaxLogitDifference(IParLanguageModel model)
    {
        model.AsModule().eval();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var hp = model.HyperParameters;
        var segments = System.Math.Max(CheckedSegments, 2 * ((hp.Memory / hp.Context) + 1));
        using var cached = new SegmentMemory(model.AttentionSlotCount, hp.Memory, cacheAttention: true);
        using var recomputed = new SegmentMemory(model.AttentionSlotCount, hp.Memory, cacheAttention: false);
        var stream = randint(0, hp.Vocab, [1, segments * hp.Context], dtype: int64, generator: new Generator(11));
        var largest = 0.0;
        for (var segment = 0; segment < segments; segment++)
        {
            using var step = NewDisposeScope();
            var tokens = stream.narrow(1, segment * hp.Context, hp.Context);
            largest = System.Math.Max(largest, (model.forward(tokens, cached) - model.forward(tokens, recomputed)).abs().max().item<float>());
        }

        return largest;
    }
}
