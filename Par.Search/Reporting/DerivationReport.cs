using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Par.Dsl.Printing;
using Par.Search.Derivation;

namespace Par.Search.Reporting;

/// <summary>
/// What a search's latency budget and derivation by measurement did, for the CLI, the reports and the found file's
/// header: the budget and the found layout's price against it, then each scored candidate, predicted against measured.
/// Nothing for a search with neither, so their reports read as before.
/// </summary>
public static class DerivationReport
{
    // A ranking may score dozens of layouts; the best ones (every finalist among them) say what was decided.
    private const int ListedCandidates = 20;

    /// <summary>The budget line and the derivation's verdict, one sentence each.</summary>
    public static IReadOnlyList<string> Summary(SearchResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var lines = new List<string>();
        if (result.LatencyBudgetMs is { } budget && result.LatencyTable is { } table)
        {
            var layers = result.Space.LayerCount;
            var baseline = table.WholeModelMs(table.InterleavedLatencyMs(layers));
            var found = table.LayoutLatencyMs(result.Found);
            lines.Add(Invariant($"latency budget: {table.WholeModelMs(budget):0.###} ms = {table.WholeModelRatio(budget, layers):0.###} of the interleaved baseline's {baseline:0.###} ms (block latency table of {table.Device}, whole model); found layout priced at {table.WholeModelMs(found):0.###} ms = {table.WholeModelRatio(found, layers):0.###}"));
        }

        if (result.MeasuredDerivation is { } derivation)
        {
            var chosen = derivation.Chosen;
            var verdict = !derivation.WithinBudget ? "NO layout is priced within the budget; the best-ranked of the most probable was taken"
                : derivation.BudgetRatio is null ? "no budget" : "priced within the budget by the latency table";
            lines.Add(Invariant(
                $"derivation: {derivation.Scored.Count} layouts scored with inherited weights on held-out data{derivation.Ranking}; `{Layout(chosen)}` chosen (held-out loss {chosen.RankingLoss:0.0000}, on this machine {chosen.MeasuredMs:0.###} ms = {chosen.MeasuredRatio:0.###} of the interleaved baseline's {derivation.BaselineMs:0.###} ms), {verdict}"));
        }

        return lines;
    }

    /// <summary>A markdown table of the scored candidates, best first; null without derivation by measurement.</summary>
    public static string? CandidatesMarkdown(SearchResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.MeasuredDerivation is not { } derivation)
        {
            return null;
        }

        var text = new StringBuilder();
        // Predicted as a whole model (blocks, embedding and head), so it reads against the measured columns.
        var table = result.LatencyTable;
        var layers = result.Space.LayerCount;
        text.Append("| layout | log p | held-out loss | from-scratch loss | predicted ms | predicted ratio | this machine ms | this machine ratio | |\n");
        text.Append("|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
        foreach (var entry in derivation.Scored.Take(ListedCandidates))
        {
            var predicted = entry.Candidate.PredictedMs is { } blocks && table is not null ? table.WholeModelMs(blocks) : (double?)null;
            var predictedRatio = entry.Candidate.PredictedMs is { } priced && table is not null ? table.WholeModelRatio(priced, layers) : (double?)null;
            text.Append(Invariant(
                $"| `{Layout(entry)}` | {entry.Candidate.LogProbability:0.00} | {entry.HeldOutLoss:0.0000} | {Optional(entry.ScratchLoss, "0.0000")} | {Optional(predicted)} | {Optional(predictedRatio)} | {Optional(entry.MeasuredMs)} | {Optional(entry.MeasuredRatio)} | {(ReferenceEquals(entry, derivation.Chosen) ? "chosen" : string.Empty)} |\n"));
        }

        text.Append(table is null
            ? "\nThis machine: the machine that searched, timed beside the baseline (medians of per-round ratios), reported only.\n"
            : Invariant($"\nPredicted: the block latency table of {table.DescribeDevice()}, which judges the budget. This machine: the machine that searched, timed beside the baseline (medians of per-round ratios), reported only{(table.IsDeviceTable ? Invariant($", never against {table.Device}'s budget") : string.Empty)}.\n"));
        if (derivation.Scored.Count > ListedCandidates)
        {
            text.Append(Invariant($"\n({derivation.Scored.Count - ListedCandidates} more, each scored worse than these.)\n"));
        }

        return text.ToString();
    }

    private static string Layout(ScoredCandidate entry) => ParPrinter.PrintLayout(entry.Candidate.Layout);

    private static string Optional(double? value, string format = "0.###") => value is { } number ? number.ToString(format, CultureInfo.InvariantCulture) : "-";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
