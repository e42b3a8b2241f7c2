using System;
using System.IO;
using System.Linq;
using System.Runtime.Versioning;
using Par.Cli.Tests.Infrastructure;
using Par.Onnx;

namespace Par.Cli.Tests;

/// <summary>
/// <c>par export --onnx</c>, <c>par generate --runtime onnxruntime</c> and <c>par bench --runtime both</c> end to end,
/// with the PyTorch <c>./par test</c> provisions, and the export's refusals.
/// </summary>
public class OnnxCommandTests(TrainedRun run) : IClassFixture<TrainedRun>
{
    [Fact]
    public void A_trained_run_exported_to_onnx_generates_under_onnx_runtime_what_it_generates_under_libtorch()
    {
        using var folder = new TemporaryFolder();
        var output = folder.File("onnx");

        var export = ParProcess.Run(folder.Path, "export", run.RunFolder, "--onnx", "--out", output);
        string[] generate = ["generate", "--prompt", "Call me", "--tokens", "30", "--temperature", "0"];
        var libtorch = ParProcess.Run(folder.Path, [.. generate.Take(1), run.RunFolder, .. generate.Skip(1)]);
        var onnx = ParProcess.Run(folder.Path, [.. generate.Take(1), Path.Combine(output, ParOnnxModel.ModelFile), .. generate.Skip(1), "--runtime", "onnxruntime"]);

        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Equal([ParOnnxModel.ModelFile], Directory.GetFileSystemEntries(output).Select(Path.GetFileName));
        Assert.True(libtorch.ExitCode == 0, libtorch.ToString());
        Assert.True(onnx.ExitCode == 0, onnx.ToString());
        Assert.StartsWith("Call me", onnx.Stdout);
        Assert.Equal(libtorch.Stdout, onnx.Stdout);
    }

    [Fact]
    public void An_existing_model_onnx_is_replaced_only_with_overwrite()
    {
        using var folder = new TemporaryFolder();
        var mine = folder.Write(Path.Combine("out", ParOnnxModel.ModelFile), "my own model\n");

        var refused = ParProcess.Run(folder.Path, "export", run.ModelFile, "--onnx", "--out", folder.File("out"));

        Assert.True(refused.ExitCode == 2, refused.ToString());
        Assert.Contains($"{mine} exists", refused.Stderr);
        Assert.Contains("--overwrite", refused.Stderr);
        Assert.Equal("my own model\n", File.ReadAllText(mine));

        var forced = ParProcess.Run(folder.Path, "export", run.ModelFile, "--onnx", "--out", folder.File("out"), "--overwrite");

        Assert.True(forced.ExitCode == 0, forced.ToString());
        using var model = ParOnnxModel.Load(mine);
        Assert.Null(model.Metadata.Tokenizer);
        Assert.Equal("Tiny", model.Config.Name);
    }

    [Fact]
    [SupportedOSPlatform("linux")]
    public void Without_pytorch_the_export_is_refused_saying_so_and_writes_nothing()
    {
        using var folder = new TemporaryFolder();
        // A Python that cannot import torch, as a machine without PyTorch has.
        var python = folder.Write("python-without-torch", "#!/bin/sh\necho \"ModuleNotFoundError: No module named 'torch'\" >&2\nexit 1\n");
        File.SetUnixFileMode(python, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var result = ParProcess.RunUnder(["env", $"PAR_PYTHON={python}"], folder.Path, "export", run.RunFolder, "--onnx", "--out", folder.File("out"));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("no PyTorch found", result.Stderr);
        Assert.Contains("No module named 'torch'", result.Stderr);
        Assert.False(File.Exists(Path.Combine(folder.File("out"), ParOnnxModel.ModelFile)));
    }

    [Fact]
    public void Bench_with_both_runtimes_times_libtorch_and_onnx_runtime_in_one_run()
    {
        using var folder = new TemporaryFolder();

        var result = ParProcess.Run(folder.Path, "bench", run.ModelFile, "--runs", "2", "--warmup", "1", "--train-steps", "0", "--runtime", "both", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var entries = result.Json.EnumerateArray().ToList();
        Assert.Equal(["libtorch", "onnxruntime"], entries.Select(entry => entry.GetProperty("runtime").GetString()));
        Assert.Equal(["cached", "recompute"], entries.Select(entry => entry.GetProperty("attention_path").GetString()));
        Assert.All(entries, entry => Assert.True(entry.GetProperty("latency_ms").GetDouble() > 0, result.ToString()));
        Assert.Equal(entries[1].GetProperty("latency_ms").GetDouble() / entries[0].GetProperty("latency_ms").GetDouble(), entries[1].GetProperty("latency_ratio").GetDouble(), precision: 9);
    }
}
