using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using Par.Cli.Console;
using Par.Cli.Models;
using Par.Cli.Plots;
using Par.Dsl.Model;
using Par.Dsl.Printing;
using Par.Runtime.Data;
using Par.Runtime.Evaluation;
using Par.Runtime.Export;
using Par.Runtime.Files;
using Par.Runtime.Models;
using Par.Runtime.Training;
using Par.Text;
using static TorchSharp.torch;

namespace Par.Cli.Commands;

/// <summary>
/// <c>par train FILE</c>: trains a model from a .par file on the built-in synthetic corpus or a text
/// corpus, with checkpoints, resume, Ctrl-C safety, curves and optional safetensors export. An encoder
/// (<c>attention = bidirectional</c>) trains as a masked language model, with <c>[MASK]</c> added to the vocabulary.
/// </summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var file = CommonOptions.ParFile();
        var model = CommonOptions.Model();
        var set = CommonOptions.Set();
        var json = CommonOptions.Json();
        var data = DataOptions.Data();
        var tokens = DataOptions.Tokens();
        var device = DataOptions.Device();
        var threads = DataOptions.Threads();
        var objective = DataOptions.Objective();
        var steps = new Option<int>("--steps") { Description = "Optimizer steps in total (a resumed run continues up to it).", DefaultValueFactory = _ => 1000 }.Positive();
        var batch = new Option<int>("--batch") { Description = "Contiguous rows per segment.", DefaultValueFactory = _ => 16 }.Positive();
        var learningRate = new Option<double>("--lr") { Description = "Peak learning rate (AdamW, linear warm-up then cosine decay).", DefaultValueFactory = _ => 1e-3 }.Positive();
        var warmup = new Option<int?>("--warmup") { Description = "Warm-up steps (default: a tenth of --steps, at most 100)." }.NotNegative();
        var weightDecay = new Option<double>("--weight-decay") { Description = "Decoupled weight decay on matrices.", DefaultValueFactory = _ => 0.01 }.NotNegative();
        var clip = new Option<double>("--clip") { Description = "Global gradient-norm clip (0 disables).", DefaultValueFactory = _ => 0.25 }.NotNegative();
        var seed = new Option<long>("--seed") { Description = "Seed for initialisation, dropout and data.", DefaultValueFactory = _ => 42 };
        var evalInterval = new Option<int>("--eval-interval") { Description = "Validate every N steps and at the end (0: only once, after training).", DefaultValueFactory = _ => 200 }.NotNegative();
        var evalBatches = new Option<int>("--eval-batches") { Description = "Validation segments per evaluation (0 = the whole split).", DefaultValueFactory = _ => 20 }.NotNegative();
        var checkpointInterval = new Option<int>("--checkpoint-interval") { Description = "Save a checkpoint every N steps, and always at the end and on Ctrl-C (0: only then).", DefaultValueFactory = _ => 100 }.NotNegative();
        var output = new Option<string?>("--out") { Description = "Run folder for the checkpoint, curves and history (default runs/MODEL)." };
        var resume = new Option<bool>("--resume") { Description = "Continue from the checkpoint in the run folder." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Train afresh over a run folder's checkpoint; also replace an --export file Par did not write." };
        var export = new Option<string?>("--export") { Description = "Also write the final weights as .safetensors, readable by PyTorch (see docs/pytorch.md)." };
        var command = new Command("train", "Train a model on the built-in synthetic corpus or a text corpus.")
        {
            file, model, set, data, tokens, objective, steps, batch, learningRate, warmup, weightDecay, clip, seed,
            evalInterval, evalBatches, checkpointInterval, output, resume, overwrite, export, device, threads, json,
        };
        command.Validators.Add(result =>
        {
            if (result.ValueOrDefault(resume) && result.ValueOrDefault(overwrite))
            {
                result.AddError("--resume continues the checkpoint and --overwrite replaces it; choose one (to continue a run started with --overwrite, drop --overwrite).");
            }
        });
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var cli = new CliOutput(parse.GetValue(json));
            DataOptions.ApplyThreads(parse.GetValue(threads));
            var loaded = LoadedParFile.Load(parse.GetValue(file)!);
            var definition = parse.GetValue(set)!.ApplyTo(loaded.SelectModel(parse.GetValue(model)));
            if (definition.IsSupernet)
            {
                throw new UsageException($"'{definition.Name}' is a search space ([sf-] choices); run 'par search {loaded.Path}' to find a layout, then train that.");
            }

            var trainingObjective = DataOptions.ResolveObjective(parse.GetValue(objective), definition);
            var runFolder = OutputPath.RequireWritableFolder("--out", parse.GetValue(output) ?? Path.Combine("runs", definition.Name));
            var exportPath = parse.GetValue(export) is { } exportTo ? RequireExportPath(exportTo, runFolder, parse.GetValue(overwrite)) : null;
            using var runLock = RunFolderLock.Acquire(runFolder);
            RequireFreshOrChosen(Path.Combine(runFolder, TrainingOptions.CheckpointFileName), parse.GetValue(resume), parse.GetValue(overwrite));
            var dataset = DataOptions.LoadDataset(parse.GetValue(data)!, parse.GetValue(tokens), trainingObjective);
            definition = DataOptions.FitVocabulary(definition, dataset);
            MemoryRequirement.Require(definition, parse.GetValue(batch), training: true, "--batch");
            var options = new TrainingOptions
            {
                Steps = parse.GetValue(steps),
                WarmupSteps = parse.GetValue(warmup) ?? Math.Min(100, parse.GetValue(steps) / 10),
                Batch = parse.GetValue(batch),
                Context = definition.HyperParameters.Context,
                LearningRate = parse.GetValue(learningRate),
                WeightDecay = parse.GetValue(weightDecay),
                GradientClip = parse.GetValue(clip),
                Seed = parse.GetValue(seed),
                Objective = trainingObjective,
                EvalInterval = parse.GetValue(evalInterval),
                EvalBatches = parse.GetValue(evalBatches),
                CheckpointInterval = parse.GetValue(checkpointInterval),
                CheckpointDirectory = runFolder,
            };
            var checkpointPath = Path.Combine(runFolder, TrainingOptions.CheckpointFileName);
            if (parse.GetValue(resume))
            {
                options = options with { ResumeFrom = File.Exists(checkpointPath)
                    ? checkpointPath
                    : throw new UsageException($"--resume: no checkpoint at {checkpointPath}; train without --resume first.") };
                RequireSameModel(checkpointPath, definition);
            }

            var target = parse.GetValue(device)!;
            manual_seed(options.Seed);
            using var network = LayoutModel.Create(definition, target);
            var trainingData = new TrainingData(dataset.Train, dataset.Valid, dataset.Tokenizer, ParPrinter.Print(definition));
            cli.Line($"training [bold]{Markup(definition.Name)}[/] {Markup(network.Layout)} on {Markup(dataset.Name)} ({dataset.Tokenizer.Name}, {dataset.Train.Count:N0} tokens) -> {Markup(runFolder)}");

            var curvesPath = Path.Combine(runFolder, TrainingCurvesPlot.FileName);
            var trainer = new Trainer(network, trainingData, options);
            trainer.CheckpointSaved += saved => TrainingCurvesPlot.Write(saved.History, curvesPath);
            using var interruption = new Interruption();
            TrainingResult result;
            try
            {
                result = TrainingProgressDisplay.Run(cli, definition.Name, options.Steps, progress => trainer.Run(progress, interruption.Token));
            }
            catch (TrainingDivergedException diverged)
            {
                CliOutput.Note($"par: {diverged.Message}");
                CliOutput.Note(diverged.LastCheckpoint is null
                    ? "par: no checkpoint had been written yet; lower --lr or raise --warmup and start again."
                    : $"par: the last good checkpoint is untouched: {diverged.LastCheckpoint}. Lower --lr and --resume, or start again.");
                return ExitCodes.RunFailure;
            }

            if (result.Interrupted)
            {
                CliOutput.Note($"par: interrupted at step {result.Step}; checkpoint saved to {result.CheckpointPath}. Continue with the same command and --resume.");
                return ExitCodes.RunFailure;
            }

            var validation = result.LastValidation ?? Evaluator.Evaluate(network, dataset.Valid, options.Batch, options.Context, dataset.Tokenizer, options.Objective, options.EvalBatches);
            var trainLoss = result.History.Count > 0 ? result.History[^1].TrainLoss : double.NaN;
            if (exportPath is not null)
            {
                SafetensorsWeights.Export(network, exportPath, new ModelMetadata(definition, dataset.Tokenizer.Describe(), result.Step, trainLoss));
                cli.Line($"weights exported to {Markup(exportPath)}");
            }

            ResultTable.Write(cli, definition.Name, network.Layout, trainLoss, validation);
            cli.Line($"checkpoint: {Markup(checkpointPath)}; curves: {Markup(curvesPath)}");
            cli.WriteJson(ResultTable.Json(definition.Name, network.Layout, result.Step, trainLoss, validation, checkpointPath));
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>A checkpoint already in the run folder is someone's work: only --resume continues it, only --overwrite replaces it.</summary>
    private static void RequireFreshOrChosen(string checkpointPath, bool resume, bool overwrite)
    {
        if (!resume && !overwrite && File.Exists(checkpointPath))
        {
            throw new UsageException($"--out: {checkpointPath} already holds a checkpoint; add --resume to continue it, --overwrite to train afresh and replace it, or choose another --out folder.");
        }
    }

    /// <summary>
    /// --export replaces only weights Par exported (a corpus file, the .par being trained or another run's checkpoint is
    /// the user's), unless --overwrite; never a file this run writes itself.
    /// </summary>
    private static string RequireExportPath(string path, string runFolder, bool overwrite)
    {
        OutputPath.RequireWritableFile("--export", path);
        var full = Path.GetFullPath(path);
        string[] runsOwn = [TrainingOptions.CheckpointFileName, TrainingCurvesPlot.FileName, TrainingHistoryFile.FileName];
        if (runsOwn.FirstOrDefault(own => Path.GetFullPath(Path.Combine(runFolder, own)) == full) is { } clash)
        {
            throw new UsageException($"--export {path}: this run writes its {clash} there; choose another path.");
        }

        OutputPath.RequireReplaceable("--export", path, overwrite, SafetensorsWeights.IsWrittenByPar, "weights Par exported (a safetensors file whose metadata names the Par version)");
        return path;
    }

    /// <summary>Weights of another model would fail deep inside libtorch on the first mismatched shape; say what differs instead.</summary>
    private static void RequireSameModel(string checkpointPath, ParModel definition)
    {
        string trained;
        using (var stored = CheckpointFile.Load(checkpointPath))
        {
            trained = stored.ParText;
        }

        if (ModelTextDifference.First(trained, ParPrinter.Print(definition)) is { } difference)
        {
            throw new UsageException(
                $"--resume: {checkpointPath} was trained as another model than the .par file and --set values now give ({difference}). " +
                "Resume with the model it was trained as, or train into a new --out folder.");
        }
    }

    private static string Markup(string text) => Spectre.Console.Markup.Escape(text);
}
