using System.IO;
using System.Linq;
using System.Threading;
using Par.Runtime;
using Par.Runtime.Training;
using Par.Search.Latency;
using Par.Search.Progress;

namespace Par.Search.Tests;

public sealed class SearchCheckpointTests
{
    private static readonly BlockLatencyTable Latencies = new("test", 16, 32, 2, 8, 8, AttentionMs: 1.0, FeedForwardMs: 0.25);

    [Theory]
    [InlineData(SamplingMode.Soft)]
    [InlineData(SamplingMode.SinglePath)]
    public void AnInterruptedSearch_ResumedFromItsCheckpoint_EndsExactlyAsAnUninterruptedOne(SamplingMode sampling)
    {
        using var folder = new TemporaryFolder();
        var options = TinySearch.Options with { Sampling = sampling, LatencyWeight = 0.2, CheckpointPath = folder.File("search.parsearch"), CheckpointEvery = 5 };
        var tokens = TinySearch.Tokens();
        var straight = new ArchitectureSearch(TinySearch.Space, options with { CheckpointPath = null }, Latencies).Run(tokens);

        // Stopped after step 12 (phase 2 has begun at step 6), between the periodic checkpoints at 10 and 15.
        using var cancellation = new CancellationTokenSource();
        var stopAtTwelve = new SynchronousProgress<SearchProgress>(report =>
        {
            if (report.Step == 12)
            {
                cancellation.Cancel();
            }
        });
        var interrupted = Assert.Throws<SearchInterruptedException>(() =>
            new ArchitectureSearch(TinySearch.Space, options, Latencies).Run(tokens, stopAtTwelve, cancellation.Token));
        Assert.Equal(12, interrupted.Step);
        Assert.True(File.Exists(options.CheckpointPath));

        var resumed = new ArchitectureSearch(TinySearch.Space, options, Latencies).Run(tokens, resume: true);

        Assert.Equal(TinySearch.Flatten(straight), TinySearch.Flatten(resumed));
        Assert.Equal(straight.History.Select(snapshot => snapshot.Step), resumed.History.Select(snapshot => snapshot.Step));
        Assert.Equal(straight.History.SelectMany(snapshot => snapshot.Layers.SelectMany(layer => layer.Probabilities)),
            resumed.History.SelectMany(snapshot => snapshot.Layers.SelectMany(layer => layer.Probabilities)));
        Assert.Equal(straight.WeightTokens, resumed.WeightTokens);
        Assert.Equal(straight.ArchitectureTokens, resumed.ArchitectureTokens);
    }

    [Fact]
    public void ResumingUnderOtherSettings_IsRefusedNamingWhatDiffers()
    {
        using var folder = new TemporaryFolder();
        var options = TinySearch.Options with { CheckpointPath = folder.File("search.parsearch"), CheckpointEvery = 5 };
        new ArchitectureSearch(TinySearch.Space, options).Run(TinySearch.Tokens());

        var error = Assert.Throws<CheckpointException>(() =>
            new ArchitectureSearch(TinySearch.Space, options with { Seed = options.Seed + 1 }).Run(TinySearch.Tokens(), resume: true));

        Assert.Contains("seed 7 -> 8", error.Message);
        Assert.Contains(options.CheckpointPath!, error.Message);
    }

    [Fact]
    public void ResumingWithoutACheckpoint_NamesTheMissingFile_AndWithoutAPath_IsRefused()
    {
        using var folder = new TemporaryFolder();
        var options = TinySearch.Options with { CheckpointPath = folder.File("none.parsearch") };

        var missing = Assert.Throws<FileNotFoundException>(() => new ArchitectureSearch(TinySearch.Space, options).Run(TinySearch.Tokens(), resume: true));
        Assert.Contains("none.parsearch", missing.Message);
        Assert.Throws<System.ArgumentException>(() => new ArchitectureSearch(TinySearch.Space, TinySearch.Options).Run(TinySearch.Tokens(), resume: true));
    }

    [Fact]
    public void ACorruptCheckpoint_IsBadDataNamingTheFile()
    {
        using var folder = new TemporaryFolder();
        var path = folder.Write("search.parsearch", "not a zip archive");
        var options = TinySearch.Options with { CheckpointPath = path };

        var error = Assert.Throws<CheckpointException>(() => new ArchitectureSearch(TinySearch.Space, options).Run(TinySearch.Tokens(), resume: true));

        Assert.Contains(path, error.Message);
        Assert.Contains("not a search checkpoint", error.Message);
    }
}
