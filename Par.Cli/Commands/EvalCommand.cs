using System.CommandLine;
using Par.Cli.Console;
using Par.Cli.Models;
using Par.Runtime.Data;
using Par.Runtime.Evaluation;
using Par.Runtime.Models;
using Par.Runtime.Training;

namespace Par.Cli.Commands;

/// <summary>
/// <c>par eval RUN</c>: evaluates a trained checkpoint on the validation and test splits with memory
/// carried across segments, in bits per byte (bytes), perplexity (words) or bits per token (synthetic).
/// The model is rebuilt from the .par text stored in the checkpoint, so no .par file is needed.
/// </summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var run = new Argument<string>("run") { Description = "A run folder (from par train --out) or a checkpoint file." };
        var data = DataOptions.Data();
        var tokens = DataOptions.Tokens();
        var device = DataOptions.Device();
        var threads = DataOptions.Threads();
        var json = CommonOptions.Json();
        var batch = new Option<int>("--batch") { Description = "Contiguous rows per segment.", DefaultValueFactory = _ => 16 };
        var segments = new Option<int>("--segments") { Description = "Segments per split to evaluate (0 = the whole split).", DefaultValueFactory = _ => 0 };
        var command = new Command("eval", "Evaluate a trained checkpoint on the validation and test splits.")
        {
            run, data, tokens, batch, segments, device, threads, json,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var cli = new CliOutput(parse.GetValue(json));
            DataOptions.ApplyThreads(parse.GetValue(threads));
            var target = DataOptions.ResolveDevice(parse.GetValue(device));
            using var trained = TrainedModel.Load(parse.GetValue(run)!, target);
            var (definition, network, metadata, checkpointPath) = (trained.Definition, trained.Network, trained.Checkpoint, trained.CheckpointPath);
            var dataset = DataOptions.LoadDataset(parse.GetValue(data)!, parse.GetValue(tokens));
            metadata.Tokenizer.Verify(dataset.Tokenizer.Describe(), checkpointPath);

            var adapter = ParModelAdapter.For(network, target);
            var rows = parse.GetValue(batch);
            var limit = parse.GetValue(segments);
            var context = definition.HyperParameters.Context;
            var valid = Evaluator.Evaluate(adapter, dataset.Valid, rows, context, dataset.Tokenizer.LossUnit, limit);
            var test = Evaluator.Evaluate(adapter, dataset.Test, rows, context, dataset.Tokenizer.LossUnit, limit);
            var trainLoss = metadata.History.Count > 0 ? metadata.History[^1].TrainLoss : double.NaN;
            ResultTable.Write(cli, definition.Name, network.Layout, trainLoss, valid, test);
            cli.WriteJson(ResultTable.Json(definition.Name, network.Layout, metadata.Step, trainLoss, valid, checkpointPath, test));
            return ExitCodes.Success;
        }));
        return command;
    }
}
