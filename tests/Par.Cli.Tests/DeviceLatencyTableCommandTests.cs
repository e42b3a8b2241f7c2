using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using Par.Cli.Tests.Infrastructure;
using Par.Search.Latency;

namespace Par.Cli.Tests;

/// <summary>
/// Searching for the latency of another device: a block latency table measured by the exported <c>bench.py</c> (real
/// PyTorch on CPU, as the PyTorch export tests run it) or by <c>par bench --latency-table</c> is read by <c>par search
/// --latency-table</c>, which sets its budget from the table's numbers and says whose latencies they are.
/// </summary>
public class DeviceLatencyTableCommandTests
{
    private static readonly TimeSpan PythonTimeout = TimeSpan.FromMinutes(5);

    [Fact]
    public void A_table_bench_py_measured_sets_the_search_budget_from_its_numbers_and_a_hand_scaled_one_moves_it()
    {
        using var folder = new TemporaryFolder();
        var exported = folder.File("exported");
        var export = ParProcess.Run(folder.Path, "export", TinyInputs.WriteModel(folder), "--pytorch", "--out", exported);
        Assert.True(export.ExitCode == 0, export.ToString());
        var table = folder.File("device.json");
        PyTorchProcess.Run(folder.Path, PythonTimeout,
            Path.Combine(exported, "bench.py"), exported, "--segment", "8", "--memory", "8", "--runs", "2", "--warmup", "1", "--train-steps", "0", "--latency-table", table);

        var entry = Assert.Single(JsonNode.Parse(File.ReadAllText(table))!.AsArray())!.AsObject();
        Assert.Equal("bench.py", (string?)entry["MeasuredBy"]);
        Assert.StartsWith("cpu: ", (string?)entry["Device"], StringComparison.Ordinal);
        Assert.Equal("float32", (string?)entry["DType"]);
        Assert.StartsWith("torch ", (string?)entry["Libraries"], StringComparison.Ordinal);
        Assert.Equal((16, 32, 2, 256, 8, 8), ((int)entry["DModel"]!, (int)entry["DFeedForward"]!, (int)entry["Heads"]!, (int)entry["Vocab"]!, (int)entry["Context"]!, (int)entry["Memory"]!));

        var measured = Search(folder, table, "measured");
        Assert.Equal(BlockBudget(entry), measured.Json.GetProperty("latency_budget_ms").GetDouble(), 9);
        var described = measured.Json.GetProperty("latency_table");
        Assert.True(described.GetProperty("device_table").GetBoolean());
        Assert.Equal((string?)entry["Device"], described.GetProperty("device").GetString());
        Assert.EndsWith(", by bench.py", described.GetProperty("describe").GetString(), StringComparison.Ordinal);
        var header = File.ReadLines(folder.File(Path.Combine("measured", "Found.par"))).TakeWhile(line => line.StartsWith('#')).ToList();
        Assert.Contains(header, line => line.StartsWith($"# latency of:   {(string?)entry["Device"]}, ", StringComparison.Ordinal) && line.EndsWith(", by bench.py", StringComparison.Ordinal));
        Assert.Contains(header, line => line.Contains($"(block latency table of {(string?)entry["Device"]}, whole model)", StringComparison.Ordinal));
        var report = File.ReadAllText(folder.File(Path.Combine("measured", "search.md")));
        Assert.Contains("| this machine ms | this machine ratio |", report);
        Assert.Contains($"reported only, never against {(string?)entry["Device"]}'s budget", report);

        // Attention four times as dear: the interleaved baseline sfs, and half of it the budget, grow by 3 · 2 s / 2.
        var attention = (double)entry["AttentionMs"]!;
        entry["AttentionMs"] = 4 * attention;
        File.WriteAllText(table, new JsonArray(entry.DeepClone()).ToJsonString());
        var scaled = Search(folder, table, "scaled");
        Assert.Equal(BlockBudget(entry), scaled.Json.GetProperty("latency_budget_ms").GetDouble(), 9);
        Assert.Equal(3 * attention, scaled.Json.GetProperty("latency_budget_ms").GetDouble() - measured.Json.GetProperty("latency_budget_ms").GetDouble(), 9);
    }

    [Fact]
    public void A_table_par_bench_measured_is_read_by_the_search_and_kept_from_being_replaced()
    {
        using var folder = new TemporaryFolder();
        var table = folder.File("device.json");
        var model = TinyInputs.WriteModel(folder);

        var bench = ParProcess.Run(folder.Path, "bench", model, "--runs", "2", "--warmup", "0", "--train-steps", "0", "--threads", "1", "--latency-table", table);
        Assert.True(bench.ExitCode == 0, bench.ToString());
        var entry = Assert.Single(JsonNode.Parse(File.ReadAllText(table))!.AsArray())!.AsObject();
        Assert.Equal("par bench", (string?)entry["MeasuredBy"]);
        Assert.Equal(1, (int)entry["Threads"]!);
        Assert.True((bool)entry["CachedAttention"]!);

        var search = Search(folder, table, "found");
        Assert.Equal(BlockBudget(entry), search.Json.GetProperty("latency_budget_ms").GetDouble(), 9);
        Assert.Equal("par bench", search.Json.GetProperty("latency_table").GetProperty("measured_by").GetString());
        var console = Search(folder, table, "console", json: false);
        Assert.Contains($"block latency of {(string?)entry["Device"]}, 1 thread, float32, TorchSharp ", console.Stdout);
        Assert.Contains($"(block latency table of {(string?)entry["Device"]}, whole model)", console.Stdout);
        Assert.Contains("on this machine ", console.Stdout);

        var written = File.ReadAllText(table);
        var again = ParProcess.Run(folder.Path, "bench", model, "--runs", "2", "--warmup", "0", "--train-steps", "0", "--latency-table", table);
        Assert.True(again.ExitCode == 2, again.ToString());
        Assert.Contains("--latency-table: " + table + " exists; pass --overwrite", again.Stderr);
        Assert.Equal(written, File.ReadAllText(table));
    }

    [Theory]
    [InlineData("memory=16", "memory: the table has 8, the search 16")]
    [InlineData("d_model=32", "d_model: the table has 16, the search 32")]
    public void A_device_table_of_another_shape_is_refused_naming_the_field_and_both_values(string set, string message)
    {
        using var folder = new TemporaryFolder();
        var table = folder.File("device.json");
        LatencyTableCache.Write(table, [new BlockLatencyTable(
            "cuda: NVIDIA H100 80GB HBM3", 16, 32, 2, 8, 8, AttentionMs: 0.5, FeedForwardMs: 0.25, CachedAttention: false, EmbeddingAndHeadMs: 0.125,
            Vocab: 256, Threads: 16, DType: "bfloat16", Libraries: "torch 2.6.0, CUDA 12.4", MeasuredOn: "2026-12-07", MeasuredBy: "bench.py")]);
        var written = File.ReadAllText(table);

        var result = ParProcess.Run(
            folder.Path,
            "search", folder.Write("Space.par", TinyInputs.TinySpace), "--set", set, "--data", TinyInputs.WriteCorpus(folder), "--tokens", "bytes", "--steps", "4",
            "--latency-target", "0.5", "--latency-table", table, "--threads", "1", "--out", folder.File(Path.Combine("out", "Found.par")));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(message, result.Stderr);
        Assert.Contains("cuda: NVIDIA H100 80GB HBM3", result.Stderr);
        Assert.Equal(written, File.ReadAllText(table));
        Assert.False(File.Exists(folder.File(Path.Combine("out", "Found.par"))));
    }

    private static CliResult Search(TemporaryFolder folder, string table, string outFolder, bool json = true)
    {
        string[] arguments =
        [
            "search", folder.Write("Space.par", TinyInputs.TinySpace), "--data", TinyInputs.WriteCorpus(folder), "--tokens", "bytes", "--steps", "8",
            "--latency-target", "0.5", "--derive", "halving", "--latency-table", table, "--threads", "1", "--out", folder.File(Path.Combine(outFolder, "Found.par")),
        ];
        var result = ParProcess.Run(folder.Path, json ? [.. arguments, "--json"] : arguments);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    // The blocks' share of half the interleaved baseline sfs as a whole model: 0.5 · (2 s + f + e) − e.
    private static double BlockBudget(JsonObject entry)
    {
        var (attention, feedForward, embeddingAndHead) = ((double)entry["AttentionMs"]!, (double)entry["FeedForwardMs"]!, (double)entry["EmbeddingAndHeadMs"]!);
        return (0.5 * ((2 * attention) + feedForward + embeddingAndHead)) - embeddingAndHead;
    }
}
