using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Par.Bench.Experiments.DerivationPipeline;
using Par.Dsl.Model;
using Par.Runtime;
using Par.Runtime.Data;
using Par.Search;
using Par.Search.Derivation;
using Par.Search.Experiment;
using Par.Search.Progress;
using Par.Search.Reporting;

namespace Par.Bench;

/// <summary>
/// Issue 4's byte-corpus benchmark: search <c>[sf-]x12</c> at a CPU width on a text corpus, then train the
/// interleaved baseline, the sandwich layout, the PAR rule (p = 5, attention in the first two thirds) and the
/// found layout for the same steps; print valid bits per byte and latency for each, plus the full search report.
/// </summary>
internal static class SearchComparison
{
    private const int Layers = 12;

    /// <summary>The widths, budgets and seed every row of this benchmark (and <see cref="LayoutFrontier"/>) trains with, working in <paramref name="workDirectory"/>.</summary>
    public static ExperimentOptions BenchOptions(int steps, int seed, string workDirectory) => ExperimentOptions.OnText with
    {
        Layers = Layers,
        Steps = steps,
        Search = ExperimentOptions.OnText.Search with { WarmupSteps = Math.Min(ExperimentOptions.OnText.Search.WarmupSteps, steps / 10), Seed = seed },
        WorkDirectory = workDirectory,
    };

    /// <param name="searchSteps">The search's steps; null for <paramref name="steps"/>, as the README's first table was measured.</param>
    /// <param name="settings">Search settings as NAME=VALUE (<see cref="ExperimentSettings"/>, and the pipeline's), over the main job's defaults.</param>
    public static void Run(string dataFolder, int steps, int seed, int? searchSteps = null, string[]? settings = null)
    {
        var dataset = Dataset.Load(dataFolder, Dataset.Bytes);
        settings ??= [];
        using var work = new ScratchDirectory("par-bench-search");
        var options = ApplySettings(BenchOptions(steps, seed, work.Path) with { SearchSteps = searchSteps, References = PaperReferences }, settings);

        var progress = new SynchronousProgress<ExperimentProgress>(Report);
        var result = new SearchExperiment(options).Run(progress, data: dataset);

        var machine = MachineDescription.Current();
        var budget = result.SearchStepsDiffer ? result.DescribeBudgets() : $"{steps} steps";
        Console.WriteLine($"## Search on {Path.GetFileName(Path.GetFullPath(dataFolder))} (bytes): d_model {options.DModel}, {Layers} layers, {budget} × {options.Search.BatchSize} × {options.Context} tokens for the search and for each model, seed {seed} ({machine})");
        Console.WriteLine($"search: {options.Search.Sampling.Describe()}; latency loss {options.Search.Latency.Describe()}; derivation {(options.Search.Derivation.Ranking is PipelineRanking ? "pipeline" : DerivationStrategyNames.All.Of(options.Search.Derivation.Strategy))}; candidates {string.Concat(options.Candidates.Select(kind => kind.Letter()))}; identity penalty {options.Search.IdentityPenalty}; {string.Join(' ', settings)}");
        Console.WriteLine();
        WriteRows(result.Rows, result.Baseline.ValidLoss);
        Console.WriteLine();
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "Search {0:F0} s = {1:F2}x the baseline's training ({2:F2}x per step); whole benchmark {3:F0} s.", result.Search.WallTime.TotalSeconds, result.SearchCostRatio, result.SearchCostPerStepRatio, result.TotalWallTime.TotalSeconds));
        Console.WriteLine();
        Console.WriteLine(ExperimentMarkdownReport.Format(result));
    }

    /// <summary>The trained rows as a markdown table, losses also as a ratio to <paramref name="baselineLoss"/>.</summary>
    public static void WriteRows(IEnumerable<ExperimentRow> rows, double baselineLoss)
    {
        Console.WriteLine("| model | layout | layers | attention at | valid bpc | vs baseline | latency ms | latency ratio | training s | end slope (bpc / 100 steps) |");
        Console.WriteLine("|---|---|---:|---|---:|---:|---:|---:|---:|---:|");
        foreach (var row in rows)
        {
            Console.WriteLine(string.Format(
                CultureInfo.InvariantCulture,
                "| {0} | `{1}` | {2} | {3} | {4:F3} | {5:F3} | {6:F2} | {7:F2} | {8:F0} | {9} |",
                row.Name, row.Layout, row.Layers, AttentionPositions(row.Layout), row.ValidLoss / Math.Log(2), row.ValidLoss / baselineLoss,
                row.LatencyMs, row.LatencyRatio, row.TrainingSeconds, row.EndSlope is { } slope ? (slope / Math.Log(2)).ToString("F3", CultureInfo.InvariantCulture) : "-"));
        }
    }

    // The zero-based layers holding attention, e.g. "1, 4".
    private static string AttentionPositions(string layout)
    {
        var layers = Par.Dsl.Parsing.ParParser.Parse(layout, "row.par").Models.Single().Layout;
        var positions = layers.Select((layer, index) => (layer, index)).Where(pair => pair.layer.Block == BlockKind.SelfAttention).Select(pair => pair.index.ToString(CultureInfo.InvariantCulture));
        return string.Join(", ", positions) is { Length: > 0 } text ? text : "none";
    }

    /// <summary>The fixed layouts <c>references=paper</c> (the default) trains beside the baseline and the found model.</summary>
    private static readonly IReadOnlyList<NamedLayout> PaperReferences =
    [
        new NamedLayout("Sandwich", ReferenceLayouts.Sandwich(Layers / 2)),
        new NamedLayout("ParRule", ReferenceLayouts.ParRule(Layers)),
    ];

    // derive=pipeline and its settings configure the bench's own experiment, references=paper|none the rows trained beside
    // the found model (none: a run judged on the found model alone needs no more); every other setting is a declared one.
    private static readonly Dictionary<string, Func<PipelineOptions, string, PipelineOptions>> PipelineSettings = new()
    {
        ["generations"] = (pipeline, text) => pipeline with { Generations = SettingValue.Count.Parse(text) },
        ["fine-tune-steps"] = (pipeline, text) => pipeline with { FineTuneSteps = SettingValue.Count.Parse(text) },
        ["scratch-share"] = (pipeline, text) => pipeline with { ScratchShare = SettingValue.Number.Parse(text) },
        ["trade-room"] = (pipeline, text) => pipeline with { TradeRoomBlocks = SettingValue.Count.Parse(text) },
        ["scratch-trainings"] = (pipeline, text) => pipeline with { ScratchTrainings = SettingValue.Count.Parse(text) },
    };

    internal static ExperimentOptions ApplySettings(ExperimentOptions options, IEnumerable<string> settings)
    {
        var given = settings.Select(text => text.Split('=', 2) is [var name, var value] ? (Name: name, Text: value) : throw new ArgumentException($"expected NAME=VALUE, got '{text}'")).ToList();
        var pipeline = given.Any(pair => pair is ("derive", "pipeline")) ? new PipelineOptions() : null;
        foreach (var (name, text) in given.Where(pair => PipelineSettings.ContainsKey(pair.Name)))
        {
            pipeline = PipelineSettings[name](pipeline ?? throw new ArgumentException($"search setting '{name}' belongs to derive=pipeline; add derive=pipeline"), text);
        }

        foreach (var (_, text) in given.Where(pair => pair.Name == "references"))
        {
            options = options with
            {
                References = text switch
                {
                    "paper" => PaperReferences,
                    "none" => [],
                    _ => throw new ArgumentException($"references={text}: expected references=paper (the sandwich and the PAR rule, the default) or references=none"),
                },
            };
        }

        options = ExperimentSettings.Apply(options, [.. given.Where(pair => pair is not ("derive", "pipeline") && pair.Name != "references" && !PipelineSettings.ContainsKey(pair.Name)).Select(pair => (ExperimentSettings.Named(pair.Name), pair.Text))]);
        return pipeline is null ? options : options with { Search = options.Search with { Derivation = options.Search.Derivation with { Strategy = DerivationStrategy.Halving, Ranking = new PipelineRanking(pipeline) } } };
    }

    // Long work: a line per 50 steps on stderr, so a redirected table stays clean.
    public static void Report(ExperimentProgress report)
    {
        var step = report.Search?.Step ?? report.Training?.Step;
        if (report.Search?.Derivation is { } derivation)
        {
            if (derivation.Activity != DerivationActivity.Scoring || derivation.Done % 20 == 0)
            {
                Console.Error.WriteLine($"deriving: {derivation.Activity} {derivation.Done}/{derivation.Total} {derivation.Layout}");
            }
        }
        else if (step is { } done && done % 50 == 0)
        {
            Console.Error.WriteLine($"{report.Stage} {report.Model} step {done}: loss {report.Search?.WeightLoss ?? report.Training?.Loss:F3}");
        }
        else if (report.Stage == ExperimentStage.Evaluating)
        {
            Console.Error.WriteLine("evaluating and timing the models...");
        }
    }
}
