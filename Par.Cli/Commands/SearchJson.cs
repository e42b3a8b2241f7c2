using System.Collections.Generic;
using System.Linq;
using Par.Dsl.Model;
using Par.Dsl.Printing;
using Par.Search;
using Par.Search.Derivation;
using Par.Search.Latency;

namespace Par.Cli.Commands;

// The --json values of par search, serialised by CliOutput (snake_case): the keys are the properties' names, in order.

/// <summary>A file search's result.</summary>
internal sealed record FileSearchJson(
    string FoundLayout,
    string FoundFile,
    string Sampling,
    int Layers,
    int AttentionBlocks,
    long Params,
    double SearchSeconds,
    long TokensSeen,
    IEnumerable<LayerProbabilitiesJson> Probabilities,
    IEnumerable<int> NarrowLayers,
    double? LatencyBudgetMs,
    LatencyTableJson? LatencyTable,
    DerivationJson? Derivation);

internal sealed record LayerProbabilitiesJson(int Layer, double S, double F, double Identity);

/// <summary>The main job's result: one row per trained model, the costs and the paper's claims.</summary>
internal sealed record MainJobJson(
    string FoundLayout,
    string FoundFile,
    string Sampling,
    IEnumerable<ModelRowJson> Rows,
    int SearchSteps,
    int TrainingSteps,
    double SearchSeconds,
    double SearchCostRatio,
    double SearchCostPerStepRatio,
    double WeightStepCostRatio,
    double TotalSeconds,
    IEnumerable<ClaimJson> Claims,
    IEnumerable<int> NarrowLayers,
    double? LatencyBudgetMs,
    LatencyTableJson? LatencyTable,
    DerivationJson? Derivation);

internal sealed record ModelRowJson(
    string Model,
    string Layout,
    int AttentionBlocks,
    long Params,
    double ValidLoss,
    double? ValidBpc,
    double? ValidPpl,
    double? RecallLoss,
    double? RecallAccuracy,
    double? MaskedAccuracy,
    double LatencyMs,
    double LatencyRatio,
    double TrainingSeconds);

internal sealed record ClaimJson(string Claim, bool Holds, string Measured);

/// <summary>
/// Which device the block latencies a search priced layouts by are of; <c>device_table</c> when a bench measured them
/// for the device a model will run on, perhaps another machine, so the derivation's timings (<c>measured_ms</c>) are of
/// this machine and not of it.
/// </summary>
internal sealed record LatencyTableJson(string Device, int Threads, string Dtype, string? Libraries, string? MeasuredOn, string MeasuredBy, bool DeviceTable, string Describe)
{
    public static LatencyTableJson? Of(BlockLatencyTable? table) => table is null
        ? null
        : new LatencyTableJson(table.Device, table.Threads, table.DType, table.Libraries, table.MeasuredOn, table.MeasuredBy ?? BlockLatencyTable.SearchMeasurer, table.IsDeviceTable, table.DescribeDevice());
}

/// <summary>What derivation by measurement scored, timed and chose.</summary>
internal sealed record DerivationJson(bool WithinBudget, double? BudgetRatio, double BaselineMs, IEnumerable<CandidateJson> Candidates)
{
    /// <summary>Null for the most-probable derivation, which scores nothing.</summary>
    public static DerivationJson? Of(SearchResult result) => result.MeasuredDerivation is not { } derivation
        ? null
        : new DerivationJson(
            derivation.WithinBudget,
            derivation.BudgetRatio,
            derivation.BaselineMs,
            derivation.Scored.Select(entry => new CandidateJson(
                ParPrinter.PrintLayout(entry.Candidate.Layout),
                entry.Candidate.LogProbability,
                entry.HeldOutLoss,
                entry.ScratchLoss,
                entry.Candidate.PredictedMs,
                entry.MeasuredMs,
                entry.MeasuredRatio,
                ReferenceEquals(entry, derivation.Chosen))));
}

internal sealed record CandidateJson(string Layout, double LogProbability, double HeldOutLoss, double? ScratchLoss, double? PredictedMs, double? MeasuredMs, double? MeasuredRatio, bool Chosen);
