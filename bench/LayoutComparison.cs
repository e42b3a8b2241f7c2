using System;
using System.Collections.Generic;
using System.Globalization;
using Par.Runtime.Benchmarking;
using Par.Runtime.Models;

namespace Par.Bench;

/// <summary>
/// Table 1: the paper's three Base layouts at one CPU-sized width under its latency protocol, on both attention paths
/// (recomputing the memory's keys every segment, and the inference cache), with ratios to (sf)x16 on each; one run.
/// </summary>
internal static class LayoutComparison
{
    public static void Run(BenchmarkOptions options, int rounds)
    {
        var models = new List<IParLanguageModel> { Models.TransformerXLProtocol.Create(), Models.SandwichProtocol.Create(), Models.ParProtocol.Create() };
        var parameters = new[] { Models.TransformerXLProtocol.ParameterCount, Models.SandwichProtocol.ParameterCount, Models.ParProtocol.ParameterCount };
        var timings = AttentionPaths.Measure(models, options, rounds);
        var hp = models[0].HyperParameters;

        Console.WriteLine($"## Base layouts at d_model {hp.DModel}, batch {options.Batch}, context {hp.Context}, memory {hp.Memory}, both attention paths ({MachineDescription.Current()})");
        Console.WriteLine();
        Console.WriteLine("| model | layout | attention blocks | parameters | recompute ms | ratio to (sf)x16 | cached ms | ratio to (sf)x16 | cached / recompute | max logit diff |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        for (var index = 0; index < models.Count; index++)
        {
            var model = models[index];
            var (recompute, cached) = timings[index];
            Console.WriteLine(string.Format(
                CultureInfo.InvariantCulture,
                "| {0} | `{1}` | {2} | {3:N0} | {4:F2} | {5:F2} | {6:F2} | {7:F2} | {8:F2} | {9:E1} |",
                model.Name, model.Layout, model.AttentionSlotCount, parameters[index],
                recompute.MedianMs, recompute.MedianMs / timings[0].Recompute.MedianMs,
                cached.MedianMs, cached.MedianMs / timings[0].Cached.MedianMs,
                cached.MedianMs / recompute.MedianMs, AttentionPaths.MaxLogitDifference(model)));
            model.AsModule().Dispose();
        }
    }
}
