using System;
using System.Collections.Generic;
using System.Globalization;
using Par.Dsl.Counting;
using Par.Runtime.Benchmarking;
using Par.Runtime.Models;

namespace Par.Bench;

/// <summary>Table 1: the paper's three Base layouts at one CPU-sized width, latency and ratio to (sf)x16, one run.</summary>
internal static class LayoutComparison
{
    public static void Run(BenchmarkOptions options, int rounds)
    {
        var models = new List<IParLanguageModel> { Models.TransformerXLCpu.Create(), Models.SandwichCpu.Create(), Models.ParCpu.Create() };
        var parameters = new[] { Models.TransformerXLCpu.ParameterCount, Models.SandwichCpu.ParameterCount, Models.ParCpu.ParameterCount };
        var timings = LatencyComparison.Measure(models, options, rounds);
        var hp = models[0].HyperParameters;

        Console.WriteLine($"## Base layouts at d_model {hp.DModel}, batch {options.Batch}, context {hp.Context}, memory {hp.Memory} ({MachineDescription.Current()})");
        Console.WriteLine();
        Console.WriteLine("| model | layout | attention blocks | parameters | latency ms (median of round medians) | min | max | ratio to (sf)x16 |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        for (var index = 0; index < models.Count; index++)
        {
            var model = models[index];
            Console.WriteLine(string.Format(
                CultureInfo.InvariantCulture,
                "| {0} | `{1}` | {2} | {3:N0} | {4:F2} | {5:F2} | {6:F2} | {7:F2} |",
                model.Name, model.Layout, model.AttentionSlotCount, parameters[index],
                timings[index].MedianMs, timings[index].MinMs, timings[index].MaxMs, timings[index].MedianMs / timings[0].MedianMs));
            model.AsModule().Dispose();
        }
    }
}
