using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Par.Cli.Tests.Infrastructure;
using Par.Search.Latency;

namespace Par.Cli.Tests;

public class SearchCommandTests
{
    [Theory]
    [InlineData("soft", null, "soft Gumbel-softmax mixing")]
    [InlineData("single-path", null, "REINFORCE on paired paths")]
    [InlineData("single-path", "straight-through", "straight-through binary gates")]
    public void A_tiny_search_writes_a_found_model_that_par_check_accepts_with_its_sampling_in_the_header(string sampling, string? estimator, string described)
    {
        using var folder = new TemporaryFolder();
        var found = folder.File(Path.Combine("out", "Found.par"));
        string[] arguments =
        [
            "search", folder.Write("Space.par", TinyInputs.TinySpace), "--data", TinyInputs.WriteCorpus(folder), "--tokens", "bytes",
            "--steps", "8", "--sampling", sampling, "--out", found, "--json",
            .. estimator is null ? [] : new[] { "--path-gradient", estimator },
        ];

        var result = ParProcess.Run(folder.Path, arguments);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(described, result.Json.GetProperty("sampling").GetString());

        // The close calls the JSON names are exactly the layers whose two leading probabilities differ by under 0.05.
        var expectedNarrow = result.Json.GetProperty("probabilities").EnumerateArray()
            .Where(layer => Lead(layer) < 0.05)
            .Select(layer => layer.GetProperty("layer").GetInt32());
        Assert.Equal(expectedNarrow, result.Json.GetProperty("narrow_layers").EnumerateArray().Select(layer => layer.GetInt32()));
        var header = File.ReadLines(found).TakeWhile(line => line.StartsWith('#')).ToList();
        Assert.Contains(header, line => line.Contains(described));
        Assert.Contains(header, line => line.StartsWith("# temperature:") && line.Contains("not used") == (sampling == "single-path"));
        Assert.True(File.Exists(Path.Combine(folder.File("out"), "search.md")), result.ToString());
        Assert.True(File.Exists(Path.Combine(folder.File("out"), "probabilities.png")), result.ToString());

        var check = ParProcess.Run(folder.Path, "check", found);
        Assert.True(check.ExitCode == 0, check.ToString());
    }

    // A tiny space to search: a supernet file on a byte corpus, or the main job shrunk with --set.
    private static string[] TinySpaceArguments(TemporaryFolder folder, bool searchAFile) => searchAFile
        ? [folder.Write("Space.par", TinyInputs.TinySpace), "--data", TinyInputs.WriteCorpus(folder), "--tokens", "bytes"]
        : ["--set", "layers=4", "--set", "d_model=16", "--set", "heads=2", "--set", "d_ff=32", "--set", "context=8", "--set", "memory=8", "--set", "batch=2"];

    private static double Lead(System.Text.Json.JsonElement layer)
    {
        var ordered = new[] { "s", "f", "identity" }.Select(name => layer.GetProperty(name).GetDouble()).OrderDescending().ToArray();
        return ordered[0] - ordered[1];
    }

    [Theory]
    [InlineData(true, InterruptionTests.SigInt, "resuming [sf-]x3")]
    [InlineData(true, InterruptionTests.SigTerm, "resuming [sf-]x3")]
    [InlineData(false, InterruptionTests.SigInt, "resuming [sf-]x4")]
    [InlineData(false, InterruptionTests.SigTerm, "resuming [sf-]x4")]
    public void Ctrl_c_or_sigterm_stops_a_search_with_exit_1_after_saving_its_state_and_resume_continues_from_it(bool searchAFile, int signal, string resumingLine)
    {
        using var folder = new TemporaryFolder();
        var found = folder.File(Path.Combine("out", "Found.par"));
        var space = TinySpaceArguments(folder, searchAFile);
        string[] steps = searchAFile ? ["--steps", InterruptionTests.Unending] : ["--steps", "6", "--search-steps", InterruptionTests.Unending];
        string[] Search(params string[] extra) => ["search", .. space, .. steps, "--checkpoint-every", InterruptionTests.Unending, "--out", found, .. extra];

        var interrupted = SearchUntilSignalled(folder, Search(), signal);
        Assert.False(File.Exists(found), "an interrupted search wrote a found model");

        // Only the state saved on the signal can make the resumed search's first progress line a later step than it:
        // a search started afresh would first report the same step as the first run did.
        var resumed = SearchUntilSignalled(folder, Search("--resume"), signal);
        Assert.Contains(resumingLine, resumed.Result.Stdout);
        Assert.True(resumed.FirstReported > interrupted.StoppedAfter, $"resumed at step {resumed.FirstReported}, saved after step {interrupted.StoppedAfter}\n{resumed.Result}");
    }

    [Theory]
    [InlineData(true, "resuming [sf-]x3")]
    [InlineData(false, "resuming [sf-]x4")]
    public void A_search_resumed_from_its_last_periodic_checkpoint_finds_what_the_uninterrupted_search_found(bool searchAFile, string resumingLine)
    {
        using var folder = new TemporaryFolder();
        var found = folder.File(Path.Combine("out", "Found.par"));
        var space = TinySpaceArguments(folder, searchAFile);
        string[] steps = searchAFile ? ["--steps", "20"] : ["--steps", "6", "--search-steps", "20"];
        string[] Search(params string[] extra) => ["search", .. space, .. steps, "--checkpoint-every", "10", "--out", found, .. extra];

        // The state saved after step 10 stays behind the finished search, as it would after a kill at step 15.
        var whole = ParProcess.Run(folder.Path, Search());
        Assert.True(whole.ExitCode == 0, whole.ToString());
        var uninterrupted = WithoutTimes(found);
        File.Delete(found);

        var resumed = ParProcess.Run(folder.Path, Search("--resume"));

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Contains(resumingLine, resumed.Stdout);
        Assert.Equal(uninterrupted, WithoutTimes(found));
        Assert.Equal(0, ParProcess.Run(folder.Path, "check", found).ExitCode);
    }

    [Fact]
    public void A_logged_main_job_prints_a_progress_line_when_each_stage_begins_however_fast_it_ends()
    {
        using var folder = new TemporaryFolder();

        // Without --json and with stdout redirected, progress goes to stderr as plain lines, at most one every few seconds.
        var result = ParProcess.Run(folder.Path, ["search", .. TinySpaceArguments(folder, searchAFile: false), "--steps", "3", "--search-steps", "3", "--out", folder.File(Path.Combine("out", "Found.par"))]);

        Assert.True(result.ExitCode == 0, result.ToString());
        foreach (var stage in new[] { "block latency table: reading the cache", "searching  step ", "training the baseline  step ", "training the found model  step ", "evaluating and timing" })
        {
            Assert.Contains(stage, result.Stderr);
        }
    }

    private static (int FirstReported, int StoppedAfter, CliResult Result) SearchUntilSignalled(TemporaryFolder folder, string[] arguments, int signal)
    {
        using var searching = ParProcess.StartInterruptible(folder.Path, arguments);
        var firstLine = searching.WaitForStderr("searching  step ");
        searching.Signal(signal);
        var result = searching.WaitForExit();

        Assert.True(result.ExitCode == 1, result.ToString());
        var firstReported = Regex.Match(result.Stderr[firstLine..], @"^searching  step (\d+)/");
        var stoppedAfter = Regex.Match(result.Stderr, @"interrupted after step (\d+); search state saved to .*search\.parsearch");
        Assert.True(firstReported.Success && stoppedAfter.Success, result.ToString());
        return (int.Parse(firstReported.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(stoppedAfter.Groups[1].Value, CultureInfo.InvariantCulture), result);
    }

    // A found model's header records when it was written and how long the search took; all else is the search's result.
    private static string[] WithoutTimes(string foundModel) =>
        File.ReadLines(foundModel).Where(line => !line.StartsWith("# date:") && !line.StartsWith("# search time:")).ToArray();

    [Theory]
    [InlineData(true, "out/search.parsearch")]
    [InlineData(false, "out/work/search.parsearch")]
    public void Resuming_without_a_checkpoint_is_bad_usage_naming_where_it_was_looked_for(bool searchAFile, string expectedPath)
    {
        using var folder = new TemporaryFolder();
        var found = folder.File(Path.Combine("out", "Found.par"));
        var result = ParProcess.Run(folder.Path, ["search", .. TinySpaceArguments(folder, searchAFile), "--steps", "8", "--out", found, "--resume"]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("no search checkpoint at ", result.Stderr);
        Assert.Contains(expectedPath, result.Stderr);
    }

    [Fact]
    public void The_main_job_with_its_own_search_steps_trains_for_steps_and_reports_the_cost_per_step_and_whole()
    {
        using var folder = new TemporaryFolder();
        var result = ParProcess.Run(folder.Path, ["search", .. TinySpaceArguments(folder, searchAFile: false), "--steps", "6", "--search-steps", "3", "--out", folder.File(Path.Combine("out", "Found.par")), "--json"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal((3, 6), (result.Json.GetProperty("search_steps").GetInt32(), result.Json.GetProperty("training_steps").GetInt32()));
        Assert.Equal(2 * result.Json.GetProperty("search_cost_ratio").GetDouble(), result.Json.GetProperty("search_cost_per_step_ratio").GetDouble(), 1e-9);
        var claims = result.Json.GetProperty("claims").EnumerateArray().Select(claim => claim.GetProperty("claim").GetString()!).ToList();
        Assert.Contains(claims, claim => claim.Contains("per step"));
        Assert.Contains(claims, claim => claim.StartsWith("whole search"));
    }

    [Theory]
    [InlineData(false, 3)] // the built-in corpus: a soft search runs half the training steps
    [InlineData(true, 4)]  // text: seven twelfths (3.5 rounded up), the 700 of 1200 the ablation gave the argmax
    public void The_main_job_searches_half_its_steps_on_the_built_in_corpus_and_seven_twelfths_of_them_on_text(bool givenData, int expectedSearchSteps)
    {
        using var folder = new TemporaryFolder();
        string[] data = givenData ? ["--data", TinyInputs.WriteCorpus(folder), "--tokens", "bytes"] : [];
        var result = ParProcess.Run(folder.Path, ["search", .. TinySpaceArguments(folder, searchAFile: false), .. data, "--steps", "6", "--out", folder.File(Path.Combine("out", "Found.par")), "--json"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal((expectedSearchSteps, 6), (result.Json.GetProperty("search_steps").GetInt32(), result.Json.GetProperty("training_steps").GetInt32()));
    }

    [Fact]
    public void The_main_job_on_text_ranking_by_training_finds_the_same_layout_beside_cpu_bound_processes_as_alone()
    {
        using var folder = new TemporaryFolder();
        // Halving times its finalists on this machine, so it is the derivation the load could reach.
        string[] job = ["search", .. TinySpaceArguments(folder, searchAFile: false), "--data", TinyInputs.WriteCorpus(folder), "--tokens", "bytes", "--steps", "6", "--derive", "halving", "--json"];

        var alone = ParProcess.Run(folder.Path, [.. job, "--out", folder.File(Path.Combine("alone", "Found.par"))]);
        CliResult loaded;
        var burners = Enumerable.Range(0, Environment.ProcessorCount).Select(_ => Process.Start("sh", ["-c", "while :; do :; done"])).ToList();
        try
        {
            loaded = ParProcess.Run(folder.Path, [.. job, "--out", folder.File(Path.Combine("loaded", "Found.par"))]);
        }
        finally
        {
            foreach (var burner in burners)
            {
                burner.Kill();
                burner.WaitForExit();
                burner.Dispose();
            }
        }

        Assert.True(alone.ExitCode == 0, alone.ToString());
        Assert.True(loaded.ExitCode == 0, loaded.ToString());
        static string Ranking(CliResult result) => string.Join(", ", result.Json.GetProperty("derivation").GetProperty("candidates").EnumerateArray()
            .Select(candidate => $"{candidate.GetProperty("layout").GetString()} {candidate.GetProperty("chosen").GetBoolean()}"));
        Assert.Equal(alone.Json.GetProperty("found_layout").GetString(), loaded.Json.GetProperty("found_layout").GetString());
        Assert.Equal(Ranking(alone), Ranking(loaded));
    }

    [Fact]
    public void A_shared_latency_table_is_read_instead_of_measured_again()
    {
        using var folder = new TemporaryFolder();
        var table = folder.File("shared-latency.json");
        new LatencyTableCache(table).Store(new BlockLatencyTable("cpu/1 threads", 16, 32, 2, 8, 8, AttentionMs: 7.25, FeedForwardMs: 0.125, CachedAttention: true, Vocab: 256));

        var result = ParProcess.Run(
            folder.Path,
            "search", folder.Write("Space.par", TinyInputs.TinySpace), "--data", TinyInputs.WriteCorpus(folder), "--tokens", "bytes", "--steps", "4",
            "--latency-weight", "0.2", "--latency-table", table, "--threads", "1", "--out", folder.File(Path.Combine("out", "Found.par")));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("| s (self-attention) | 7.250 |", result.Stdout);
        Assert.False(File.Exists(Path.Combine(folder.File("out"), "block-latency.json")), "the search measured its own table beside --out");
    }

    [Fact]
    public void A_latency_table_for_a_search_without_latency_loss_is_bad_usage()
    {
        using var folder = new TemporaryFolder();

        var result = ParProcess.Run(
            folder.Path,
            "search", folder.Write("Space.par", TinyInputs.TinySpace), "--data", TinyInputs.WriteCorpus(folder), "--tokens", "bytes", "--steps", "4",
            "--latency-table", folder.File("table.json"));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--latency-table: this search has no latency loss", result.Stderr);
    }

    [Theory]
    [InlineData("heads=3", "--set heads: d_model 64 is not divisible by heads 3")]
    [InlineData("d_model=abc", "--set d_model: ")]
    [InlineData("layers=3", "--set layers: the interleaved baseline (sf)xN needs an even layer count of at least 2, got 3.")]
    [InlineData("batch=0", "--set batch: expected a positive number, got '0'.")]
    [InlineData("dropout=0.1", "--set dropout: the main search job takes layers, d_model, heads, d_ff, context, memory or batch.")]
    public void The_main_jobs_set_is_checked_as_a_files_would_be_naming_the_key(string setting, string expected)
    {
        using var folder = new TemporaryFolder();

        var result = ParProcess.Run(folder.Path, "search", "--set", setting, "--steps", "2");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(expected, result.Stderr);
        Assert.DoesNotContain("searching", result.Stdout);
    }
}
