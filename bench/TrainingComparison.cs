using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using Par.Runtime.Benchmarking;
using Par.Runtime.Data;
using Par.Runtime.Evaluation;
using Par.Runtime.Models;
using Par.Runtime.Training;
using Par.Text;
using static TorchSharp.torch;

namespace Par.Bench;

/// <summary>
/// Table 3: the three Base layouts trained on a byte-level corpus for the same number of steps and
/// tokens, then validation bits per byte and inference latency side by side.
/// </summary>
internal static class TrainingComparison
{
    public static void Run(string dataFolder, int steps, BenchmarkOptions options, int rounds)
    {
        var dataset = Dataset.Load(dataFolder, Dataset.Bytes);
        var factories = new List<Func<IParLanguageModel>> { () => Models.TransformerXLCpu.Create(), () => Models.SandwichCpu.Create(), () => Models.ParCpu.Create() };
        var rows = new List<(IParLanguageModel Model, EvaluationResult Valid, TimeSpan Time)>();
        using var work = new ScratchDirectory("par-bench-train");
        foreach (var create in factories)
        {
            manual_seed(0);
            var model = create();
            var training = new TrainingOptions
            {
                Steps = steps,
                Batch = 8,
                Context = model.HyperParameters.Context,
                LearningRate = 1e-3,
                WarmupSteps = Math.Min(100, steps / 10),
                EvalInterval = 0,
                CheckpointInterval = 0,
                CheckpointDirectory = Path.Combine(work.Path, model.Name),
            };
            var clock = Stopwatch.StartNew();
            new Trainer(model, new TrainingData(dataset.Train, null, dataset.Tokenizer, model.Layout), training).Run();
            clock.Stop();
            var valid = Evaluator.Evaluate(model, dataset.Valid, training.Batch, training.Context, dataset.Tokenizer.LossUnit);
            Console.Error.WriteLine($"{model.Name}: trained {steps} steps in {clock.Elapsed.TotalSeconds:F0} s, valid {valid.Headline:F3} bpc");
            rows.Add((model, valid, clock.Elapsed));
        }

        var latencies = LatencyComparison.Measure(rows.ConvertAll(row => row.Model), options, rounds);
        var hp = rows[0].Model.HyperParameters;
        Console.WriteLine($"## Base layouts trained on {Path.GetFileName(Path.GetFullPath(dataFolder))} (bytes), {steps} steps × 8 × {hp.Context} tokens each, d_model {hp.DModel} ({MachineDescription.Current()})");
        Console.WriteLine();
        Console.WriteLine("| model | layout | valid bpc | train time s | latency ms | latency ratio |");
        Console.WriteLine("|---|---|---|---|---|---|");
        for (var index = 0; index < rows.Count; index++)
        {
            var (model, valid, time) = rows[index];
            Console.WriteLine(string.Format(
                CultureInfo.InvariantCulture,
                "| {0} | `{1}` | {2:F3} | {3:F0} | {4:F2} | {5:F2} |",
                model.Name, model.Layout, valid.Headline, time.TotalSeconds, latencies[index].MedianMs, latencies[index].MedianMs / latencies[0].MedianMs));
            model.AsModule().Dispose();
        }
    }
}
