using System;
using System.Diagnostics;
using Par.Runtime.Memory;
using Par.Runtime.Models;
using Par.Runtime.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Par.Runtime.Benchmarking;

/// <summary>
/// Inference latency and training throughput of one model, measured the same way for every layout
/// so that ratios between layouts measured in one run are meaningful.
/// </summary>
public static class ModelBenchmark
{
    private const long InputSeed = 1234;

    /// <summary>
    /// Latency of one forward over a segment of <c>context</c> tokens at <see cref="BenchmarkOptions.Batch"/>,
    /// in eval mode without gradients, with the segment memory already full (the paper's protocol), on the
    /// attention path <see cref="BenchmarkOptions.CacheAttention"/> names, over <see cref="BenchmarkOptions.Memory"/>
    /// positions when it is set.
    /// </summary>
    public static TimingStatistics MeasureInferenceLatency(IParLanguageModel model, BenchmarkOptions options, Device? device = null)
    {
        ApplyThreads(options);
        device ??= CPU;
        var hp = model.HyperParameters;
        model.AsModule().eval();
        using var noGrad = no_grad();
        var memoryLength = options.Memory ?? hp.Memory;
        using var memory = new SegmentMemory(model.AttentionSlotCount, memoryLength, options.CacheAttention);
        using var segment = RandomTokens(options.Batch, hp.Context, hp.Vocab, device);

        var fillingForwards = memoryLength == 0 ? 0 : (memoryLength + hp.Context - 1) / hp.Context;
        return TimingStatistics.Measure(() => model.forward(segment, memory), fillingForwards + options.WarmupRuns, options.Runs);
    }

    /// <summary>
    /// Training tokens per second: forward, cross-entropy, backward and an AdamW step on random tokens,
    /// with memory carried across steps as in training. It updates the model's weights: use a fresh model.
    /// </summary>
    public static double MeasureTrainingThroughput(IParLanguageModel model, BenchmarkOptions options, Device? device = null)
    {
        ApplyThreads(options);
        device ??= CPU;
        var hp = model.HyperParameters;
        var module = model.AsModule();
        module.train();
        using var optimizer = optim.AdamW(module.parameters(), lr: 1e-4);
        using var memory = model.CreateMemory();
        using var inputs = RandomTokens(options.TrainingBatch, hp.Context, hp.Vocab, device);
        using var targets = inputs.roll(-1, 1);

        void Step()
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var logits = model.forward(inputs, memory);
            var loss = nn.functional.cross_entropy(logits.reshape(-1, hp.Vocab), targets.reshape(-1));
            loss.backward();
            optimizer.StepSafely();
            Synchronize(device, loss);
        }

        Step();
        var stopwatch = Stopwatch.StartNew();
        for (var step = 0; step < options.TrainingSteps; step++)
        {
            Step();
        }

        var tokens = (double)options.TrainingSteps * options.TrainingBatch * hp.Context;
        return tokens / stopwatch.Elapsed.TotalSeconds;
    }

    private static Tensor RandomTokens(int batch, int length, int vocab, Device device)
    {
        var generator = new Generator((ulong)InputSeed);
        return randint(0, vocab, [batch, length], dtype: int64, generator: generator).to(device);
    }

    private static void ApplyThreads(BenchmarkOptions options)
    {
        if (options.Threads is { } threads)
        {
            if (threads < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(options), "Threads must be at least 1.");
            }

            set_num_threads(threads);
        }
    }

    // CUDA runs asynchronously: reading one value waits for the kernels, so the clock measures real work.
    private static void Synchronize(Device device, Tensor result)
    {
        if (device.type == DeviceType.CUDA)
        {
            result.sum().item<float>();
        }
    }
}
