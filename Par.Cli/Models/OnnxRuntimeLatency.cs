using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using Par.Onnx;
using Par.Runtime.Benchmarking;

namespace Par.Cli.Models;

/// <summary>
/// <see cref="ModelBenchmark.MeasureInferenceLatency"/>'s protocol for a model under ONNX Runtime: a segment of
/// <c>context</c> tokens at the batch asked for, over a memory filled by running segments first, warm-up runs, then
/// the timed ones. The exported graph has no key/value cache: it recomputes the memory's projections every segment.
/// </summary>
internal static class OnnxRuntimeLatency
{
    private const int InputSeed = 1234;

    public static TimingStatistics Measure(ParOnnxModel model, BenchmarkOptions options)
    {
        var config = model.Config;
        var random = new Random(InputSeed);
        var segment = Enumerable.Range(0, options.Batch * config.Context).Select(_ => (long)random.Next(config.Vocab)).ToArray();
        var memory = model.EmptyMemory(options.Batch);
        try
        {
            // The graph keeps the model's own memory length, so that is the memory timed.
            while (model.MemorySlots > 0 && memory.Length < config.Memory)
            {
                using var result = model.Forward(segment, options.Batch, memory);
                memory.Dispose();
                memory = result.TakeMemory()!;
            }

            for (var run = 0; run < options.WarmupRuns; run++)
            {
                model.Forward(segment, options.Batch, memory).Dispose();
            }

            var milliseconds = new List<double>(options.Runs);
            for (var run = 0; run < options.Runs; run++)
            {
                var stopwatch = Stopwatch.StartNew();
                using var result = model.Forward(segment, options.Batch, memory);
                milliseconds.Add(stopwatch.Elapsed.TotalMilliseconds);
            }

            return TimingStatistics.From(milliseconds);
        }
        finally
        {
            memory.Dispose();
        }
    }
}
