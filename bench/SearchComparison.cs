using System;
using System.Globalization;
using System.IO;
using Par.Runtime;
using Par.Runtime.Data;
using Par.Search.Experiment;
using Par.Search.Reporting;

namespace Par.Bench;

/// <summary>
/// Issue 4's byte-corpus benchmark: search <c>[sf-]x12</c> at a CPU width on a text corpus, then train the
/// interleaved baseline, the sandwich layout, the PAR rule (p = 5, attention in the first two thirds) and the
/// found layout for the same steps; print valid bits per byte and latency for each, plus the full search report.
/// </summary>
internal static class SearchComparison
{
    /// <param name="searchSteps">The search's steps; null for <paramref name="steps"/>, as the README's first table was measured.</param>
    public static void Run(string dataFolder, int steps, int seed, int? searchSteps = null)
    {
        var dataset = Dataset.Load(dataFolder, Dataset.Bytes);
        const int layers = 12;
        var options = new ExperimentOptions
        {
            Layers = layers,
            DModel = 128,
            Heads = 4,
            DFeedForward = 512,
            Context = 64,
            Memory = 64,
            Steps = steps,
            SearchSteps = searchSteps,
            BatchSize = 16,
            LearningRate = 2e-3,
            WarmupSteps = Math.Min(100, steps / 10),
            Seed = seed,
            Threads = null,
            WorkDirectory = Path.Combine(Path.GetTempPath(), "par-bench-search"),
            References =
            [
                new NamedLayout("Sandwich", ReferenceLayouts.Sandwich(layers / 2)),
                new NamedLayout("ParRule", ReferenceLayouts.ParRule(layers)),
            ],
        };
        var progress = new SynchronousProgress<ExperimentProgress>(Report);
        var result = new SearchExperiment(options).Run(progress, data: dataset);

        var machine = MachineDescription.Current();
        var budget = result.SearchStepsDiffer ? result.DescribeBudgets() : $"{steps} steps";
        Console.WriteLine($"## Search on {Path.GetFileName(Path.GetFullPath(dataFolder))} (bytes): d_model {options.DModel}, {layers} layers, {budget} × {options.BatchSize} × {options.Context} tokens for the search and for each model, seed {seed} ({machine})");
        Console.WriteLine();
        Console.WriteLine("| model | layout | attention | parameters | valid bpc | latency ms | latency ratio | training s |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var row in result.Rows)
        {
            Console.WriteLine(string.Format(
                CultureInfo.InvariantCulture,
                "| {0} | `{1}` | {2} | {3:N0} | {4:F3} | {5:F2} | {6:F2} | {7:F0} |",
                row.Name, row.Layout, row.AttentionBlocks, row.Parameters, row.ValidLoss / Math.Log(2), row.LatencyMs, row.LatencyRatio, row.TrainingSeconds));
        }

        Console.WriteLine();
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "Search {0:F0} s = {1:F2}x the baseline's training ({2:F2}x per step); whole benchmark {3:F0} s.", result.Search.WallTime.TotalSeconds, result.SearchCostRatio, result.SearchCostPerStepRatio, result.TotalWallTime.TotalSeconds));
        Console.WriteLine();
        Console.WriteLine(ExperimentMarkdownReport.Format(result));
    }

    // Long work: a line per 50 steps on stderr, so a redirected table stays clean.
    private static void Report(ExperimentProgress report)
    {
        var step = report.Search?.Step ?? report.Training?.Step;
        if (step is { } done && done % 50 == 0)
        {
            Console.Error.WriteLine($"{report.Stage} {report.Model} step {done}: loss {report.Search?.WeightLoss ?? report.Training?.Loss:F3}");
        }
        else if (report.Stage == ExperimentStage.Evaluating)
        {
            Console.Error.WriteLine("evaluating and timing the models...");
        }
    }
}
