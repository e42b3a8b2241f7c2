using System.IO;
using System.Text.RegularExpressions;
using Par.Cli.Tests.Infrastructure;

namespace Par.Cli.Tests;

public class BenchCommandTests
{
    [Fact]
    public void Bench_as_json_lists_latency_and_training_throughput_per_model()
    {
        using var folder = new TemporaryFolder();
        var file = TinyInputs.WriteModel(folder);

        var result = ParProcess.Run(folder.Path, "bench", file, "--runs", "2", "--warmup", "1", "--train-steps", "1", "--train-batch", "2", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var entry = Assert.Single(result.Json.EnumerateArray());
        Assert.Equal("Tiny", entry.GetProperty("model").GetString());
        Assert.Equal("sff", entry.GetProperty("layout").GetString());
        Assert.True(entry.GetProperty("params").GetInt64() > 0, result.ToString());
        Assert.True(entry.GetProperty("latency_ms").GetDouble() > 0, result.ToString());
        Assert.True(entry.GetProperty("tokens_per_s").GetDouble() > 0, result.ToString());
        Assert.Equal("cached", entry.GetProperty("attention_path").GetString());
    }

    [Fact]
    public void Bench_recompute_roofline_names_the_path_and_sets_the_forward_against_the_matmul_rate()
    {
        using var folder = new TemporaryFolder();
        var file = TinyInputs.WriteModel(folder);
        string[] arguments = ["bench", file, "--runs", "2", "--warmup", "0", "--train-steps", "0", "--roofline", "--json"];

        var cached = Assert.Single(ParProcess.Run(folder.Path, arguments).Json.EnumerateArray());
        var result = ParProcess.Run(folder.Path, [.. arguments, "--recompute"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var recomputed = Assert.Single(result.Json.EnumerateArray());
        Assert.Equal("recompute", recomputed.GetProperty("attention_path").GetString());
        Assert.True(recomputed.GetProperty("matmul_gflops").GetDouble() > 0, result.ToString());
        var forward = recomputed.GetProperty("forward_gflop").GetDouble();
        var latencySeconds = recomputed.GetProperty("latency_ms").GetDouble() / 1e3;
        Assert.Equal(forward / latencySeconds, recomputed.GetProperty("gflops").GetDouble(), precision: 6);

        // The memory's 8 positions are projected again only when recomputing.
        Assert.True(cached.GetProperty("forward_gflop").GetDouble() < forward, result.ToString());
    }

    [Fact]
    public void Bench_prints_the_matmul_rate_with_roofline()
    {
        using var folder = new TemporaryFolder();
        var file = TinyInputs.WriteModel(folder);

        var result = ParProcess.Run(folder.Path, "bench", file, "--runs", "1", "--warmup", "0", "--train-steps", "0", "--roofline");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("cached attention", result.Stdout);
        Assert.Contains("of matmul rate", result.Stdout);
        Assert.Matches(@"fp32 matmul rate \(1536x1536, median\): \d+\.\d GFLOP/s", result.Stdout);
    }

    [Fact]
    public void Bench_of_an_encoder_times_one_sequence_and_names_its_attention()
    {
        using var folder = new TemporaryFolder();
        var file = Path.Combine(folder.Path, "Encoder.par");
        File.WriteAllText(file, TrainedEncoder.Model);

        var text = ParProcess.Run(folder.Path, "bench", file, "--runs", "1", "--warmup", "0", "--train-steps", "0");
        var json = ParProcess.Run(folder.Path, "bench", file, "--runs", "1", "--warmup", "0", "--train-steps", "0", "--json");

        Assert.True(text.ExitCode == 0, text.ToString());
        var title = Regex.Replace(text.Stdout, @"\s+", " "); // the table wraps a long title
        Assert.Contains("one 16-token sequence, bidirectional attention", title);
        Assert.DoesNotContain("full memory", title);
        Assert.Equal("bidirectional", Assert.Single(json.Json.EnumerateArray()).GetProperty("attention_path").GetString());
    }
}
