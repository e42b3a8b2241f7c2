using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using Par.Cli.Console;
using Par.Cli.Models;
using Par.Dsl.Counting;
using Par.Dsl.Model;
using Par.Dsl.Printing;
using Par.Runtime;
using Par.Search;
using Par.Search.Experiment;
using Par.Search.Latency;
using Par.Search.Reporting;
using Par.Search.Space;

namespace Par.Cli.Commands;

/// <summary>
/// <c>par search FILE</c>: searches the supernet of a file (or the space of a fixed baseline's layers and widths) on the
/// data and writes the found model, its heatmap and its report beside <c>--out</c>. An encoder's space searches as a
/// masked language model, with <c>[MASK]</c> added to the data's vocabulary as <c>par train</c> adds it.
/// </summary>
internal static class FileSearchJob
{
    public static int Run(CliOutput cli, SearchCommandOptions choices, ParseResult parse, string source, string outPath, string folder, Interruption interruption)
    {
        var checkpoint = SearchCommand.Checkpointing(choices, parse, folder);
        DataOptions.ApplyThreads(parse.GetValue(choices.Threads));
        var loaded = LoadedParFile.Load(source);
        var definition = parse.GetValue(choices.Set)!.ApplyTo(loaded.SelectModel(parse.GetValue(choices.Model)));
        var chosen = choices.Over(parse, choices.Profile(parse.CommandResult));
        var objective = DataOptions.ResolveObjective(chosen.Objective, definition);
        var dataset = DataOptions.LoadDataset(parse.GetValue(choices.Data)!, parse.GetValue(choices.Tokens), objective);
        definition = DataOptions.FitVocabulary(definition, dataset);
        var space = definition.IsSupernet ? SearchSpace.FromSupernet(definition) : SearchSpace.FromBaseline(definition);
        var options = chosen.Search with
        {
            Steps = parse.GetValue(choices.Steps) ?? chosen.Search.Steps,
            Checkpoint = checkpoint,
        };
        MemoryRequirement.Require(space.ToSupernetModel(), options.BatchSize, training: true, "batch");
        var timed = options.Latency.TimedShape(definition.HyperParameters);
        var latencyTable = options.Latency.IsOn
            ? LatencyTableCache.At(chosen.LatencyTablePath).GetOrMeasure(timed, options.Device, chosen.RemeasureLatency)
            : null;
        if (latencyTable is not null)
        {
            cli.Line(Spectre.Console.Markup.Escape(latencyTable.ToTableText()));
        }

        var resume = parse.GetValue(choices.Resume);
        cli.Line($"{(resume ? "resuming" : "searching")} {Spectre.Console.Markup.Escape(ParPrinter.PrintLayout(space.Layers))} ({space.Layers.Count} layers) on {Spectre.Console.Markup.Escape(dataset.Name)}, {options.Steps} steps, {options.Sampling.Describe()}");
        SearchResult result;
        try
        {
            result = SearchProgressDisplay.Run(cli, progress => new ArchitectureSearch(space, options, latencyTable).Run(
                dataset.Train,
                new SynchronousProgress<Par.Search.Progress.SearchProgress>(report => progress.Report(new ExperimentProgress(ExperimentStage.Searching, Search: report))),
                interruption.Token,
                resume,
                dataset.Tokenizer));
        }
        catch (SearchInterruptedException interrupted)
        {
            return SearchJobOutput.Interrupted(interrupted);
        }

        var provenance = new SearchProvenance(DateTimeOffset.UtcNow, dataset.Name, $"{dataset.Tokenizer.Name} ({dataset.Tokenizer.VocabularySize} tokens)", result.WallTime);
        FoundModelWriter.Write(outPath, result, provenance);
        var heatmap = Path.Combine(folder, "probabilities.png");
        ProbabilityHeatmap.Write(heatmap, result.History);
        var report = Path.Combine(folder, "search.md");
        SearchMarkdownReport.Write(report, result, provenance, Path.GetFileName(heatmap));

        var found = result.Found;
        cli.Line($"found [bold]{Spectre.Console.Markup.Escape(ParPrinter.PrintLayout(found.Layout))}[/]: {found.LayerCount} layers, {found.AttentionBlockCount} attention, {ParameterCounter.Count(found):N0} parameters, in {result.WallTime.TotalSeconds:F0} s");
        SearchJobOutput.NoteNarrowDecisions(cli, result.FinalProbabilities);
        SearchJobOutput.NoteDerivation(cli, result);
        cli.Line($"written to {Spectre.Console.Markup.Escape(outPath)}; heatmap: {Spectre.Console.Markup.Escape(heatmap)}; report: {Spectre.Console.Markup.Escape(report)}");
        cli.WriteJson(new FileSearchJson(
            ParPrinter.PrintLayout(found.Layout),
            outPath,
            options.Sampling.Describe(),
            found.LayerCount,
            found.AttentionBlockCount,
            ParameterCounter.Count(found),
            result.WallTime.TotalSeconds,
            result.TokensSeen,
            result.FinalProbabilities.Select(layer => new LayerProbabilitiesJson(
                layer.Layer, layer.Of(BlockKind.SelfAttention), layer.Of(BlockKind.FeedForward), layer.Of(BlockKind.Identity))),
            NarrowDecisions.Of(result.FinalProbabilities).Select(layer => layer.Layer),
            result.LatencyBudgetMs,
            LatencyTableJson.Of(result.LatencyTable),
            DerivationJson.Of(result)));
        return ExitCodes.Success;
    }
}
