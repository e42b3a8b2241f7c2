using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Par.Cli.Tests.Infrastructure;
using Par.Runtime.Serialization;

namespace Par.Cli.Tests;

/// <summary>An encoder through every verb that takes one: train and eval as a masked language model, fill, and the refusals.</summary>
public class EncoderCommandTests(TrainedEncoder encoder, TrainedRun causal) : IClassFixture<TrainedEncoder>, IClassFixture<TrainedRun>
{
    [Fact]
    public void An_encoder_trains_as_a_masked_language_model_with_the_mask_added_to_the_byte_vocabulary()
    {
        Assert.True(encoder.Result.ExitCode == 0, encoder.Result.ToString());

        var json = encoder.Result.Json;
        Assert.Contains("vocab 256 in the .par file replaced by the data's 257 (byte tokens)", encoder.Result.Stderr);
        Assert.Equal("masked ppl", json.GetProperty("unit").GetString());
        Assert.InRange(json.GetProperty("valid_masked_accuracy").GetDouble(), 0, 1);
        Assert.True(json.GetProperty("valid_ppl").GetDouble() > 1);
    }

    [Fact]
    public void Eval_scores_the_masked_positions_of_both_splits()
    {
        Assert.True(encoder.Result.ExitCode == 0, encoder.Result.ToString());

        var result = ParProcess.Run(encoder.RunFolder, "eval", encoder.RunFolder, "--data", encoder.Corpus, "--tokens", "bytes", "--batch", "2", "--segments", "2", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("masked ppl", result.Json.GetProperty("unit").GetString());
        Assert.InRange(result.Json.GetProperty("valid_masked_accuracy").GetDouble(), 0, 1);
        Assert.InRange(result.Json.GetProperty("test_masked_accuracy").GetDouble(), 0, 1);
    }

    [Fact]
    public void Fill_shows_the_top_candidates_of_every_mask_of_every_text()
    {
        Assert.True(encoder.Result.ExitCode == 0, encoder.Result.ToString());

        var result = ParProcess.Run(encoder.RunFolder, "fill", encoder.RunFolder, "--text", "Call [MASK]e Ishmael.", "--text", "[MASK] years a[MASK]o", "--top-k", "3", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var texts = result.Json.EnumerateArray().ToList();
        Assert.Equal(new[] { 1, 2 }, texts.Select(text => text.GetProperty("masks").GetArrayLength()));
        Assert.Equal(new[] { 5, 0, 9 }, texts.SelectMany(text => text.GetProperty("masks").EnumerateArray()).Select(mask => mask.GetProperty("position").GetInt32()));
        foreach (var mask in texts.SelectMany(text => text.GetProperty("masks").EnumerateArray()))
        {
            var probabilities = mask.GetProperty("candidates").EnumerateArray().Select(candidate => candidate.GetProperty("probability").GetDouble()).ToList();
            Assert.Equal(3, probabilities.Count);
            Assert.Equal(probabilities.OrderDescending(), probabilities);
            Assert.InRange(probabilities.Sum(), 0, 1.0001);
            Assert.DoesNotContain(mask.GetProperty("candidates").EnumerateArray(), candidate => candidate.GetProperty("id").GetInt32() == 256);
        }
    }

    [Theory]
    [InlineData("no mask here", "3", "has no [MASK] to fill in")]
    [InlineData("", "3", "is empty")]
    [InlineData("[MASK] is a question that runs on past the context", "3", "more than the model's context of 16")]
    [InlineData("a [MASK]", "0", "--top-k")]
    [InlineData("a [MASK]", "257", "--top-k 257: the model has only 256 tokens besides [MASK]")]
    public void Fill_refuses_bad_input_clearly(string text, string topK, string expected)
    {
        Assert.True(encoder.Result.ExitCode == 0, encoder.Result.ToString());

        var result = ParProcess.Run(encoder.RunFolder, "fill", encoder.RunFolder, "--text", text, "--top-k", topK);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(expected, result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Fact]
    public void Generate_refuses_an_encoder_and_points_to_fill_and_fill_refuses_a_causal_model_and_points_to_generate()
    {
        Assert.True(encoder.Result.ExitCode == 0, encoder.Result.ToString());
        Assert.True(causal.Result.ExitCode == 0, causal.Result.ToString());

        var generate = ParProcess.Run(encoder.RunFolder, "generate", encoder.RunFolder, "--prompt", "Call me");
        var fill = ParProcess.Run(causal.RunFolder, "fill", causal.RunFolder, "--text", "Call [MASK]e");

        Assert.True(generate.ExitCode == 2, generate.ToString());
        Assert.Contains("bidirectional encoder", generate.Stderr);
        Assert.Contains("par fill", generate.Stderr);
        Assert.True(fill.ExitCode == 2, fill.ToString());
        Assert.Contains("par generate", fill.Stderr);
    }

    [Fact]
    public void A_causal_model_asked_for_mlm_and_an_encoder_asked_for_clm_are_refused_before_anything_is_written()
    {
        using var folder = new TemporaryFolder();

        var causalMasked = ParProcess.Run(folder.Path, causal.Arguments(folder.File("causal"), "--objective", "mlm", "--steps", "2"));
        var encoderCausal = ParProcess.Run(folder.Path, encoder.Arguments(folder.File("encoder"), "--objective", "clm", "--steps", "2"));
        var evalCausal = ParProcess.Run(folder.Path, "eval", encoder.RunFolder, "--data", encoder.Corpus, "--tokens", "bytes", "--objective", "clm");

        Assert.True(causalMasked.ExitCode == 2, causalMasked.ToString());
        Assert.Contains("--objective mlm for 'Tiny': a model with xl attention cannot train as a masked language model", causalMasked.Stderr);
        Assert.True(encoderCausal.ExitCode == 2, encoderCausal.ToString());
        Assert.Contains("--objective clm for 'Encoder': a model with bidirectional attention cannot train as a causal language model", encoderCausal.Stderr);
        Assert.True(evalCausal.ExitCode == 2, evalCausal.ToString());
        Assert.False(Directory.Exists(folder.File("causal")));
        Assert.False(Directory.Exists(folder.File("encoder")));
    }

    [Fact]
    public void An_encoder_exports_to_onnx_and_generate_refuses_it_there_too()
    {
        Assert.True(encoder.Result.ExitCode == 0, encoder.Result.ToString());
        using var folder = new TemporaryFolder();
        var deploy = folder.File("deploy");

        var export = ParProcess.Run(folder.Path, "export", encoder.RunFolder, "--onnx", "--out", deploy);
        var generate = ParProcess.Run(folder.Path, "generate", Path.Combine(deploy, "model.onnx"), "--runtime", "onnxruntime", "--prompt", "Call me", "--tokens", "4");

        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.True(File.Exists(Path.Combine(deploy, "model.onnx")));
        Assert.True(generate.ExitCode == 2, generate.ToString());
        Assert.Contains("bidirectional encoder", generate.Stderr);
        Assert.Contains("par fill", generate.Stderr);
    }

    [Fact]
    public void Search_on_an_encoder_space_finds_an_encoder_and_refuses_the_causal_objective()
    {
        using var folder = new TemporaryFolder();
        var space = folder.Write("Space.par", "model Space { layout = [sf-]x4; d_model = 16; heads = 2; d_ff = 32; context = 16; dropout = 0; attention = bidirectional }\n");
        var corpus = TinyInputs.WriteCorpus(folder);
        var found = folder.File(Path.Combine("out", "Found.par"));
        var refusedFound = folder.File(Path.Combine("clm", "Found.par"));

        var search = ParProcess.Run(folder.Path, "search", space, "--data", corpus, "--tokens", "bytes", "--steps", "4", "--out", found);
        var causal = ParProcess.Run(folder.Path, "search", space, "--data", corpus, "--tokens", "bytes", "--steps", "4", "--objective", "clm", "--out", refusedFound);

        Assert.True(search.ExitCode == 0, search.ToString());
        Assert.Contains("vocab 256 in the .par file replaced by the data's 257", search.Stderr);
        var text = File.ReadAllText(found);
        Assert.Contains("attention = bidirectional", text);
        Assert.Contains("vocab = 257", text);
        var check = ParProcess.Run(folder.Path, "check", found);
        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.True(causal.ExitCode == 2, causal.ToString());
        Assert.Contains("--objective clm for 'Space'", causal.Stderr);
        Assert.False(File.Exists(refusedFound));
    }

    [Fact]
    public void The_main_job_with_objective_mlm_compares_encoders_and_the_PAR_BERT_reading_on_masked_positions()
    {
        using var folder = new TemporaryFolder();
        var found = folder.File(Path.Combine("out", "Found.par"));
        var result = ParProcess.Run(folder.Path,
            "search", "--objective", "mlm", "--set", "layers=4", "--set", "d_model=16", "--set", "heads=2", "--set", "d_ff=32", "--set", "context=8", "--set", "batch=2",
            "--data", TinyInputs.WriteCorpus(folder), "--tokens", "bytes", "--steps", "6", "--out", found, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var rows = result.Json.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(["Baseline", "Found", "ParBert"], rows.Select(row => row.GetProperty("model").GetString()));
        Assert.Equal("sfff", rows[2].GetProperty("layout").GetString());
        Assert.All(rows, row => Assert.InRange(row.GetProperty("masked_accuracy").GetDouble(), 0, 1));
        Assert.Contains("attention = bidirectional", File.ReadAllText(found));
        Assert.Contains("masked loss", File.ReadAllText(Path.Combine(folder.File("out"), "report.md")));
    }

    [Fact]
    public void Torchrun_trains_the_exported_encoder_as_a_masked_language_model_to_equal_replicas_and_par_eval_reads_it_back()
    {
        Assert.True(encoder.Result.ExitCode == 0, encoder.Result.ToString());
        using var folder = new TemporaryFolder();
        var exported = folder.File("exported");
        var export = ParProcess.Run(folder.Path, "export", encoder.RunFolder, "--pytorch", "--out", exported);
        Assert.True(export.ExitCode == 0, export.ToString());

        var trained = folder.File("torchrun");
        // --redirects/--tee: torch 1.13's launcher cannot parse its own default for them under Python 3.11 (Debian 12).
        PyTorchProcess.Run(folder.Path, TimeSpan.FromMinutes(5),
            "-m", "torch.distributed.run", "--standalone", "--nproc_per_node", "2", "--redirects", "1", "--tee", "1",
            Path.Combine(exported, "train.py"), "--data", encoder.Corpus, "--steps", "8", "--batch", "4", "--lr", "1e-2", "--warmup", "2",
            "--eval-batches", "2", "--rank-weights", "--out", trained);

        using (var rank0 = SafetensorsFile.Read(Path.Combine(trained, "rank-0.safetensors")))
        using (var rank1 = SafetensorsFile.Read(Path.Combine(trained, "rank-1.safetensors")))
        {
            foreach (var (name, tensor) in rank0.Tensors)
            {
                Assert.True(tensor.eq(rank1.Tensors[name]).all().item<bool>(), $"{name} differs between the two processes");
            }
        }

        using var result = JsonDocument.Parse(File.ReadAllText(Path.Combine(trained, "result.json")));
        var pytorch = result.RootElement;
        Assert.Equal("mlm", pytorch.GetProperty("objective").GetString());
        Assert.Equal(8, pytorch.GetProperty("step").GetInt32());

        // Par masks the validation segments with the same generator and seed, so both score the same positions.
        var evaluation = ParProcess.Run(folder.Path, "eval", Path.Combine(trained, "model.safetensors"), "--data", encoder.Corpus, "--tokens", "bytes", "--batch", "4", "--segments", "2", "--json");
        Assert.True(evaluation.ExitCode == 0, evaluation.ToString());
        Assert.Equal(8, evaluation.Json.GetProperty("step").GetInt32());
        Assert.Equal("masked ppl", evaluation.Json.GetProperty("unit").GetString());
        var (parLoss, pytorchLoss) = (evaluation.Json.GetProperty("valid_loss").GetDouble(), pytorch.GetProperty("valid_loss").GetDouble());
        Assert.True(Math.Abs(parLoss - pytorchLoss) <= 1e-4, $"par eval {parLoss}, PyTorch {pytorchLoss}");
        Assert.Equal(evaluation.Json.GetProperty("valid_masked_accuracy").GetDouble(), pytorch.GetProperty("valid_masked_accuracy").GetDouble(), 9);
    }

    [Fact]
    public void Train_py_refuses_masked_training_of_a_causal_export_naming_the_objective()
    {
        using var folder = new TemporaryFolder();
        var exported = folder.File("exported");
        var export = ParProcess.Run(folder.Path, "export", causal.ModelFile, "--pytorch", "--out", exported);
        Assert.True(export.ExitCode == 0, export.ToString());

        var error = Assert.Throws<Xunit.Sdk.XunitException>(() => PyTorchProcess.Run(folder.Path, TimeSpan.FromMinutes(2),
            Path.Combine(exported, "train.py"), "--data", causal.Corpus, "--tokens", "bytes", "--objective", "mlm", "--steps", "1", "--out", folder.File("run")));

        Assert.Contains("--objective mlm needs an encoder", error.Message);
        Assert.False(Directory.Exists(folder.File("run")));
    }

    [Fact]
    public void An_encoders_run_continues_with_resume_and_is_not_replaced_without_overwrite()
    {
        Assert.True(encoder.Result.ExitCode == 0, encoder.Result.ToString());
        using var folder = new TemporaryFolder();
        var run = folder.File("run");
        var first = ParProcess.Run(folder.Path, encoder.Arguments(run, "--steps", "2"));
        var checkpoint = File.ReadAllBytes(Path.Combine(run, "checkpoint.parckpt"));

        var again = ParProcess.Run(folder.Path, encoder.Arguments(run, "--steps", "2"));
        var unchanged = File.ReadAllBytes(Path.Combine(run, "checkpoint.parckpt"));
        var resumed = ParProcess.Run(folder.Path, encoder.Arguments(run, "--steps", "4", "--resume", "--json"));

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(again.ExitCode == 2, again.ToString());
        Assert.Contains("--resume", again.Stderr);
        Assert.Equal(checkpoint, unchanged);
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Equal(4, resumed.Json.GetProperty("step").GetInt32());
    }
}
