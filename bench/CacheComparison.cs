using System;
using System.Collections.Generic;
using System.Globalization;
using Par.Runtime.Benchmarking;
using Par.Runtime.Models;

namespace Par.Bench;

/// <summary>
/// The inference cache's targets under the paper's protocol: (sf)x16 at d_model 512 (cached at most 0.5x the
/// recomputing latency) and (sf)x8 at 256 (at most 0.6x), both paths in the same rounds, with the logits they give.
/// </summary>
internal static class CacheComparison
{
    public static void Run(BenchmarkOptions options, int rounds)
    {
        var models = new List<(IParLanguageModel Model, double Target)>
        {
            (Models.TransformerXL512Protocol.Create(), 0.5),
            (Models.TransformerXLHalfProtocol.Create(), 0.6),
        };
        var timings = AttentionPaths.Measure(models.ConvertAll(entry => entry.Model), options, rounds);

        Console.WriteLine($"## Inference cache, batch {options.Batch}, {rounds} alternating rounds of {options.Runs} runs ({MachineDescription.Current()})");
        Console.WriteLine();
        Console.WriteLine("| layout | d_model | context | memory | recompute ms | cached ms | cached / recompute | target | max logit diff |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        for (var index = 0; index < models.Count; index++)
        {
            var (model, target) = models[index];
            var hp = model.HyperParameters;
            var (recompute, cached) = timings[index];
            Console.WriteLine(string.Format(
                CultureInfo.InvariantCulture,
                "| `{0}` | {1} | {2} | {3} | {4:F2} | {5:F2} | {6:F2} | ≤ {7:F1} | {8:E1} |",
                model.Layout, hp.DModel, hp.Context, hp.Memory, recompute.MedianMs, cached.MedianMs,
                cached.MedianMs / recompute.MedianMs, target, AttentionPaths.MaxLogitDifference(model)));
            model.AsModule().Dispose();
        }
    }
}
