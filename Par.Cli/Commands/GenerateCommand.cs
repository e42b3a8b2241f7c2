using System;
using System.CommandLine;
using System.Diagnostics;
using Par.Cli.Console;
using Par.Cli.Models;
using Par.Dsl.Model;
using Par.Runtime.Data;
using Par.Runtime.Generation;

namespace Par.Cli.Commands;

/// <summary>
/// <c>par generate RUN --prompt TEXT --tokens N</c>: continues a prompt with text sampled from a trained run's model,
/// segment by segment through the inference cache, streaming it to stdout as it is drawn; the speed goes to stderr.
/// The run's checkpoint supplies the model and its tokenizer (bytes or words), so no .par file or data is needed.
/// An encoder cannot continue text and is refused, pointing to <c>par fill</c>.
/// </summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var run = new Argument<string>("run") { Description = "A run folder (from par train --out) or a checkpoint file." };
        var prompt = new Option<string>("--prompt") { Description = "The text to continue.", Required = true };
        var tokens = new Option<int>("--tokens") { Description = "Tokens to generate.", DefaultValueFactory = _ => 200 };
        var temperature = new Option<double>("--temperature") { Description = "Divides the logits before sampling; 0, or one too small to invert, is greedy.", DefaultValueFactory = _ => 0.8 };
        var topK = new Option<int>("--top-k") { Description = "Sample among the k most probable tokens (0: all).", DefaultValueFactory = _ => 0 };
        var seed = new Option<long>("--seed") { Description = "Seed of the sampling.", DefaultValueFactory = _ => 0 };
        var device = DataOptions.Device();
        var threads = DataOptions.Threads();
        var command = new Command("generate", "Sample text from a trained run's model.")
        {
            run, prompt, tokens, temperature, topK, seed, device, threads,
        };
        command.SetAction(parse => CommandRunner.Run(() =>
        {
            var count = parse.GetValue(tokens);
            if (count <= 0)
            {
                throw new UsageException($"--tokens must be > 0, got {count}.");
            }

            var sampling = new SamplingOptions(parse.GetValue(temperature), parse.GetValue(topK), parse.GetValue(seed));
            if (sampling.Problem() is { } problem)
            {
                throw new UsageException("--" + problem);
            }

            var text = parse.GetValue(prompt)!;
            DataOptions.ApplyThreads(parse.GetValue(threads));
            var target = parse.GetValue(device)!;
            using var trained = TrainedModel.Load(parse.GetValue(run)!, target);
            if (trained.Network.HyperParameters.Attention.IsBidirectional())
            {
                throw new UsageException(
                    $"'{trained.Network.Name}' is a bidirectional encoder, trained to fill in masked tokens, not to continue text; " +
                    $"ask it with par fill {parse.GetValue(run)} --text \"The {MaskToken.Text} whale\".");
            }

            var tokenizer = trained.Metadata.Tokenizer.CreateTokenizer();
            var promptTokens = TextGeneration.EncodePrompt(tokenizer, text);
            if (promptTokens.Length == 0)
            {
                throw new UsageException("--prompt must not be empty.");
            }

            var output = System.Console.Out;
            var streamed = new StreamingText(tokenizer, promptTokens);
            output.Write(tokenizer.Decode(promptTokens));
            var clock = Stopwatch.StartNew();
            TextGeneration.Continue(trained.Network, promptTokens, count, sampling, token =>
            {
                output.Write(streamed.Append(token));
                output.Flush();
            }, device: target);
            clock.Stop();
            output.WriteLine(streamed.Flush());
            CliOutput.Note(FormattableString.Invariant(
                $"par: {count} tokens after a {promptTokens.Length}-token prompt in {clock.Elapsed.TotalSeconds:F2} s: {count / clock.Elapsed.TotalSeconds:F1} tokens/s"));
            return ExitCodes.Success;
        }));
        return command;
    }
}
