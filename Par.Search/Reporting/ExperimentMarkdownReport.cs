using System;
using System.Globalization;
using System.IO;
using System.Text;
using Par.Runtime.Files;
using Par.Search.Experiment;

namespace Par.Search.Reporting;

/// <summary>The search report followed by the experiment's result table and the paper's claims as measured.</summary>
public static class ExperimentMarkdownReport
{
    public static string Format(ExperimentResult result, string? heatmapFileName = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = new StringBuilder(SearchMarkdownReport.Format(result.Search, result.Provenance, heatmapFileName));
        void Line(FormattableString line) => text.Append(line.ToString(CultureInfo.InvariantCulture)).Append('\n');

        Line($"");
        Line($"## Baseline, found model{(result.Rows.Count > 2 ? " and references" : string.Empty)}, same training budget");
        Line($"");
        var recall = result.HasRecall;
        var masked = result.HasMaskedAccuracy;
        Line($"| model | layout | layers | attention | parameters | {result.Metric.Name} | {(masked ? "masked accuracy | " : string.Empty)}{(recall ? "recall loss | recall accuracy | " : string.Empty)}latency ms | latency ratio | training s |");
        Line($"|---|---|---:|---:|---:|---:|{(masked ? "---:|" : string.Empty)}{(recall ? "---:|---:|" : string.Empty)}---:|---:|---:|");
        foreach (var row in result.Rows)
        {
            var maskedCells = masked ? $"{Optional(row.MaskedAccuracy, "0.000")} | " : string.Empty;
            var recallCells = recall ? $"{Optional(row.RecallLoss, "0.0000")} | {Optional(row.RecallAccuracy, "0.000")} | " : string.Empty;
            Line($"| {row.Name} | `{row.Layout}` | {row.Layers} | {row.AttentionBlocks} | {row.Parameters} | {result.Metric.Of(row.ValidLoss):0.0000} | {maskedCells}{recallCells}{row.LatencyMs:0.000} | {row.LatencyRatio:0.00} | {row.TrainingSeconds:0.0} |");
        }

        Line($"");
        Line(result.BlockLatency.Memory > 0
            ? (FormattableString)$"Latency: each model timed whole on this machine, batch 1, one segment of {result.BlockLatency.Context} tokens over a full memory of {result.BlockLatency.Memory} positions, cached attention. The search priced blocks by the latency table of {result.BlockLatency.DescribeDevice()}."
            : $"Latency: each model timed whole on this machine, batch 1, one sequence of {result.BlockLatency.Context} tokens, no memory. The search priced blocks by the latency table of {result.BlockLatency.DescribeDevice()}.");
        var budgets = result.SearchStepsDiffer
            ? FormattableString.Invariant($" ({result.DescribeBudgets()}; {result.SearchCostPerStepRatio:0.00} per step)")
            : string.Empty;
        Line($"Search wall time / baseline training wall time: {result.SearchCostRatio:0.00}{budgets}. Whole experiment: {result.TotalWallTime.TotalSeconds:0} s.");
        Line($"One weights-only supernet step costs {result.WeightStepCostRatio:0.00}x a baseline training step (before any architecture step).");
        Line($"");
        Line($"## The paper's claims, as measured here");
        Line($"");
        Line($"| claim | holds | measured |");
        Line($"|---|:---:|---|");
        foreach (var claim in result.Claims())
        {
            Line($"| {claim.Claim} | {(claim.Holds ? "yes" : "no")} | {claim.Measured} |");
        }

        return text.ToString();
    }

    public static void Write(string path, ExperimentResult result, string? heatmapFileName = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        AtomicFile.WriteAllText(path, Format(result, heatmapFileName));
    }

    private static string Optional(double? value, string format) =>
        value is { } present ? present.ToString(format, CultureInfo.InvariantCulture) : "n/a";
}
