using System;
using System.IO;
using System.CommandLine;
using System.Diagnostics;
using Par.Cli.Console;
using Par.Cli.Models;
using Par.Dsl.Model;
using Par.Onnx;
using Par.Runtime.Export;
using Par.Runtime.Generation;
using Par.Text;
using static TorchSharp.torch;

namespace Par.Cli.Commands;

/// <summary>
/// <c>par generate RUN --prompt TEXT --tokens N</c>: continues a prompt with text sampled from a trained run's model,
/// segment by segment through the inference cache, streaming it to stdout as it is drawn; the speed goes to stderr.
/// The run's checkpoint supplies the model and its tokenizer (bytes or words), so no .par file or data is needed.
/// <c>--runtime onnxruntime</c> draws from the same model under ONNX Runtime (Par.Onnx): a <c>model.onnx</c> (or a
/// folder holding one) is run as it is, a trained run is exported to ONNX first (through PyTorch).
/// An encoder cannot continue text and is refused, pointing to <c>par fill</c>.
/// </summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var run = new Argument<string>("run") { Description = "A run folder (from par train --out), a checkpoint file, or with --runtime onnxruntime a model.onnx." };
        var prompt = new Option<string>("--prompt") { Description = "The text to continue.", Required = true };
        var tokens = new Option<int>("--tokens") { Description = "Tokens to generate.", DefaultValueFactory = _ => 200 };
        var temperature = new Option<double>("--temperature") { Description = "Divides the logits before sampling; 0, or one too small to invert, is greedy.", DefaultValueFactory = _ => 0.8 };
        var topK = new Option<int>("--top-k") { Description = "Sample among the k most probable tokens (0: all).", DefaultValueFactory = _ => 0 };
        var seed = new Option<long>("--seed") { Description = "Seed of the sampling.", DefaultValueFactory = _ => 0 };
        var device = DataOptions.Device();
        var threads = DataOptions.Threads();
        var runtime = new Option<string>("--runtime") { Description = "Engine: libtorch or onnxruntime (RUN may then be a model.onnx).", DefaultValueFactory = _ => InferenceRuntimes.LibtorchName };
        var command = new Command("generate", "Sample text from a trained run's model.")
        {
            run, prompt, tokens, temperature, topK, seed, device, threads, runtime,
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
            var source = parse.GetValue(run)!;
            if (InferenceRuntimes.Parse(parse.GetValue(runtime)) == InferenceRuntime.OnnxRuntime)
            {
                if (parse.GetResult(device) is { Implicit: false })
                {
                    throw new UsageException("--device: --runtime onnxruntime runs on the CPU (Par.Onnx uses ONNX Runtime's CPU package).");
                }

                using var exported = LoadOnnx(source, parse.GetValue(threads));
                var onnx = exported.Model;
                if (onnx.Config.IsEncoder)
                {
                    throw EncoderRefused(onnx.Config.Name, source);
                }

                var onnxTokenizer = onnx.CreateTokenizer()
                    ?? throw new UsageException($"{onnx.Path} holds no tokenizer (it was exported from a .par file, with fresh weights); export a trained run.");
                Stream(onnxTokenizer, text, count, (promptTokens, onToken) => OnnxTextGeneration.Continue(onnx, promptTokens, count, sampling, onToken));
                return ExitCodes.Success;
            }

            DataOptions.ApplyThreads(parse.GetValue(threads));
            var target = parse.GetValue(device)!;
            using var trained = TrainedModel.Load(source, target);
            if (trained.Network.HyperParameters.Attention.IsBidirectional())
            {
                throw EncoderRefused(trained.Network.Name, source);
            }

            Stream(trained.Metadata.Tokenizer.CreateTokenizer(), text, count, (promptTokens, onToken) =>
                TextGeneration.Continue(trained.Network, promptTokens, count, sampling, onToken, device: target));
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>Encodes the prompt, prints it, streams what <paramref name="generate"/> draws after it, and notes the speed on stderr.</summary>
    private static void Stream(ITokenizer tokenizer, string text, int count, Action<int[], Action<int>> generate)
    {
        var promptTokens = PromptTokens.Encode(tokenizer, text);
        if (promptTokens.Length == 0)
        {
            throw new UsageException("--prompt must not be empty.");
        }

        var output = System.Console.Out;
        var streamed = new StreamingText(tokenizer, promptTokens);
        output.Write(tokenizer.Decode(promptTokens));
        var clock = Stopwatch.StartNew();
        generate(promptTokens, token =>
        {
            output.Write(streamed.Append(token));
            output.Flush();
        });
        clock.Stop();
        output.WriteLine(streamed.Flush());
        CliOutput.Note(FormattableString.Invariant(
            $"par: {count} tokens after a {promptTokens.Length}-token prompt in {clock.Elapsed.TotalSeconds:F2} s: {count / clock.Elapsed.TotalSeconds:F1} tokens/s"));
    }

    private static UsageException EncoderRefused(string name, string source) => new(
        $"'{name}' is a bidirectional encoder, trained to fill in masked tokens, not to continue text; " +
        $"ask it with par fill {source} --text \"The {MaskToken.Text} whale\".");

    /// <summary>A model.onnx (or a folder holding one) as it is; any other trained model exported to ONNX first.</summary>
    private static OnnxRuntimeModel LoadOnnx(string source, int? threads)
    {
        var isOnnx = source.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase) || File.Exists(Path.Combine(source, ParOnnxModel.ModelFile));
        if (isOnnx)
        {
            return OnnxRuntimeModel.Loaded(ParOnnxModel.Load(source, threads));
        }

        using var trained = TrainedModel.Load(source, CPU);
        return OnnxRuntimeModel.Export(trained.Network, trained.Metadata.Model, OnnxExport.Properties(trained.Metadata), PyTorchPython.Find(), threads);
    }
}
