using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using System.Text.Json;
using Par.Cli.Tests.Infrastructure;
using Par.Runtime.Export;
using Par.Runtime.Serialization;

namespace Par.Cli.Tests;

/// <summary>
/// <c>par export --pytorch</c> end to end with real PyTorch: a Par run exported, trained further by torchrun on two
/// CPU processes (DistributedDataParallel over gloo), and read back by <c>par eval</c>.
/// </summary>
public class PyTorchExportTests(TrainedRun run) : IClassFixture<TrainedRun>
{
    private const double Tolerance = 1e-4;
    private static readonly TimeSpan PythonTimeout = TimeSpan.FromMinutes(5);

    [Fact]
    public void Torchrun_on_two_processes_trains_the_export_to_equal_replicas_a_falling_loss_and_a_file_par_eval_reads_back()
    {
        using var folder = new TemporaryFolder();
        var exported = folder.File("exported");
        var export = ParProcess.Run(folder.Path, "export", run.RunFolder, "--pytorch", "--out", exported, "--json");
        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Equal(["par_model.py", "train.py", "bench.py", "model.safetensors"], export.Json.GetProperty("files").EnumerateArray().Select(file => file.GetString()));

        var trained = folder.File("torchrun");
        // --redirects/--tee: torch 1.13's launcher cannot parse its own default for them under Python 3.11 (Debian 12).
        PyTorchProcess.Run(folder.Path, PythonTimeout,
            "-m", "torch.distributed.run", "--standalone", "--nproc_per_node", "2", "--redirects", "1", "--tee", "1",
            Path.Combine(exported, "train.py"), "--data", run.Corpus, "--steps", "16", "--batch", "4", "--lr", "1e-2", "--warmup", "2",
            "--eval-batches", "2", "--checkpoint-interval", "8", "--rank-weights", "--out", trained);

        using (var rank0 = SafetensorsFile.Read(Path.Combine(trained, "rank-0.safetensors")))
        using (var rank1 = SafetensorsFile.Read(Path.Combine(trained, "rank-1.safetensors")))
        {
            Assert.Equal(rank0.Tensors.Keys.Order(), rank1.Tensors.Keys.Order());
            foreach (var (name, tensor) in rank0.Tensors)
            {
                Assert.Equal(tensor.shape, rank1.Tensors[name].shape);
                Assert.True(tensor.eq(rank1.Tensors[name]).all().item<bool>(), $"{name} differs between the two processes");
            }
        }

        using var history = JsonDocument.Parse(File.ReadAllText(Path.Combine(trained, "history.json")));
        var losses = history.RootElement.EnumerateArray().Select(record => record.GetProperty("train_loss").GetDouble()).ToList();
        Assert.Equal(16, losses.Count);
        Assert.True(losses.TakeLast(3).Average() < losses.Take(3).Average() - 0.1, $"the loss did not fall: {string.Join(", ", losses)}");

        using var result = JsonDocument.Parse(File.ReadAllText(Path.Combine(trained, "result.json")));
        var pytorchLoss = result.RootElement.GetProperty("valid_loss").GetDouble();
        var evaluation = ParProcess.Run(folder.Path, "eval", Path.Combine(trained, "model.safetensors"), "--data", run.Corpus, "--tokens", "bytes", "--batch", "4", "--segments", "2", "--json");
        Assert.True(evaluation.ExitCode == 0, evaluation.ToString());
        Assert.Equal(16, evaluation.Json.GetProperty("step").GetInt32());
        var parLoss = evaluation.Json.GetProperty("valid_loss").GetDouble();
        Assert.True(Math.Abs(parLoss - pytorchLoss) <= Tolerance, $"par eval {parLoss}, PyTorch {pytorchLoss}");
    }

    [Fact]
    public void A_par_file_exports_the_scripts_alone_and_train_py_trains_it_fresh_on_words_with_the_vocabulary_par_builds()
    {
        using var folder = new TemporaryFolder();
        var scripts = folder.File("scripts");
        var export = ParProcess.Run(folder.Path, "export", run.ModelFile, "--pytorch", "--out", scripts, "--json");
        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Equal(["par_model.py", "train.py", "bench.py"], export.Json.GetProperty("files").EnumerateArray().Select(file => file.GetString()));

        var trained = folder.File("fresh");
        PyTorchProcess.Run(folder.Path, PythonTimeout,
            Path.Combine(scripts, "train.py"), "--data", run.Corpus, "--tokens", "words", "--steps", "3", "--batch", "2", "--eval-batches", "2", "--out", trained);

        using var result = JsonDocument.Parse(File.ReadAllText(Path.Combine(trained, "result.json")));
        // par eval rebuilds the word vocabulary from the data and refuses the file unless train.py built the same one.
        var evaluation = ParProcess.Run(folder.Path, "eval", trained, "--data", run.Corpus, "--tokens", "words", "--batch", "2", "--segments", "2", "--json");
        Assert.True(evaluation.ExitCode == 0, evaluation.ToString());
        Assert.True(Math.Abs(evaluation.Json.GetProperty("valid_loss").GetDouble() - result.RootElement.GetProperty("valid_loss").GetDouble()) <= Tolerance, evaluation.ToString());
    }

    [Fact]
    public void Exported_weights_carry_the_model_the_tokenizer_and_the_version_in_a_header_padded_to_8_bytes()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("weights.safetensors");
        var train = ParProcess.Run(folder.Path, run.Arguments(folder.File("run"), "--steps", "2", "--export", path));
        Assert.True(train.ExitCode == 0, train.ToString());

        var bytes = File.ReadAllBytes(path);
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        var metadata = SafetensorsFile.ReadMetadata(path);

        Assert.Equal(0UL, headerLength % 8);
        Assert.Contains("layout = sff", metadata[ModelMetadata.ModelKey]);
        Assert.Contains("vocab = 256", metadata[ModelMetadata.ModelKey]);
        Assert.Contains("\"Name\":\"byte\"", metadata[ModelMetadata.TokenizerKey]);
        Assert.Equal(ModelMetadata.ParVersion, metadata[ModelMetadata.VersionKey]);
        Assert.Equal("2", metadata[ModelMetadata.StepKey]);
    }

    [Fact]
    public void Export_without_a_back_end_or_of_a_search_space_is_bad_input()
    {
        using var folder = new TemporaryFolder();
        var supernet = folder.Write("Space.par", "model Space { layout = [sf-]x3; d_model = 16; heads = 2; d_ff = 32; context = 8; memory = 8 }\n");

        var noBackEnd = ParProcess.Run(folder.Path, "export", run.RunFolder, "--out", folder.File("out"));
        var space = ParProcess.Run(folder.Path, "export", supernet, "--pytorch", "--out", folder.File("out"));

        Assert.True(noBackEnd.ExitCode == 2, noBackEnd.ToString());
        Assert.Contains("--pytorch", noBackEnd.Stderr);
        Assert.True(space.ExitCode == 2, space.ToString());
        Assert.Contains("search space", space.Stderr);
        Assert.False(Directory.Exists(folder.File("out")));
    }

    [Fact]
    public void Eval_of_a_safetensors_file_without_Par_metadata_is_bad_input_naming_what_is_missing()
    {
        using var folder = new TemporaryFolder();
        var plain = folder.File("plain.safetensors");
        SafetensorsFile.Write(plain, new System.Collections.Generic.Dictionary<string, TorchSharp.torch.Tensor> { ["x"] = TorchSharp.torch.ones(1) });

        var result = ParProcess.Run(folder.Path, "eval", plain, "--data", run.Corpus, "--tokens", "bytes");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(ModelMetadata.ModelKey, result.Stderr);
        Assert.DoesNotContain("Unhandled exception", result.Stderr);
    }

    [Theory]
    [InlineData(PyTorchExport.TrainScript)]
    [InlineData(PyTorchExport.WeightsFile)]
    public void Export_into_a_folder_holding_a_users_own_file_is_refused_naming_it_and_writes_nothing(string name)
    {
        using var folder = new TemporaryFolder();
        var mine = folder.Write(Path.Combine("out", name), "# my own training script\nprint('mine')\n");

        var result = ParProcess.Run(folder.Path, "export", run.RunFolder, "--pytorch", "--out", folder.File("out"));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"--out: {mine} exists and is not a file 'par export' wrote", result.Stderr);
        Assert.Contains("--overwrite", result.Stderr);
        Assert.Equal("# my own training script\nprint('mine')\n", File.ReadAllText(mine));
        Assert.Equal([name], Directory.GetFileSystemEntries(folder.File("out")).Select(Path.GetFileName));
    }

    [Fact]
    public void Export_replaces_its_own_files_without_asking_and_a_users_file_with_overwrite()
    {
        using var folder = new TemporaryFolder();
        var output = folder.File("out");

        var first = ParProcess.Run(folder.Path, "export", run.RunFolder, "--pytorch", "--out", output);
        var again = ParProcess.Run(folder.Path, "export", run.RunFolder, "--pytorch", "--out", output);
        var mine = folder.Write(Path.Combine("out", PyTorchExport.TrainScript), "print('mine')\n");
        var forced = ParProcess.Run(folder.Path, "export", run.RunFolder, "--pytorch", "--out", output, "--overwrite");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.StartsWith(PyTorchExport.ScriptHeader + "\n", File.ReadAllText(mine));
        Assert.True(PyTorchExport.IsWrittenByPar(Path.Combine(output, PyTorchExport.WeightsFile)));
    }
}
