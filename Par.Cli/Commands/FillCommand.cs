using System;
using System.CommandLine;
using System.Globalization;
using System.Linq;
using Par.Cli.Console;
using Par.Cli.Models;
using Par.Dsl.Model;
using Par.Runtime.Data;
using Par.Runtime.Generation;

namespace Par.Cli.Commands;

/// <summary>
/// <c>par fill RUN --text "The [MASK] whale"</c>: what a trained encoder predicts for each <c>[MASK]</c>, its top
/// candidates with their probabilities, and the text with the best of each filled in. Several <c>--text</c> run as one
/// padded batch. The run supplies the model and its tokenizer, so no .par file or data is needed.
/// </summary>
internal static class FillCommand
{
    public static Command Create()
    {
        var run = new Argument<string>("run") { Description = "A run folder (from par train --out) or a checkpoint file of a bidirectional model." };
        var text = new Option<string[]>("--text")
        {
            Description = $"A text with one or more {MaskToken.Text} to fill in (repeatable).",
            Required = true,
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
        };
        var topK = new Option<int>("--top-k") { Description = "Candidates shown per mask.", DefaultValueFactory = _ => 5 }.Positive();
        var device = DataOptions.Device();
        var threads = DataOptions.Threads();
        var json = CommonOptions.Json();
        var command = new Command("fill", $"Show what a trained encoder predicts for each {MaskToken.Text} in a text.")
        {
            run, text, topK, device, threads, json,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var cli = new CliOutput(parse.GetValue(json));
            DataOptions.ApplyThreads(parse.GetValue(threads));
            using var trained = TrainedModel.Load(parse.GetValue(run)!, parse.GetValue(device)!);
            var network = trained.Network;
            if (!network.HyperParameters.Attention.IsBidirectional())
            {
                throw new UsageException(
                    $"'{network.Name}' is a {network.HyperParameters.Attention.Name()} language model, which predicts the next token; " +
                    $"par fill needs an encoder (attention = bidirectional). Continue its text with par generate {parse.GetValue(run)} --prompt TEXT.");
            }

            var tokenizer = trained.Metadata.Tokenizer.CreateTokenizer();
            var mask = tokenizer.MaskToken
                ?? throw new UsageException($"{trained.Path}: its {tokenizer.Name} tokenizer has no {MaskToken.Text} token; train the encoder again with par train.");
            var texts = parse.GetValue(text)!;
            var encoded = texts.Select(each => TextGeneration.EncodePrompt(tokenizer, each)).ToList();
            var k = parse.GetValue(topK);
            if (k >= network.HyperParameters.Vocab)
            {
                throw new UsageException($"--top-k {k}: the model has only {network.HyperParameters.Vocab - 1} tokens besides {MaskToken.Text}.");
            }

            for (var i = 0; i < texts.Length; i++)
            {
                if (MaskFilling.Problem(encoded[i], mask, network.HyperParameters.Context) is { } problem)
                {
                    throw new UsageException($"--text '{texts[i]}' {problem}.");
                }
            }

            var predictions = MaskFilling.Predict(network, encoded, mask, k);
            for (var i = 0; i < texts.Length; i++)
            {
                var filled = (int[])encoded[i].Clone();
                foreach (var prediction in predictions[i])
                {
                    filled[prediction.Position] = prediction.Candidates[0].Token;
                }

                cli.Line(Markup(tokenizer.Decode(filled)));
                foreach (var (prediction, number) in predictions[i].Select((prediction, index) => (prediction, index + 1)))
                {
                    var candidates = prediction.Candidates.Select(candidate => $"{Quoted(tokenizer.Decode([candidate.Token]))} {Percent(candidate.Probability)}");
                    cli.Line(Markup($"  {MaskToken.Text} {number} (token {prediction.Position + 1}): {string.Join(", ", candidates)}"));
                }
            }

            cli.WriteJson(texts.Select((each, i) => new
            {
                text = each,
                masks = predictions[i].Select(prediction => new
                {
                    position = prediction.Position,
                    candidates = prediction.Candidates.Select(candidate => new { token = tokenizer.Decode([candidate.Token]), id = candidate.Token, probability = candidate.Probability }),
                }),
            }));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static string Quoted(string token) => "'" + token.Replace("\n", "\\n", StringComparison.Ordinal) + "'";

    private static string Percent(double probability) => (probability * 100).ToString("F1", CultureInfo.InvariantCulture) + "%";

    private static string Markup(string text) => Spectre.Console.Markup.Escape(text);
}
