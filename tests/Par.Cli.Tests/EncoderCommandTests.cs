using System.IO;
using System.Linq;
using Par.Cli.Tests.Infrastructure;

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
    public void The_pytorch_export_and_the_search_refuse_an_encoder_until_they_can_handle_one()
    {
        Assert.True(encoder.Result.ExitCode == 0, encoder.Result.ToString());
        using var folder = new TemporaryFolder();

        var exportTrained = ParProcess.Run(folder.Path, "export", encoder.RunFolder, "--pytorch", "--out", folder.File("trained"));
        var exportFile = ParProcess.Run(folder.Path, "export", encoder.ModelFile, "--pytorch", "--out", folder.File("file"));
        var search = ParProcess.Run(folder.Path, "search", encoder.ModelFile, "--out", folder.File("Found.par"), "--steps", "2");

        Assert.All(new[] { exportTrained, exportFile, search }, result =>
        {
            Assert.True(result.ExitCode == 2, result.ToString());
            Assert.Contains("bidirectional encoder", result.Stderr);
        });
        Assert.False(File.Exists(Path.Combine(folder.File("trained"), "par_model.py")));
        Assert.False(File.Exists(Path.Combine(folder.File("file"), "par_model.py")));
        Assert.False(File.Exists(folder.File("Found.par")));
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
