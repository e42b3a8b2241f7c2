using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using Par.Cli.Console;
using Par.Dsl.Model;
using Par.Runtime.Data;
using Par.Search;
using Par.Search.Experiment;
using Par.Search.Reporting;
using Par.Search.Space;
using Par.Text;
using Spectre.Console;

namespace Par.Cli.Commands;

/// <summary>
/// <c>par search</c> without a file: the PAR experiment (<see cref="SearchExperiment"/>). Search <c>[sf-]xN</c>, train
/// the interleaved baseline and the found model for the same budget, compare them in a table and a report, and check
/// the paper's claims. Its trainings, latency cache and search checkpoint live in a work folder beside <c>--out</c>.
/// </summary>
internal static class MainSearchJob
{
    public static int Run(CliOutput cli, SearchCommandOptions choices, ParseResult parse, string outPath, string folder, Interruption interruption)
    {
        var workDirectory = Path.Combine(folder, "work");
        var checkpoint = SearchCommand.Checkpointing(choices, parse, workDirectory);
        var dataName = parse.GetValue(choices.Data)!;
        var defaults = MainJobSettings.Apply(parse.GetValue(choices.Set)!, choices.Profile(parse.CommandResult));
        var options = choices.Over(parse, defaults) with
        {
            Steps = parse.GetValue(choices.Steps) ?? defaults.Steps,
            CheckpointEvery = checkpoint.Every,
            WorkDirectory = workDirectory,
            Threads = parse.GetValue(choices.Threads) ?? 1,
        };
        var dataset = dataName == Dataset.Synthetic ? null : DataOptions.LoadDataset(dataName, parse.GetValue(choices.Tokens), options.Objective ?? TrainingObjective.CausalLanguageModel);
        var vocabulary = dataset?.Tokenizer.VocabularySize ?? HyperParameters.Default.Vocab;
        MemoryRequirement.Require(SearchSpace.Uniform("MainJob", options.Layers, options.HyperParameters(vocabulary)).ToSupernetModel(), options.Search.BatchSize, training: true, "--set batch");
        var searchSteps = options.SearchStepsOn(builtInCorpus: dataset is null);
        var trainingBudget = searchSteps == options.Steps ? "the same budget" : $"{options.Steps} steps";
        var resume = parse.GetValue(choices.Resume);
        cli.Line($"{(resume ? "resuming" : "searching")} [[{string.Concat(options.Candidates.Select(kind => kind.Letter()))}]]x{options.Layers} at d_model {options.DModel} on {Markup.Escape(dataset?.Name ?? "the built-in synthetic corpus")}, {searchSteps} steps, then training (sf)x{options.Layers / 2} and the found model for {trainingBudget}{(options.IsEncoder ? ", all as encoders (masked language models)" : string.Empty)}");

        ExperimentResult result;
        try
        {
            result = SearchProgressDisplay.Run(cli, progress => new SearchExperiment(options).Run(progress, interruption.Token, dataset, resume));
        }
        catch (SearchInterruptedException interrupted)
        {
            return SearchJobOutput.Interrupted(interrupted);
        }

        FoundModelWriter.Write(outPath, result.Search, result.Provenance);
        var heatmap = Path.Combine(folder, "probabilities.png");
        ProbabilityHeatmap.Write(heatmap, result.Search.History);
        var report = Path.Combine(folder, "report.md");
        ExperimentMarkdownReport.Write(report, result, Path.GetFileName(heatmap));

        cli.Write(ModelTable(result));
        cli.Line($"latency ms: each model timed whole on this machine; the search priced blocks by the latency table of {Markup.Escape(result.BlockLatency.DescribeDevice())}");
        var perStep = result.SearchStepsDiffer ? $", {result.SearchCostPerStepRatio:F2}x per step" : string.Empty;
        cli.Line($"search {result.Search.WallTime.TotalSeconds:F0} s = {result.SearchCostRatio:F2}x the baseline's training time{perStep} ({options.Search.Sampling.Describe()}; one weights-only supernet step = {result.WeightStepCostRatio:F2}x a baseline step); whole run {result.TotalWallTime.TotalSeconds:F0} s");
        var claims = new Table().Border(TableBorder.Rounded).AddColumns("the paper's claim", "holds", "measured");
        foreach (var claim in result.Claims())
        {
            claims.AddRow(Markup.Escape(claim.Claim), claim.Holds ? "[green]yes[/]" : "[red]no[/]", Markup.Escape(claim.Measured));
        }

        cli.Write(claims);
        SearchJobOutput.NoteNarrowDecisions(cli, result.Search.FinalProbabilities);
        SearchJobOutput.NoteDerivation(cli, result.Search);
        cli.Line($"found model: {Markup.Escape(outPath)}; heatmap: {Markup.Escape(heatmap)}; report: {Markup.Escape(report)}");
        cli.WriteJson(Json(result, outPath, options));
        return ExitCodes.Success;
    }

    // On text the recall columns mean nothing and the loss reads as bpc or perplexity, as the field reports it.
    private static Table ModelTable(ExperimentResult result)
    {
        var recallColumns = result.HasRecall;
        var maskedColumns = result.HasMaskedAccuracy;
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns(["model", "layout", "attention", "parameters", result.Metric.Name, .. maskedColumns ? new[] { "masked accuracy" } : [], .. recallColumns ? new[] { "recall loss" } : [], "latency ms", "latency ratio", "train s"]);
        foreach (var row in result.Rows)
        {
            table.AddRow([
                row.Name, Markup.Escape(row.Layout), row.AttentionBlocks.ToString(CultureInfo.InvariantCulture),
                row.Parameters.ToString("N0", CultureInfo.InvariantCulture), F(result.Metric.Of(row.ValidLoss), 4),
                .. maskedColumns ? new[] { row.MaskedAccuracy is { } accuracy ? F(accuracy, 3) : "-" } : [],
                .. recallColumns ? new[] { row.RecallLoss is { } recall ? F(recall, 4) : "-" } : [],
                F(row.LatencyMs, 2), F(row.LatencyRatio, 2), F(row.TrainingSeconds, 0)]);
        }

        return table;
    }

    private static MainJobJson Json(ExperimentResult result, string outPath, ExperimentOptions options) => new(
        result.Found.Layout,
        outPath,
        options.Search.Sampling.Describe(),
        result.Rows.Select(row => new ModelRowJson(
            row.Name,
            row.Layout,
            row.AttentionBlocks,
            row.Parameters,
            row.ValidLoss,
            result.Metric.Unit == LossUnit.BitsPerByte ? result.Metric.Of(row.ValidLoss) : null,
            result.Metric.Unit == LossUnit.Perplexity ? result.Metric.Of(row.ValidLoss) : null,
            row.RecallLoss,
            row.RecallAccuracy,
            row.MaskedAccuracy,
            row.LatencyMs,
            row.LatencyRatio,
            row.TrainingSeconds)),
        result.Search.Options.Steps,
        result.TrainingSteps,
        result.Search.WallTime.TotalSeconds,
        result.SearchCostRatio,
        result.SearchCostPerStepRatio,
        result.WeightStepCostRatio,
        result.TotalWallTime.TotalSeconds,
        result.Claims().Select(claim => new ClaimJson(claim.Claim, claim.Holds, claim.Measured)),
        NarrowDecisions.Of(result.Search.FinalProbabilities).Select(layer => layer.Layer),
        result.Search.LatencyBudgetMs,
        LatencyTableJson.Of(result.BlockLatency),
        DerivationJson.Of(result.Search));

    private static string F(double value, int decimals) => value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
