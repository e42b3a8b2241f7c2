using System.CommandLine;
using Par.Cli.Console;
using Par.Cli.Models;
using Par.Runtime.Evaluation;

namespace Par.Cli.Commands;

/// <summary>
/// <c>par eval RUN</c>: evaluates a trained checkpoint (or a safetensors file Par or the exported <c>train.py</c> wrote)
/// on the validation and test splits with memory carried across segments, in bits per byte (bytes), perplexity
/// (words) or bits per token (synthetic). The model is rebuilt from the .par text stored with the weights, so no
/// .par file is needed. An encoder is scored on BERT-masked positions: masked-token loss, accuracy and perplexity.
/// </summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var run = new Argument<string>("run") { Description = "A run folder (from par train --out or train.py --out), a checkpoint or a .safetensors file." };
        var data = DataOptions.Data();
        var tokens = DataOptions.Tokens();
        var device = DataOptions.Device();
        var threads = DataOptions.Threads();
        var json = CommonOptions.Json();
        var objective = DataOptions.Objective();
        var batch = new Option<int>("--batch") { Description = "Contiguous rows per segment.", DefaultValueFactory = _ => 16 }.Positive();
        var segments = new Option<int>("--segments") { Description = "Segments per split to evaluate (0 = the whole split).", DefaultValueFactory = _ => 0 }.NotNegative();
        var command = new Command("eval", "Evaluate a trained checkpoint on the validation and test splits.")
        {
            run, data, tokens, objective, batch, segments, device, threads, json,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var cli = new CliOutput(parse.GetValue(json));
            DataOptions.ApplyThreads(parse.GetValue(threads));
            var target = parse.GetValue(device)!;
            using var trained = TrainedModel.Load(parse.GetValue(run)!, target);
            var evaluationObjective = DataOptions.ResolveObjective(parse.GetValue(objective), trained.Metadata.Model);
            var dataset = DataOptions.LoadDataset(parse.GetValue(data)!, parse.GetValue(tokens), evaluationObjective);
            trained.Metadata.Tokenizer.Verify(dataset.Tokenizer.Describe(), trained.Path);
            MemoryRequirement.Require(trained.Metadata.Model, parse.GetValue(batch), training: false, "--batch");

            var network = trained.Network;
            var rows = parse.GetValue(batch);
            var limit = parse.GetValue(segments);
            var context = network.HyperParameters.Context;
            var valid = Evaluator.Evaluate(network, dataset.Valid, rows, context, dataset.Tokenizer, evaluationObjective, limit);
            var test = Evaluator.Evaluate(network, dataset.Test, rows, context, dataset.Tokenizer, evaluationObjective, limit);
            var trainLoss = trained.Metadata.TrainLoss ?? double.NaN;
            ResultTable.Write(cli, network.Name, network.Layout, trainLoss, valid, test);
            cli.WriteJson(ResultTable.Json(network.Name, network.Layout, trained.Metadata.Step, trainLoss, valid, trained.Path, test));
            return ExitCodes.Success;
        }));
        return command;
    }
}
