using System.IO;
using Par.Dsl.Model;
using Par.Search.Latency;

namespace Par.Search.Tests;

public sealed class LatencyTableCacheTests
{
    [Fact]
    public void StoredTable_IsFoundAgainByDeviceAndShape_AndOnlyByThem()
    {
        var path = Path.Combine(Path.GetTempPath(), $"par-latency-{System.Guid.NewGuid():N}.json");
        try
        {
            var hp = HyperParameters.Default with { DModel = 32, Heads = 2, DFeedForward = 128, Context = 16, Memory = 16 };
            var table = new BlockLatencyTable("cpu/2", 32, 128, 2, 16, 16, AttentionMs: 0.25, FeedForwardMs: 0.125, CachedAttention: true, Vocab: 256);
            var cache = new LatencyTableCache(path);
            cache.Store(table);

            var reread = new LatencyTableCache(path);
            Assert.Equal(table, reread.Find("cpu/2", hp));
            Assert.Null(reread.Find("cpu/1", hp));
            Assert.Null(reread.Find("cpu/2", hp with { Context = 32 }));

            var measured = 0;
            Assert.Equal(table, reread.GetOrMeasure("cpu/2", hp, () => { measured++; return table; }));
            Assert.Equal(0, measured);
            Assert.Contains("| s (self-attention) | 0.250 |", table.ToTableText());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_table_stored_before_the_inference_cache_timed_recomputing_attention_and_is_measured_again()
    {
        var path = Path.Combine(Path.GetTempPath(), $"par-latency-{System.Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(path, "[{\"Device\":\"cpu/2\",\"DModel\":32,\"DFeedForward\":128,\"Heads\":2,\"Context\":16,\"Memory\":16,\"AttentionMs\":0.5,\"FeedForwardMs\":0.1,\"Vocab\":256}]");
            var hp = HyperParameters.Default with { DModel = 32, Heads = 2, DFeedForward = 128, Context = 16, Memory = 16 };
            var measured = new BlockLatencyTable("cpu/2", 32, 128, 2, 16, 16, AttentionMs: 0.25, FeedForwardMs: 0.1, CachedAttention: true, Vocab: 256);
            var cache = new LatencyTableCache(path);

            Assert.Null(cache.Find("cpu/2", hp));
            Assert.Equal(measured, cache.GetOrMeasure("cpu/2", hp, () => measured));
            Assert.Equal(measured, new LatencyTableCache(path).Find("cpu/2", hp));
            Assert.Contains("cached attention", measured.ToTableText());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Remeasuring_replaces_the_cached_table_and_a_plain_read_keeps_it()
    {
        var path = Path.Combine(Path.GetTempPath(), $"par-latency-{System.Guid.NewGuid():N}.json");
        try
        {
            var hp = HyperParameters.Default with { DModel = 32, Heads = 2, DFeedForward = 128, Context = 16, Memory = 16 };
            var first = new BlockLatencyTable("cpu/2", 32, 128, 2, 16, 16, AttentionMs: 0.25, FeedForwardMs: 0.1, CachedAttention: true, Vocab: 256);
            var second = first with { AttentionMs = 0.5 };
            var cache = new LatencyTableCache(path);
            cache.Store(first);

            Assert.Equal(first, cache.GetOrMeasure("cpu/2", hp, () => second));
            Assert.Equal(second, cache.GetOrMeasure("cpu/2", hp, () => second, remeasure: true));
            Assert.Equal(second, new LatencyTableCache(path).Find("cpu/2", hp));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("/data/cache", "/data/cache/par/block-latency.json")]
    [InlineData(null, "~/.cache/par/block-latency.json")]
    [InlineData("", "~/.cache/par/block-latency.json")]
    [InlineData("relative/cache", "~/.cache/par/block-latency.json")]
    public void The_per_user_cache_follows_XDG_CACHE_HOME_when_it_is_an_absolute_path(string? cacheHome, string expected)
    {
        var home = System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile);
        var path = LatencyTableCache.UserCachePathFrom(name => name == "XDG_CACHE_HOME" ? cacheHome : null);
        Assert.Equal(expected.Replace("~", home), path);
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("[{\"Device\":\"cpu/2\",\"DModel\":32,\"DFeedForward\":128,\"Heads\":2,\"Context\":16,\"Memory\":16,\"AttentionMs\":-1,\"FeedForwardMs\":0.1}]")]
    public void A_broken_cache_file_is_bad_data_that_names_the_file_and_the_way_out(string content)
    {
        var path = Path.Combine(Path.GetTempPath(), $"par-latency-{System.Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(path, content);
            var hp = HyperParameters.Default with { DModel = 32, Heads = 2, DFeedForward = 128, Context = 16, Memory = 16 };

            var error = Assert.Throws<InvalidDataException>(() => new LatencyTableCache(path).Find("cpu/2", hp));

            Assert.Contains(path, error.Message);
            Assert.Contains("Delete it", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
