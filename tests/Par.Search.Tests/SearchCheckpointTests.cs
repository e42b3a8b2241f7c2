using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using Par.Runtime;
using Par.Runtime.Training;
using Par.Search.Latency;
using Par.Search.Progress;

namespace Par.Search.Tests;

public sealed class SearchCheckpointTests
{
    private static readonly BlockLatencyTable Latencies = new("test", 16, 32, 2, 8, 8, AttentionMs: 1.0, FeedForwardMs: 0.25, CachedAttention: true);

    [Theory]
    [InlineData(SamplingMode.Soft)]
    [InlineData(SamplingMode.SinglePath)]
    public void AnInterruptedSearch_ResumedFromItsCheckpoint_EndsExactlyAsAnUninterruptedOne(SamplingMode sampling)
    {
        using var folder = new TemporaryFolder();
        var options = TinySearch.Options with { Sampling = new() { Mode = sampling }, Latency = new() { Weight = 0.2 }, Checkpoint = new() { Path = folder.File("search.parsearch"), Every = 5 } };
        var tokens = TinySearch.Tokens();
        var straight = new ArchitectureSearch(TinySearch.Space, options with { Checkpoint = null }, Latencies).Run(tokens);

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
        Assert.True(File.Exists(options.Checkpoint!.Path));

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
        var options = TinySearch.Options with { Checkpoint = new() { Path = folder.File("search.parsearch"), Every = 5 } };
        new ArchitectureSearch(TinySearch.Space, options).Run(TinySearch.Tokens());

        var error = Assert.Throws<CheckpointException>(() =>
            new ArchitectureSearch(TinySearch.Space, options with { Seed = options.Seed + 1 }).Run(TinySearch.Tokens(), resume: true));

        Assert.Contains("seed 7 -> 8", error.Message);
        Assert.Contains(options.Checkpoint!.Path, error.Message);
    }

    [Fact]
    public void ResumingUnderOtherSampling_IsRefusedNamingTheOptionValues_NotTheirReportText()
    {
        using var folder = new TemporaryFolder();
        var options = Checkpointed(folder);

        var error = Assert.Throws<CheckpointException>(() =>
            new ArchitectureSearch(TinySearch.Space, options with { Sampling = new() { Mode = SamplingMode.SinglePath } }).Run(TinySearch.Tokens(), resume: true));

        Assert.Contains("(sampling soft -> single-path)", error.Message);
    }

    [Fact]
    public void ResumingWithAnotherTimedMemory_IsRefused_ForTheBudgetWouldPriceOtherLatencies()
    {
        using var folder = new TemporaryFolder();
        var options = Checkpointed(folder);

        var error = Assert.Throws<CheckpointException>(() =>
            new ArchitectureSearch(TinySearch.Space, options with { Latency = options.Latency with { InferenceMemorySegments = 10 } }).Run(TinySearch.Tokens(), resume: true));

        Assert.Contains("latency-memory-segments (none) -> 10", error.Message);
    }

    [Fact]
    public void ACheckpointKeepsItsSettingsAsTheOptionValues()
    {
        using var folder = new TemporaryFolder();
        var options = Checkpointed(folder);

        using var archive = ZipFile.OpenRead(options.Checkpoint!.Path);
        using var manifest = archive.GetEntry(CheckpointArchive.ManifestEntry)!.Open();
        var settings = JsonNode.Parse(manifest)!["Settings"]!;

        Assert.Equal(
            (options.Seed, options.Steps, "soft", "reinforce", 0.0, options.Latency.Target),
            (settings["seed"]!.GetValue<int>(), settings["steps"]!.GetValue<int>(), settings["sampling"]!.GetValue<string>(),
             settings["path-gradient"]!.GetValue<string>(), settings["latency-weight"]!.GetValue<double>(), settings["latency-target"]!.GetValue<double>()));
    }

    [Fact]
    public void ResumingWithoutACheckpoint_NamesTheMissingFile_AndWithoutAPath_IsRefused()
    {
        using var folder = new TemporaryFolder();
        var options = TinySearch.Options with { Checkpoint = new() { Path = folder.File("none.parsearch") } };

        var missing = Assert.Throws<FileNotFoundException>(() => new ArchitectureSearch(TinySearch.Space, options).Run(TinySearch.Tokens(), resume: true));
        Assert.Contains("none.parsearch", missing.Message);
        Assert.Throws<System.ArgumentException>(() => new ArchitectureSearch(TinySearch.Space, TinySearch.Options).Run(TinySearch.Tokens(), resume: true));
    }

    [Fact]
    public void ACorruptCheckpoint_IsBadDataNamingTheFile()
    {
        using var folder = new TemporaryFolder();
        var path = folder.Write("search.parsearch", "not a zip archive");
        var options = TinySearch.Options with { Checkpoint = new() { Path = path } };

        var error = Assert.Throws<CheckpointException>(() => new ArchitectureSearch(TinySearch.Space, options).Run(TinySearch.Tokens(), resume: true));

        Assert.Contains(path, error.Message);
        Assert.Contains("not a search checkpoint", error.Message);
    }

    [Fact]
    public void EveryFlippedBit_IsRefused_AndNothingResumes()
    {
        using var folder = new TemporaryFolder();
        var options = Checkpointed(folder);
        var tokens = TinySearch.Tokens();

        var (tried, notRefused) = CheckpointForgery.FlipEachBit(options.Checkpoint!.Path, flips: 150, () =>
            new ArchitectureSearch(TinySearch.Space, options).Run(tokens, resume: true));

        Assert.True(tried > 150, $"{tried} positions");
        Assert.Empty(notRefused);
    }

    [Theory]
    [InlineData("supernet.safetensors")]
    [InlineData("weight-optimizer.bin")]
    [InlineData("architecture-memory.safetensors")]
    public void AMissingEntry_IsRefusedNamingIt(string entry)
    {
        using var folder = new TemporaryFolder();
        var options = Checkpointed(folder);
        CheckpointForgery.DropEntry(options.Checkpoint!.Path, entry);

        var error = Assert.Throws<CheckpointException>(() => new ArchitectureSearch(TinySearch.Space, options).Run(TinySearch.Tokens(), resume: true));

        Assert.Equal($"{options.Checkpoint!.Path}: damaged search checkpoint: entry {entry} is missing.", error.Message);
    }

    [Theory]
    [InlineData("State.Step", "1000", "State.Step is 1000, outside 0..24")]
    [InlineData("State.Step", "-1", "State.Step is -1, outside 0..24")]
    [InlineData("State.WeightStreamPosition", "-1", "State.WeightStreamPosition is -1, outside 0..20")]
    [InlineData("State.ArchitectureStreamPosition", "1000000000000000", "State.ArchitectureStreamPosition is 1000000000000000, outside 0..20")]
    [InlineData("State.TorchRngState", "\"AAAA\"", "State.TorchRngState holds 3 bytes")]
    [InlineData("State.SamplingRngState", "\"AAAA\"", "State.SamplingRngState holds 3 bytes")]
    [InlineData("State.ElapsedSeconds", "-5", "State.ElapsedSeconds -5")]
    [InlineData("FormatVersion", "2", "search checkpoint format 2, written by an older Par")]
    public void AFieldOutOfRange_IsRefusedBeforeItReachesTheSearch(string field, string json, string problem)
    {
        using var folder = new TemporaryFolder();
        var options = Checkpointed(folder);
        CheckpointForgery.Rewrite(options.Checkpoint!.Path, manifest =>
        {
            var names = field.Split('.');
            var parent = names[..^1].Aggregate((JsonNode)manifest, (node, name) => node[name]!);
            parent[names[^1]] = JsonNode.Parse(json);
        });

        var error = Assert.Throws<CheckpointException>(() => new ArchitectureSearch(TinySearch.Space, options).Run(TinySearch.Tokens(), resume: true));

        Assert.StartsWith(options.Checkpoint!.Path + ": ", error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void AHistoryOfOtherLayers_IsRefused()
    {
        using var folder = new TemporaryFolder();
        var options = Checkpointed(folder);
        CheckpointForgery.Rewrite(options.Checkpoint!.Path, manifest => manifest["State"]!["History"]!.AsArray()[^1]!["Layers"]!.AsArray().RemoveAt(0));

        var error = Assert.Throws<CheckpointException>(() => new ArchitectureSearch(TinySearch.Space, options).Run(TinySearch.Tokens(), resume: true));

        Assert.Contains("State.History at step 20 does not hold one probability per candidate of each of the search's 4 layers", error.Message);
    }

    [Fact]
    public void ATruncatedOptimizerState_IsRefusedNamingTheEntry()
    {
        using var folder = new TemporaryFolder();
        var options = Checkpointed(folder);
        CheckpointForgery.Rewrite(options.Checkpoint!.Path, _ => { }, entries => entries["weight-optimizer.bin"] = entries["weight-optimizer.bin"][..40]);

        var error = Assert.Throws<CheckpointException>(() => new ArchitectureSearch(TinySearch.Space, options).Run(TinySearch.Tokens(), resume: true));

        Assert.StartsWith($"{options.Checkpoint!.Path}: entry weight-optimizer.bin is not this search's optimizer state", error.Message);
    }

    [Fact]
    public void ASave_RemovesTheTemporaryFilesAKilledSearchLeft_AndNothingElse()
    {
        using var folder = new TemporaryFolder();
        var stale = folder.Write($".search.parsearch.{Guid.NewGuid():N}.tmp", "half a checkpoint");
        var kept = folder.Write($".search.parsearch.{Guid.NewGuid():N}.tmp.keep", "not Par's");

        new ArchitectureSearch(TinySearch.Space, CheckpointedOptions(folder)).Run(TinySearch.Tokens());

        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(kept));
    }

    /// <summary>The options of a finished 24-step search, whose last checkpoint (of step 20) is in <paramref name="folder"/>.</summary>
    private static SearchOptions Checkpointed(TemporaryFolder folder)
    {
        var options = CheckpointedOptions(folder);
        File.WriteAllBytes(options.Checkpoint!.Path, FinishedSearchCheckpoint.Value);
        return options;
    }

    private static SearchOptions CheckpointedOptions(TemporaryFolder folder) =>
        TinySearch.Options with { Checkpoint = new() { Path = folder.File("search.parsearch"), Every = 5 } };

    // One search for all the tests that damage its checkpoint: the search is what takes time.
    private static readonly Lazy<byte[]> FinishedSearchCheckpoint = new(() =>
    {
        using var folder = new TemporaryFolder();
        var options = CheckpointedOptions(folder);
        new ArchitectureSearch(TinySearch.Space, options).Run(TinySearch.Tokens());
        return File.ReadAllBytes(options.Checkpoint!.Path);
    });
}
