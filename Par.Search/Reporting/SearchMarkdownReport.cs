using System;
using System.Globalization;
using System.IO;
using System.Text;
using Par.Dsl.Printing;
using Par.Runtime.Files;

namespace Par.Search.Reporting;

/// <summary>A markdown page about one search: settings, final probabilities, derived layout, timings.</summary>
public static class SearchMarkdownReport
{
    /// <param name="result">The search.</param>
    /// <param name="provenance">Date, corpus and wall times.</param>
    /// <param name="heatmapFileName">File name of the heatmap PNG next to the report, linked when given.</param>
    public static string Format(SearchResult result, SearchProvenance provenance, string? heatmapFileName = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(provenance);
        var options = result.Options;
        var hp = result.Space.HyperParameters;
        var text = new StringBuilder();
        void Line(FormattableString line) => text.Append(line.ToString(CultureInfo.InvariantCulture)).Append('\n');

        Line($"# PAR search: {result.Found.Name}");
        Line($"");
        Line($"Searched `{ParPrinter.PrintLayout(result.Space.Layers)}` (from `{result.Space.Name}`) on {provenance.Corpus} ({provenance.Tokenization}), {provenance.Date.UtcDateTime:yyyy-MM-dd HH:mm} UTC.");
        Line($"");
        Line($"## Settings");
        Line($"");
        Line($"| setting | value |");
        Line($"|---|---|");
        Line($"| model | d_model {hp.DModel}, heads {hp.Heads}, d_ff {hp.DFeedForward}, context {hp.Context}, memory {hp.Memory}, vocab {hp.Vocab} |");
        Line($"| steps | {options.Steps}: {options.WeightsOnlySteps} weights only, {options.AlternatingSteps} alternating |");
        Line($"| sampling | {options.Sampling.Describe()} |");
        Line($"| batch | {options.BatchSize} |");
        Line($"| weights | AdamW lr {options.WeightLearningRate:g3}, weight decay {options.WeightDecay:g3}, clip {options.GradientClip:g3} |");
        Line($"| architecture | Adam lr {options.ArchitectureLearningRate:g3}, weight decay {options.ArchitectureWeightDecay:g3}, on {options.ArchitectureDataShare:P0} of the training tokens held out |");
        Line($"| temperature | {options.Sampling.DescribeTemperature(result.Schedule, result.FinalTemperature)} |");
        Line($"| latency loss | {options.Latency.Describe()} |");
        Line($"| memory | {(options.UseMemory ? "segment memory carried per stream" : "none (context only)")} |");
        Line($"| seed | {options.Seed} |");
        Line($"| tokens seen | {result.TokensSeen} ({result.WeightTokens} weights, {result.ArchitectureTokens} architecture) |");
        Line($"");
        Line($"## Final probabilities");
        Line($"");
        text.Append(ProbabilityTable.Markdown(result.Space, result.FinalProbabilities));
        Line($"");
        Line($"## Derived layout");
        Line($"");
        Line($"`{ParPrinter.PrintLayout(result.Found.Layout)}`: {result.Found.LayerCount} layers, {result.Found.AttentionBlockCount} attention, {result.Found.FeedForwardBlockCount} feed-forward.");
        if (NarrowDecisions.Describe(result.FinalProbabilities) is { } narrow)
        {
            Line($"");
            Line($"{narrow}");
        }

        foreach (var line in DerivationReport.Summary(result))
        {
            Line($"");
            Line($"{line}");
        }

        if (DerivationReport.CandidatesMarkdown(result) is { } candidates)
        {
            Line($"");
            text.Append(candidates);
        }
        if (result.LatencyTable is { } table)
        {
            Line($"");
            text.Append(table.ToTableText());
        }

        Line($"");
        Line($"## Timings");
        Line($"");
        Line($"- search: {provenance.SearchWallTime.TotalSeconds:0.0} s");
        if (provenance.BaselineTrainingWallTime is { } baseline)
        {
            Line($"- baseline training for {provenance.DescribeBaselineBudget(result.Options.Steps)}: {baseline.TotalSeconds:0.0} s (search / baseline = {provenance.CostRatio:0.00})");
        }

        if (heatmapFileName is not null)
        {
            Line($"");
            Line($"![probabilities per layer over the search]({heatmapFileName})");
        }

        return text.ToString();
    }

    public static void Write(string path, SearchResult result, SearchProvenance provenance, string? heatmapFileName = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        AtomicFile.WriteAllText(path, Format(result, provenance, heatmapFileName));
    }
}
