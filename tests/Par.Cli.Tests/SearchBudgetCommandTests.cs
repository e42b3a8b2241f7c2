using System.IO;
using System.Linq;
using Par.Cli.Tests.Infrastructure;
using Par.Search.Latency;

namespace Par.Cli.Tests;

public class SearchBudgetCommandTests
{
    // A hand-written table, so the budget is known: the interleaved baseline sfs costs 2 · 4 + 1 = 9 ms.
    private static string Table(TemporaryFolder folder)
    {
        var path = folder.File("latency.json");
        new LatencyTableCache(path).Store(new BlockLatencyTable("cpu/1 threads", 16, 32, 2, 8, 8, AttentionMs: 4.0, FeedForwardMs: 1.0, CachedAttention: true, Vocab: 256));
        return path;
    }

    [Fact]
    public void A_budgeted_search_derived_by_halving_reports_and_keeps_its_budget()
    {
        using var folder = new TemporaryFolder();
        var found = folder.File(Path.Combine("out", "Found.par"));

        var result = ParProcess.Run(
            folder.Path,
            "search", folder.Write("Space.par", TinyInputs.TinySpace), "--data", TinyInputs.WriteCorpus(folder), "--tokens", "bytes", "--steps", "8",
            "--latency-target", "0.5", "--derive", "halving", "--latency-table", Table(folder), "--threads", "1", "--out", found, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(4.5, result.Json.GetProperty("latency_budget_ms").GetDouble(), 9);
        var candidates = result.Json.GetProperty("derivation").GetProperty("candidates").EnumerateArray().ToList();
        Assert.NotEmpty(candidates);
        Assert.All(candidates, candidate => Assert.True(candidate.GetProperty("predicted_ms").GetDouble() <= 4.5));
        var chosen = Assert.Single(candidates, candidate => candidate.GetProperty("chosen").GetBoolean());
        Assert.Equal(chosen.GetProperty("layout").GetString(), result.Json.GetProperty("found_layout").GetString());
        Assert.True(chosen.GetProperty("measured_ms").GetDouble() > 0);
        var header = File.ReadLines(found).TakeWhile(line => line.StartsWith('#')).ToList();
        Assert.Contains(header, line => line.StartsWith("# latency loss: CE + 1 · max(0, LAT / budget − 1), budget 0.5"));
        Assert.Contains(header, line => line.StartsWith("# latency budget: 4.5 ms = 0.5 of the interleaved baseline's 9 ms"));
        Assert.Contains(header, line => line.StartsWith("# derivation: "));
        Assert.Contains("| layout | log p | held-out loss | from-scratch loss | predicted ms | predicted ratio | this machine ms | this machine ratio |", File.ReadAllText(folder.File(Path.Combine("out", "search.md"))));
    }

    [Theory]
    [InlineData("--latency-target", "-0.5", "--latency-target: expected a finite number > 0, got -0.5")]
    [InlineData("--latency-target-ms", "NaN", "--latency-target-ms: expected a finite number > 0, got NaN")]
    [InlineData("--latency-loss", "cheap", "--latency-loss: expected budget or fbnet, got 'cheap'")]
    [InlineData("--derive", "best", "--derive: expected most-probable or halving, got 'best'")]
    [InlineData("--identity-penalty", "-1", "--identity-penalty: expected a finite number >= 0, got -1")]
    [InlineData("--candidates", "sf", "--candidates: a file's layout defines its space")]
    [InlineData("--latency-memory-segments", "10", "--latency-memory-segments: this search has no latency loss")]
    [InlineData("--remeasure-latency", "true", "--remeasure-latency: this search has no latency loss")]
    public void Bad_budget_derivation_and_space_options_are_bad_usage(string option, string value, string message)
    {
        using var folder = new TemporaryFolder();

        var result = ParProcess.Run(folder.Path, "search", folder.Write("Space.par", TinyInputs.TinySpace), "--data", TinyInputs.WriteCorpus(folder), "--tokens", "bytes", "--steps", "4", option, value);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(message, result.Stderr);
    }

    [Theory]
    [InlineData("--latency-weight", "0.2", "--latency-memory-segments", "-1", "--latency-memory-segments: expected 0 or more, got -1")]
    [InlineData("--sampling", "single-path", "--uniform-weight-steps", "true", "--uniform-weight-steps: only soft search mixes candidates in its weight steps")]
    [InlineData("--latency-loss", "fbnet", "--latency-target", "0.6", "has no budget; use --latency-loss budget")]
    [InlineData("--derive", "halving", "--halving-share", "0", "--halving-share: expected a finite number > 0, got 0")]
    [InlineData("--seed", "1", "--halving-share", "0.5", "--halving-share: only the halving derivation trains layouts")]
    public void Combinations_no_search_can_use_are_bad_usage(string first, string firstValue, string second, string secondValue, string message)
    {
        using var folder = new TemporaryFolder();

        var result = ParProcess.Run(folder.Path, "search", folder.Write("Space.par", TinyInputs.TinySpace), "--data", TinyInputs.WriteCorpus(folder), "--tokens", "bytes", "--steps", "4", first, firstValue, second, secondValue);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(message, result.Stderr);
    }

    [Fact]
    public void The_main_job_on_text_reports_bits_per_byte_and_no_recall_columns()
    {
        using var folder = new TemporaryFolder();

        var result = TinyMainJobOnText(folder, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var baseline = result.Json.GetProperty("rows")[0];
        Assert.Equal(baseline.GetProperty("valid_loss").GetDouble() / System.Math.Log(2), baseline.GetProperty("valid_bpc").GetDouble(), 9);
        var report = File.ReadAllText(folder.File(Path.Combine("out", "report.md")));
        Assert.Contains("| valid bpc |", report);
        Assert.DoesNotContain("recall loss", report);

        // The text defaults: a latency budget over blocks timed as the paper times them (a memory of ten segments), and
        // the paper's argmax derivation, which trains and times no candidates.
        Assert.True(result.Json.GetProperty("latency_budget_ms").GetDouble() > 0);
        Assert.Contains("one segment of 8 tokens over a full memory of 80 positions", report);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, result.Json.GetProperty("derivation").ValueKind);
    }

    [Fact]
    public void The_main_job_on_text_ranking_by_training_says_what_its_derivation_is_doing_after_the_last_search_step()
    {
        using var folder = new TemporaryFolder();

        var result = TinyMainJobOnText(folder, "--derive", "halving");

        Assert.True(result.ExitCode == 0, result.ToString());
        var stages = new[] { "searching  step 7/7", "deriving  scoring layouts with the supernet's weights", "deriving  training `", "deriving  timing the", "training the baseline" };
        var positions = stages.Select(stage => result.Stderr.IndexOf(stage, System.StringComparison.Ordinal)).ToList();
        Assert.All(positions.Zip(stages), pair => Assert.True(pair.First >= 0, $"no '{pair.Second}' line in:\n{result.Stderr}"));
        Assert.Equal(positions.Order(), positions);
    }

    // The main job on a tiny byte corpus, at a width that trains in seconds, writing to out/ in the folder; on text the
    // search runs 7 of the trainings' 12 steps.
    private static CliResult TinyMainJobOnText(TemporaryFolder folder, params string[] extra) => ParProcess.Run(
        folder.Path,
        [
            "search", "--set", "layers=2", "--set", "d_model=16", "--set", "heads=2", "--set", "d_ff=32", "--set", "context=8", "--set", "memory=8", "--set", "batch=2",
            "--data", TinyInputs.WriteCorpus(folder), "--tokens", "bytes", "--steps", "12", "--out", folder.File(Path.Combine("out", "Found.par")), .. extra,
        ]);
}
