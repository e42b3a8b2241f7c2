using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Globalization;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;
using Par.Dsl.Model;
using Par.Runtime.Benchmarking;
using Par.Runtime.Blocks;
using Par.Runtime.Memory;
using TorchSharp;
using static TorchSharp.torch;

namespace Par.Search.Latency;

/// <summary>
/// Times one self-attention and one feed-forward block forward at a model's shapes: batch 1, a segment
/// of <c>context</c> tokens, attention reading a full memory (the paper's inference protocol) through the
/// inference cache, as a found model will run, eval mode, no gradients, warm-up runs first and the median of the timed runs kept. The two blocks are timed in
/// alternating rounds and each keeps its fastest round: the search weighs attention against feed-forward by
/// their ratio, and a slow spell on a shared machine should not fall on one of them only. A slow spell only ever
/// inflates a round, and here one hit attention alone: over a 640-token memory, the first second or so of attention
/// forwards in a process (and spells later on) ran at 3.5-4 ms where the rest ran at 1.0-1.4 ms, while feed-forward
/// kept its pace. A table that kept the median round then priced attention at three times what the models built from
/// it took, so the blocks first warm up for <see cref="WarmupSeconds"/> and the fastest of the rounds is kept. The token embedding and output
/// head are timed in the same rounds: a latency budget is a fraction of a whole model, and they are part of every one.
/// </summary>
public static class BlockLatencyMeasurer
{
    /// <summary>
    /// The device name used in cache keys: the CPU thread count changes CPU latencies, so it is part of it;
    /// a GPU is named by its index (<c>cuda:0</c>).
    /// </summary>
    public static string CurrentDevice(Device? device = null) =>
        device is { type: DeviceType.CUDA }
            ? string.Create(CultureInfo.InvariantCulture, $"cuda:{Math.Max(0, (int)device.index)}")
            : string.Create(CultureInfo.InvariantCulture, $"cpu/{get_num_threads()} threads");

    /// <summary>
    /// The device by its hardware, for a table carried to another machine (<c>par bench --latency-table</c>):
    /// <c>cpu: </c> and the processor's model name where Linux tells it (<c>/proc/cpuinfo</c>), else the architecture;
    /// a GPU by its index, which is all TorchSharp tells of it. The exported <c>bench.py</c> names devices the same way.
    /// </summary>
    public static string HardwareName(Device? device = null) =>
        device is { type: DeviceType.CUDA }
            ? string.Create(CultureInfo.InvariantCulture, $"cuda: cuda:{Math.Max(0, (int)device.index)}")
            : $"cpu: {ProcessorName() ?? RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()}";

    /// <summary>The library that runs the blocks and its version, as a table records it.</summary>
    public static string Libraries { get; } =
        $"TorchSharp {typeof(torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? typeof(torch).Assembly.GetName().Version?.ToString()}";

    private static string? ProcessorName()
    {
        const string cpuInfo = "/proc/cpuinfo";
        if (!File.Exists(cpuInfo))
        {
            return null;
        }

        return File.ReadLines(cpuInfo)
            .Where(line => line.StartsWith("model name", StringComparison.Ordinal))
            .Select(line => line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim())
            .FirstOrDefault(name => name.Length > 0);
    }

    /// <summary>Untimed forwards of all three parts, in turn, for at least this long before the first timed round.</summary>
    public const double WarmupSeconds = 1.0;

    /// <summary>
    /// Timed rounds go on until at least this long has passed (and at least <c>rounds</c> ran): seven rounds take a
    /// quarter of a second at the main job's text width, short enough for one slow spell of a shared machine to outlast
    /// the warm-up and every round (such a table priced attention at three times a second measurement's). The fastest
    /// round over a longer stretch is less likely to fall inside one spell.
    /// </summary>
    public const double MinimumTimedSeconds = 2.0;

    /// <summary>Measures both blocks on <paramref name="device"/> (CPU when null).</summary>
    public static BlockLatencyTable Measure(HyperParameters hp, int warmupRuns = 5, int runs = 31, Device? device = null, int rounds = 7)
    {
        ArgumentNullException.ThrowIfNull(hp);
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        using var noGrad = no_grad();
        device ??= CPU;
        using var attention = new SelfAttentionBlock("attention", hp).to(device);
        using var feedForward = new FeedForwardBlock("feed_forward", hp).to(device);
        attention.eval();
        feedForward.eval();
        using var generator = new Generator(0);
        using var segment = randn([1, hp.Context, hp.DModel], generator: generator).to(device);
        using var embedding = new TokenEmbedding("embedding", hp).to(device);
        using var head = new OutputHead("output", hp, embedding).to(device);
        embedding.eval();
        head.eval();
        using var tokens = randint(0, hp.Vocab, [1, hp.Context], generator: generator).to(device);
        using var memory = new SegmentMemory(1, hp.Memory, cacheAttention: true);

        // Enough segments to fill the memory, so every timed run attends over the full memory length.
        var fillingRuns = hp.Memory == 0 ? 0 : (hp.Memory + hp.Context - 1) / hp.Context;
        var attentionRounds = new List<double>(rounds);
        var feedForwardRounds = new List<double>(rounds);
        var embeddingAndHeadRounds = new List<double>(rounds);
        Tensor Attention() => attention.forward(segment, memory, 0);
        Tensor FeedForward() => feedForward.forward(segment);
        Tensor EmbeddingAndHead() => head.forward(embedding.forward(tokens));
        TimingStatistics.Measure(Attention, fillingRuns, 1);
        var warming = Stopwatch.StartNew();
        do
        {
            TimingStatistics.Measure(Attention, warmupRuns, 1);
            TimingStatistics.Measure(FeedForward, warmupRuns, 1);
            TimingStatistics.Measure(EmbeddingAndHead, warmupRuns, 1);
        }
        while (warming.Elapsed.TotalSeconds < WarmupSeconds);

        var timing = Stopwatch.StartNew();
        for (var round = 0; round < rounds || timing.Elapsed.TotalSeconds < MinimumTimedSeconds; round++)
        {
            attentionRounds.Add(TimingStatistics.Measure(Attention, 1, runs).MedianMs);
            feedForwardRounds.Add(TimingStatistics.Measure(FeedForward, 1, runs).MedianMs);
            embeddingAndHeadRounds.Add(TimingStatistics.Measure(EmbeddingAndHead, 1, runs).MedianMs);
        }

        return new BlockLatencyTable(
            CurrentDevice(device), hp.DModel, hp.DFeedForward, hp.Heads, hp.Context, hp.Memory, attentionRounds.Min(), feedForwardRounds.Min(),
            memory.CachesAttention, embeddingAndHeadRounds.Min(), hp.Vocab, AttentionKindNames.All.Of(hp.Attention), get_num_threads(), "float32",
            Libraries, DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), BlockLatencyTable.SearchMeasurer);
    }
}
