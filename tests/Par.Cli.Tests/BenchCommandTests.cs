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
    }
}
