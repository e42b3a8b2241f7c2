using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using Par.Cli.Console;
using Par.Cli.Models;
using Par.Dsl.Counting;
using Par.Dsl.Model;
using Par.Dsl.Printing;
using Par.Runtime;
using Par.Runtime.Data;
using Par.Search;
using Par.Search.Derivation;
using Par.Search.Experiment;
using Par.Search.Gradients;
using Par.Search.Latency;
using Par.Search.Progress;
using Par.Search.Reporting;
using Par.Search.Space;
using Spectre.Console;

namespace Par.Cli.Commands;

/// <summary>
/// <c>par search</c>: the PAR supernet search. With no file it is the main job: search <c>[sf-]xN</c> on
/// the data, then train the interleaved baseline and the found model for the same budget and compare them.
/// With a file it searches that supernet (or the space of a fixed baseline) and writes what it found.
/// Either way the found model is written back as a canonical <c>.par</c> file with its provenance.
/// </summary>
internal static class SearchCommand
{
    public static Command Create()
    {
        var file = new Argument<string?>("file") { Description = "A supernet .par ([sf-] layers) or a baseline whose layers and widths define the space. Omit for the main job.", Arity = ArgumentArity.ZeroOrOne };
        var from = new Option<string?>("--from") { Description = "A baseline .par whose layer count and widths define the space (every layer becomes [sf-])." };
        var model = CommonOptions.Model();
        var set = CommonOptions.Set();
        var json = CommonOptions.Json();
        var data = DataOptions.Data();
        var tokens = DataOptions.Tokens();
        var threads = DataOptions.Threads();
        var device = DataOptions.Device();
        var steps = new Option<int?>("--steps") { Description = $"Weight steps of the search of a file; the main job: steps of each comparison training (a soft search of the built-in corpus runs {SoftSearchShare} of them; otherwise all)." }.Positive();
        var searchSteps = new Option<int?>("--search-steps") { Description = $"Main job: weight steps of the search (default: a soft search of the built-in corpus {SoftSearchShare} of --steps, as the paper searched 40k iterations and trained 200k; otherwise all)." }.Positive();
        var seed = new Option<int>("--seed") { Description = "Seed for initialisation, Gumbel noise and path sampling.", DefaultValueFactory = _ => 1 };
        var sampling = new Option<string>("--sampling") { Description = "soft (all candidates, Gumbel-softmax weighted) or single-path (one sampled block per layer).", DefaultValueFactory = _ => SamplingMode.Soft.Name() };
        var pathGradient = new Option<string?>("--path-gradient") { Description = "With --sampling single-path: reinforce (default; paired sampled paths) or straight-through (ProxylessNAS binary gates)." };
        var latencyWeight = new Option<double?>("--latency-weight") { Description = "FBNet latency-aware loss weight α (0 turns it off; main job: 0.2, a file: off)." }.NotNegative();
        var latencyExponent = new Option<double?>("--latency-exponent") { Description = "FBNet's β in CE·α·log(LAT)^β, the loss/latency trade-off (main job: 0.35, a file: FBNet's 0.6)." }.NotNegative();
        var latencyLoss = new Option<string?>("--latency-loss") { Description = "budget (penalise only the expected latency above --latency-target, so within it the loss alone decides) or fbnet (CE·α·log(LAT)^β: every microsecond priced). Default: fbnet." };
        var latencyTarget = new Option<double?>("--latency-target") { Description = $"The latency budget as a fraction of the interleaved baseline (sf...) of the space's depth, from the block latency table (default {SearchOptions.DefaultLatencyTarget}, PAR Base / Transformer-XL Base in the paper). Implies --latency-loss budget." }.Positive();
        var latencyTargetMs = new Option<double?>("--latency-target-ms") { Description = "The latency budget in milliseconds of the block latency table, instead of --latency-target." }.Positive();
        var derive = new Option<string?>("--derive") { Description = "most-probable (the paper's per-layer argmax; default) or measured (the most probable layouts within the budget scored with the supernet's weights on held-out data; the best-scored timed for real)." };
        var identityPenalty = new Option<double?>("--identity-penalty") { Description = "Weight of an identity prior in the architecture loss: this times the mean probability of identity (P-DARTS' remedy against collapse to skip). Default 0." }.NotNegative();
        var candidates = new Option<string?>("--candidates") { Description = "Main job: the candidates of every searched layer, sf- (the paper's, default) or sf (every layer kept; the search decides where attention goes)." };
        var latencyTable = new Option<string?>("--latency-table") { Description = "The block latency cache to read or measure into (default: block-latency.json beside --out, or in its work folder for the main job). Share one file across runs to compare seeds on one measured table." };
        var checkpointEvery = new Option<int>("--checkpoint-every") { Description = "Save the search state every this many steps, and on Ctrl-C (search.parsearch beside --out; the main job: in its work folder).", DefaultValueFactory = _ => 100 }.Positive();
        var resume = new Option<bool>("--resume") { Description = "Continue from the saved search state, with the same file (or none, for the main job), data and settings." };
        var output = new Option<string>("--out") { Description = "Where to write the found model; the heatmap and report go beside it.", DefaultValueFactory = _ => Path.Combine("runs", "search", "Found.par") };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace an existing --out file that an earlier search did not write (one it wrote is always replaced)." };
        var command = new Command("search", "Find where attention is required: the PAR supernet search, written back as a .par file.")
        {
            file, from, model, set, data, tokens, steps, searchSteps, seed, sampling, pathGradient, latencyWeight, latencyExponent, latencyLoss, latencyTarget, latencyTargetMs, derive, identityPenalty, candidates, latencyTable, output, overwrite, checkpointEvery, resume, device, threads, json,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var cli = new CliOutput(parse.GetValue(json));
            var outPath = OutputPath.RequireWritableFile("--out", parse.GetValue(output));
            RequireReplaceable(outPath, parse.GetValue(overwrite));
            if (parse.GetValue(latencyTable) is { } latencyTablePath)
            {
                OutputPath.RequireWritableFile("--latency-table", latencyTablePath);
            }

            var folder = Path.GetDirectoryName(Path.GetFullPath(outPath))!;
            var mode = EnumOption.Parse(SamplingModeNames.All, "--sampling", parse.GetValue(sampling));
            var estimator = parse.GetValue(pathGradient) switch
            {
                { } given when mode != SamplingMode.SinglePath => throw new UsageException($"--path-gradient {given}: only single-path search has a path gradient; add --sampling single-path."),
                null => PathGradient.Reinforce,
                var given => EnumOption.Parse(PathGradientNames.All, "--path-gradient", given),
            };
            LatencyLossForm? form = parse.GetValue(latencyLoss) is { } loss ? EnumOption.Parse(LatencyLossFormNames.All, "--latency-loss", loss) : null;
            DerivationMode? derivation = parse.GetValue(derive) is { } derivationName ? EnumOption.Parse(DerivationModeNames.All, "--derive", derivationName) : null;
            var source = parse.GetValue(file) ?? parse.GetValue(from);
            var dataName = parse.GetValue(data)!;
            var choices = new SearchChoices(
                parse.GetValue(steps), parse.GetValue(searchSteps), parse.GetValue(seed), mode, estimator, parse.GetValue(latencyWeight), parse.GetValue(latencyExponent), parse.GetValue(latencyTable),
                DeviceOption.Resolve(parse.GetValue(device)), new LatencyChoices(form, parse.GetValue(latencyTarget), parse.GetValue(latencyTargetMs)), derivation, parse.GetValue(identityPenalty))
                .Validated(searchingAFile: source is not null);
            var checkpointFolder = source is null ? ExperimentWorkDirectory(folder) : folder;
            var checkpoint = new SearchCheckpointChoice(Path.Combine(checkpointFolder, SearchOptions.CheckpointFileName), parse.GetValue(checkpointEvery), parse.GetValue(resume)).Validated();

            var space = parse.GetValue(candidates) switch
            {
                null => null,
                "sf-" => SearchSpace.PaperCandidates,
                "sf" => (IReadOnlyList<BlockKind>)[BlockKind.SelfAttention, BlockKind.FeedForward],
                var other => throw new UsageException($"--candidates: expected sf- or sf, got '{other}'."),
            };
            if (space is not null && source is not null)
            {
                throw new UsageException("--candidates: a file's layout defines its space (write [sf] layers in it); the option is for the main job.");
            }

            using var interruption = new Interruption();
            return source is null
                ? RunExperiment(cli, parse.GetValue(set), dataName, parse.GetValue(tokens), choices, space, checkpoint, parse.GetValue(threads), outPath, folder, interruption)
                : RunSearch(cli, source, parse.GetValue(model), parse.GetValue(set), dataName, parse.GetValue(tokens), choices, checkpoint, parse.GetValue(threads), outPath, folder, interruption);
        }));
        return command;
    }

    private static int RunExperiment(
        CliOutput cli, string[]? settings, string dataName, string? tokens, SearchChoices choices, IReadOnlyList<BlockKind>? candidates, SearchCheckpointChoice checkpoint,
        int? threads, string outPath, string folder, Interruption interruption)
    {
        var options = ApplySettings(new ExperimentOptions(), settings) with
        {
            Candidates = candidates ?? SearchSpace.PaperCandidates,
            Seed = choices.Seed,
            WorkDirectory = ExperimentWorkDirectory(folder),
            LatencyTablePath = choices.LatencyTable,
            Device = choices.Device,
            Threads = threads ?? 1,
        };
        options = options with
        {
            Steps = choices.Steps ?? options.Steps,
            SearchSteps = choices.SearchSteps ?? options.SearchSteps,
            Search = choices.ApplyTo(options.Search) with { CheckpointEvery = checkpoint.Every },
        };
        var dataset = dataName == Dataset.Synthetic ? null : DataOptions.LoadDataset(dataName, tokens);
        var vocabulary = dataset?.Tokenizer.VocabularySize ?? HyperParameters.Default.Vocab;
        MemoryRequirement.Require(SearchSpace.Uniform("MainJob", options.Layers, options.HyperParameters(vocabulary)).ToSupernetModel(), options.BatchSize, training: true, "--set batch");
        var searchSteps = options.SearchStepsOn(builtInCorpus: dataset is null);
        var trainingBudget = searchSteps == options.Steps ? "the same budget" : $"{options.Steps} steps";
        cli.Line($"{(checkpoint.Resume ? "resuming" : "searching")} [[{string.Concat(options.Candidates.Select(kind => kind.Letter()))}]]x{options.Layers} at d_model {options.DModel} on {Spectre.Console.Markup.Escape(dataset?.Name ?? "the built-in synthetic corpus")}, {searchSteps} steps, then training (sf)x{options.Layers / 2} and the found model for {trainingBudget}");

        ExperimentResult result;
        try
        {
            result = SearchProgressDisplay.Run(cli, progress => new SearchExperiment(options).Run(progress, interruption.Token, dataset, checkpoint.Resume));
        }
        catch (SearchInterruptedException interrupted)
        {
            NoteInterrupted(interrupted);
            return ExitCodes.RunFailure;
        }

        FoundModelWriter.Write(outPath, result.Search, result.Provenance);
        var heatmap = Path.Combine(folder, "probabilities.png");
        ProbabilityHeatmap.Write(heatmap, result.Search.History);
        var report = Path.Combine(folder, "report.md");
        ExperimentMarkdownReport.Write(report, result, Path.GetFileName(heatmap));

        // On text the recall columns mean nothing and the loss reads as bpc or perplexity, as the field reports it.
        var recallColumns = result.HasRecall;
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns(["model", "layout", "attention", "parameters", result.Metric.Name, .. recallColumns ? new[] { "recall loss" } : [], "latency ms", "latency ratio", "train s"]);
        foreach (var row in result.Rows)
        {
            table.AddRow([
                row.Name, Spectre.Console.Markup.Escape(row.Layout), row.AttentionBlocks.ToString(CultureInfo.InvariantCulture),
                row.Parameters.ToString("N0", CultureInfo.InvariantCulture), F(result.Metric.Of(row.ValidLoss), 4),
                .. recallColumns ? new[] { row.RecallLoss is { } recall ? F(recall, 4) : "-" } : [],
                F(row.LatencyMs, 2), F(row.LatencyRatio, 2), F(row.TrainingSeconds, 0)]);
        }

        cli.Write(table);
        var perStep = result.SearchStepsDiffer ? $", {result.SearchCostPerStepRatio:F2}x per step" : string.Empty;
        cli.Line($"search {result.Search.WallTime.TotalSeconds:F0} s = {result.SearchCostRatio:F2}x the baseline's training time{perStep} ({options.Search.DescribeSampling()}; one weights-only supernet step = {result.WeightStepCostRatio:F2}x a baseline step); whole run {result.TotalWallTime.TotalSeconds:F0} s");
        var claims = new Table().Border(TableBorder.Rounded).AddColumns("the paper's claim", "holds", "measured");
        foreach (var claim in result.Claims())
        {
            claims.AddRow(Spectre.Console.Markup.Escape(claim.Claim), claim.Holds ? "[green]yes[/]" : "[red]no[/]", Spectre.Console.Markup.Escape(claim.Measured));
        }

        cli.Write(claims);
        NoteNarrowDecisions(cli, result.Search.FinalProbabilities);
        NoteDerivation(cli, result.Search);
        cli.Line($"found model: {Spectre.Console.Markup.Escape(outPath)}; heatmap: {Spectre.Console.Markup.Escape(heatmap)}; report: {Spectre.Console.Markup.Escape(report)}");
        cli.WriteJson(new
        {
            found_layout = result.Found.Layout,
            found_file = outPath,
            sampling = options.Search.DescribeSampling(),
            rows = result.Rows.Select(row => new
            {
                model = row.Name,
                layout = row.Layout,
                attention_blocks = row.AttentionBlocks,
                @params = row.Parameters,
                valid_loss = row.ValidLoss,
                valid_bpc = result.Metric.Unit == LossUnit.BitsPerByte ? result.Metric.Of(row.ValidLoss) : (double?)null,
                valid_ppl = result.Metric.Unit == LossUnit.Perplexity ? result.Metric.Of(row.ValidLoss) : (double?)null,
                recall_loss = row.RecallLoss,
                recall_accuracy = row.RecallAccuracy,
                latency_ms = row.LatencyMs,
                latency_ratio = row.LatencyRatio,
                training_seconds = row.TrainingSeconds,
            }),
            search_steps = result.Search.Options.Steps,
            training_steps = result.TrainingSteps,
            search_seconds = result.Search.WallTime.TotalSeconds,
            search_cost_ratio = result.SearchCostRatio,
            search_cost_per_step_ratio = result.SearchCostPerStepRatio,
            weight_step_cost_ratio = result.WeightStepCostRatio,
            total_seconds = result.TotalWallTime.TotalSeconds,
            claims = result.Claims().Select(claim => new { claim = claim.Claim, holds = claim.Holds, measured = claim.Measured }),
            narrow_layers = NarrowDecisions.Of(result.Search.FinalProbabilities).Select(layer => layer.Layer),
            latency_budget_ms = result.Search.LatencyBudgetMs,
            derivation = DerivationJson(result.Search),
        });
        return ExitCodes.Success;
    }

    private static int RunSearch(
        CliOutput cli, string source, string? modelName, string[]? settings, string dataName, string? tokens, SearchChoices choices,
        SearchCheckpointChoice checkpoint, int? threads, string outPath, string folder, Interruption interruption)
    {
        DataOptions.ApplyThreads(threads);
        var loaded = LoadedParFile.Load(source);
        var definition = HyperParameterOverrides.Parse(settings).ApplyTo(loaded.SelectModel(modelName));
        var dataset = DataOptions.LoadDataset(dataName, tokens);
        definition = DataOptions.FitVocabulary(definition, dataset);
        var space = definition.IsSupernet ? SearchSpace.FromSupernet(definition) : SearchSpace.FromBaseline(definition);
        var options = choices.ApplyTo(new SearchOptions());
        MemoryRequirement.Require(space.ToSupernetModel(), options.BatchSize, training: true, "batch");
        options = options with { Steps = choices.Steps ?? options.Steps, CheckpointPath = checkpoint.Path, CheckpointEvery = checkpoint.Every };
        var hp = definition.HyperParameters;
        var latencyTable = options.LatencyWeight > 0
            ? new LatencyTableCache(choices.LatencyTable ?? Path.Combine(folder, LatencyTableCache.DefaultFileName)).GetOrMeasure(BlockLatencyMeasurer.CurrentDevice(options.Device), hp, () => BlockLatencyMeasurer.Measure(hp, device: options.Device))
            : null;
        if (latencyTable is not null)
        {
            cli.Line(Spectre.Console.Markup.Escape(latencyTable.ToTableText()));
        }

        cli.Line($"{(checkpoint.Resume ? "resuming" : "searching")} {Spectre.Console.Markup.Escape(ParPrinter.PrintLayout(space.Layers))} ({space.Layers.Count} layers) on {Spectre.Console.Markup.Escape(dataset.Name)}, {options.Steps} steps, {options.DescribeSampling()}");
        SearchResult result;
        try
        {
            result = SearchProgressDisplay.Run(cli, progress => new ArchitectureSearch(space, options, latencyTable).Run(
                dataset.Train,
                new SynchronousProgress<Par.Search.Progress.SearchProgress>(report => progress.Report(new ExperimentProgress(ExperimentStage.Searching, Search: report))),
                interruption.Token,
                checkpoint.Resume));
        }
        catch (SearchInterruptedException interrupted)
        {
            NoteInterrupted(interrupted);
            return ExitCodes.RunFailure;
        }

        var provenance = new SearchProvenance(DateTimeOffset.UtcNow, dataset.Name, $"{dataset.Tokenizer.Name} ({dataset.Tokenizer.VocabularySize} tokens)", result.WallTime);
        FoundModelWriter.Write(outPath, result, provenance);
        var heatmap = Path.Combine(folder, "probabilities.png");
        ProbabilityHeatmap.Write(heatmap, result.History);
        var report = Path.Combine(folder, "search.md");
        SearchMarkdownReport.Write(report, result, provenance, Path.GetFileName(heatmap));

        var found = result.Found;
        cli.Line($"found [bold]{Spectre.Console.Markup.Escape(ParPrinter.PrintLayout(found.Layout))}[/]: {found.LayerCount} layers, {found.AttentionBlockCount} attention, {ParameterCounter.Count(found):N0} parameters, in {result.WallTime.TotalSeconds:F0} s");
        NoteNarrowDecisions(cli, result.FinalProbabilities);
        NoteDerivation(cli, result);
        cli.Line($"written to {Spectre.Console.Markup.Escape(outPath)}; heatmap: {Spectre.Console.Markup.Escape(heatmap)}; report: {Spectre.Console.Markup.Escape(report)}");
        cli.WriteJson(new
        {
            found_layout = ParPrinter.PrintLayout(found.Layout),
            found_file = outPath,
            sampling = options.DescribeSampling(),
            layers = found.LayerCount,
            attention_blocks = found.AttentionBlockCount,
            @params = ParameterCounter.Count(found),
            search_seconds = result.WallTime.TotalSeconds,
            tokens_seen = result.TokensSeen,
            probabilities = result.FinalProbabilities.Select(layer => new
            {
                layer = layer.Layer,
                s = layer.Of(BlockKind.SelfAttention),
                f = layer.Of(BlockKind.FeedForward),
                identity = layer.Of(BlockKind.Identity),
            }),
            narrow_layers = NarrowDecisions.Of(result.FinalProbabilities).Select(layer => layer.Layer),
            latency_budget_ms = result.LatencyBudgetMs,
            derivation = DerivationJson(result),
        });
        return ExitCodes.Success;
    }

    private static void NoteDerivation(CliOutput cli, SearchResult result)
    {
        foreach (var line in DerivationReport.Summary(result))
        {
            cli.Line(Spectre.Console.Markup.Escape(line));
        }

        if (DerivationReport.CandidatesMarkdown(result) is { } candidates)
        {
            cli.Line(Spectre.Console.Markup.Escape(candidates.TrimEnd()));
        }
    }

    private static object? DerivationJson(SearchResult result) => result.MeasuredDerivation is not { } derivation
        ? null
        : new
        {
            within_budget = derivation.WithinBudget,
            budget_ratio = derivation.BudgetRatio,
            baseline_ms = derivation.BaselineMs,
            candidates = derivation.Scored.Select(entry => new
            {
                layout = ParPrinter.PrintLayout(entry.Candidate.Layout),
                log_probability = entry.Candidate.LogProbability,
                held_out_loss = entry.HeldOutLoss,
                predicted_ms = entry.Candidate.PredictedMs,
                measured_ms = entry.MeasuredMs,
                measured_ratio = entry.MeasuredRatio,
                chosen = ReferenceEquals(entry, derivation.Chosen),
            }),
        };

    /// <summary>A file the search did not write is the user's: it is replaced only with --overwrite.</summary>
    private static void RequireReplaceable(string outPath, bool overwrite)
    {
        if (!overwrite && File.Exists(outPath) && !FoundModelWriter.IsFoundModelFile(outPath))
        {
            throw new UsageException($"--out {outPath}: the file exists and was not written by a search (it has no search provenance header); pass --overwrite to replace it, or choose another --out.");
        }
    }

    private static void NoteInterrupted(SearchInterruptedException interrupted) =>
        CliOutput.Note($"par: interrupted after step {interrupted.Step}; search state saved to {interrupted.CheckpointPath}. Continue with the same command and --resume.");

    private static string SoftSearchShare => string.Create(CultureInfo.InvariantCulture, $"{ExperimentOptions.SoftSearchShare * 100:0}%");

    // The main job's trainings, latency cache and search checkpoint live here, beside its report.
    private static string ExperimentWorkDirectory(string folder) => Path.Combine(folder, "work");

    private static void NoteNarrowDecisions(CliOutput cli, IReadOnlyList<LayerProbabilities> finalProbabilities)
    {
        if (NarrowDecisions.Describe(finalProbabilities) is { } narrow)
        {
            cli.Line($"[yellow]close calls:[/] {Spectre.Console.Markup.Escape(narrow)}");
        }
    }

    /// <summary>The main job's widths come from --set like everywhere else; the experiment owns the layout.</summary>
    private static ExperimentOptions ApplySettings(ExperimentOptions options, string[]? settings)
    {
        foreach (var setting in settings ?? [])
        {
            var parts = setting.Split('=', 2);
            if (parts.Length != 2 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value <= 0)
            {
                throw new UsageException($"--set expects key=positive-number for the main search job, got '{setting}'.");
            }

            options = parts[0] switch
            {
                "layers" => options with { Layers = value },
                "d_model" => options with { DModel = value },
                "heads" => options with { Heads = value },
                "d_ff" => options with { DFeedForward = value },
                "context" => options with { Context = value },
                "memory" => options with { Memory = value },
                "batch" => options with { BatchSize = value },
                _ => throw new UsageException($"--set {parts[0]}: the main search job takes layers, d_model, heads, d_ff, context, memory or batch."),
            };
        }

        if (options.DModel % options.Heads != 0)
        {
            throw new UsageException($"--set: d_model {options.DModel} is not divisible by heads {options.Heads}.");
        }

        if (options.Layers < 2 || options.Layers % 2 != 0)
        {
            throw new UsageException($"--set layers: the interleaved baseline (sf)xN needs an even layer count of at least 2, got {options.Layers}.");
        }

        return options;
    }


    private static string F(double value, int decimals) => value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
