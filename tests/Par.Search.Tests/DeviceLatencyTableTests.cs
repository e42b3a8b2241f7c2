using System.IO;
using Par.Dsl.Model;
using Par.Search.Latency;

namespace Par.Search.Tests;

/// <summary>
/// A latency table a bench measured on the device a model will run on: a search reads it as it is, from any machine,
/// and refuses one that does not fit its shape, naming the field and both values.
/// </summary>
public sealed class DeviceLatencyTableTests
{
    private static readonly HyperParameters Timed = HyperParameters.Default with { DModel = 32, Heads = 2, DFeedForward = 128, Context = 16, Memory = 64 };

    private static readonly BlockLatencyTable Gpu = new(
        "cuda: NVIDIA H100 80GB HBM3", 32, 128, 2, 16, 64, AttentionMs: 0.5, FeedForwardMs: 0.125, CachedAttention: false, EmbeddingAndHeadMs: 0.25,
        Vocab: 256, Attention: "xl", Threads: 16, DType: "bfloat16", Libraries: "torch 2.6.0, CUDA 12.4", MeasuredOn: "2026-12-07", MeasuredBy: "bench.py");

    [Fact]
    public void A_device_table_is_read_as_it_is_and_its_file_is_never_measured_into()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("gpu.json");
        LatencyTableCache.Write(path, [Gpu]);
        var written = File.ReadAllText(path);
        var measured = 0;

        var table = new LatencyTableCache(path).GetOrMeasure("cpu/2 threads", Timed, () => { measured++; return Gpu with { Device = "cpu/2 threads", MeasuredBy = null }; });

        Assert.Equal(Gpu, table);
        Assert.True(table.IsDeviceTable);
        Assert.Equal(0, measured);
        Assert.Equal(written, File.ReadAllText(path));
        Assert.Equal("cuda: NVIDIA H100 80GB HBM3, 16 threads, bfloat16, torch 2.6.0, CUDA 12.4, measured 2026-12-07, by bench.py", table.DescribeDevice());
        Assert.Contains("block latency of cuda: NVIDIA H100 80GB HBM3, 16 threads, bfloat16", table.ToTableText());
    }

    [Theory]
    [InlineData("d_model", "d_model: the table has 64, the search 32")]
    [InlineData("vocab", "vocab: the table has 512, the search 256")]
    [InlineData("context", "context: the table has 64, the search 16")]
    [InlineData("memory", "memory: the table has 640, the search 64")]
    [InlineData("attention", "attention: the table has causal, the search xl")]
    public void A_device_table_of_another_shape_is_refused_naming_the_field_and_both_values(string field, string message)
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("gpu.json");
        var other = field switch
        {
            "d_model" => Gpu with { DModel = 64 },
            "vocab" => Gpu with { Vocab = 512 },
            "context" => Gpu with { Context = 64 },
            "memory" => Gpu with { Memory = 640 },
            _ => Gpu with { Attention = "causal" },
        };
        LatencyTableCache.Write(path, [other]);

        var error = Assert.Throws<InvalidDataException>(() => new LatencyTableCache(path).GetOrMeasure("cpu/2 threads", Timed, () => Gpu));

        Assert.Contains(path, error.Message);
        Assert.Contains(message, error.Message);
        Assert.Contains("cuda: NVIDIA H100 80GB HBM3", error.Message);
    }

    [Fact]
    public void Causal_attention_reads_no_memory_so_a_causal_table_fits_whatever_memory_the_search_names()
    {
        var causal = Gpu with { Attention = "causal", Memory = 0 };

        Assert.Null(causal.MismatchWith(Timed with { Attention = AttentionKind.Causal }));
        Assert.Equal("attention: the table has causal, the search xl", causal.MismatchWith(Timed));
        Assert.Equal("memory: the table has 0, the search 64", (causal with { Attention = "xl" }).MismatchWith(Timed));
    }

    [Fact]
    public void Two_tables_that_fit_leave_the_device_unsaid_and_are_refused()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("gpu.json");
        LatencyTableCache.Write(path, [Gpu, Gpu with { DType = "float32", Device = "cuda: NVIDIA A100-SXM4-80GB" }]);

        var error = Assert.Throws<InvalidDataException>(() => new LatencyTableCache(path).FindDeviceTable(Timed));

        Assert.Contains("2 tables fit", error.Message);
        Assert.Contains("NVIDIA A100-SXM4-80GB", error.Message);
    }

    [Fact]
    public void Remeasuring_a_device_table_is_refused_and_leaves_it_as_it_was()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("gpu.json");
        LatencyTableCache.Write(path, [Gpu]);
        var written = File.ReadAllText(path);

        var error = Assert.Throws<InvalidDataException>(() => new LatencyTableCache(path).GetOrMeasure("cpu/2 threads", Timed, () => Gpu, remeasure: true));

        Assert.Contains("does not remeasure another device's table", error.Message);
        Assert.Equal(written, File.ReadAllText(path));
    }

    [Fact]
    public void A_file_of_the_searchs_own_tables_stays_a_cache()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("cache.json");
        var own = Gpu with { Device = "cpu/2 threads", MeasuredBy = BlockLatencyTable.SearchMeasurer, CachedAttention = true, Memory = 16 };
        LatencyTableCache.Write(path, [own]);

        Assert.Null(new LatencyTableCache(path).FindDeviceTable(Timed));
        var measured = new LatencyTableCache(path).GetOrMeasure("cpu/2 threads", Timed, () => own with { Memory = 64 });
        Assert.Equal(64, measured.Memory);
        Assert.Equal(2, System.Text.Json.JsonDocument.Parse(File.ReadAllText(path)).RootElement.GetArrayLength());
    }
}
