using System.IO;
using Par.Cli.Tests.Infrastructure;

namespace Par.Cli.Tests;

public class UsageErrorTests
{
    [Fact]
    public void An_unknown_option_is_bad_usage()
    {
        using var folder = new TemporaryFolder();
        var file = TinyInputs.WriteModel(folder);

        var result = ParProcess.Run(folder.Path, "info", file, "--no-such-option");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--no-such-option", result.Stderr);
    }

    [Fact]
    public void An_unknown_verb_is_bad_usage()
    {
        using var folder = new TemporaryFolder();

        var result = ParProcess.Run(folder.Path, "frobnicate");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("frobnicate", result.Stderr);
    }

    [Fact]
    public void A_set_value_that_is_not_a_number_is_bad_usage_naming_the_set_option()
    {
        using var folder = new TemporaryFolder();
        var file = TinyInputs.WriteModel(folder);

        var result = ParProcess.Run(folder.Path, "info", file, "--set", "d_model=abc");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--set d_model", result.Stderr);
        Assert.Contains("'abc'", result.Stderr);
    }

    [Fact]
    public void A_negative_latency_exponent_is_bad_usage_naming_it_before_any_work()
    {
        using var folder = new TemporaryFolder();

        var result = ParProcess.Run(folder.Path, "search", "--latency-exponent", "-1", "--steps", "2");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--latency-exponent", result.Stderr);
        Assert.DoesNotContain("searching", result.Stdout);
    }

    [Theory]
    [InlineData(false, "0", "expected a positive number, got 0")]
    [InlineData(true, "5", "a file search trains nothing after it")]
    public void Search_steps_that_are_not_positive_or_given_to_a_file_search_are_bad_usage(bool searchingAFile, string value, string expected)
    {
        using var folder = new TemporaryFolder();
        string[] source = searchingAFile ? [TinyInputs.WriteModel(folder)] : [];

        var result = ParProcess.Run(folder.Path, ["search", .. source, "--search-steps", value, "--steps", "2"]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--search-steps", result.Stderr);
        Assert.Contains(expected, result.Stderr);
        Assert.DoesNotContain("searching", result.Stdout);
    }

    [Theory]
    [InlineData("soft", "reinforce", "single-path")]
    [InlineData("single-path", "gradient-free", "expected reinforce or straight-through")]
    public void A_path_gradient_for_soft_search_or_of_an_unknown_kind_is_bad_usage(string sampling, string estimator, string expected)
    {
        using var folder = new TemporaryFolder();

        var result = ParProcess.Run(folder.Path, "search", "--sampling", sampling, "--path-gradient", estimator, "--steps", "2");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--path-gradient", result.Stderr);
        Assert.Contains(expected, result.Stderr);
        Assert.DoesNotContain("searching", result.Stdout);
    }

    [Fact]
    public void Searching_on_cuda_without_a_gpu_is_bad_usage_that_says_how_to_get_one()
    {
        using var folder = new TemporaryFolder();

        var result = ParProcess.Run(folder.Path, "search", "--device", "cuda", "--steps", "2");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("CUDA is not available", result.Stderr);
        Assert.Contains("ParBackend=cuda", result.Stderr);
    }

    [Fact]
    public void A_misspelt_set_key_gets_the_same_suggestion_a_file_would()
    {
        using var folder = new TemporaryFolder();
        var file = TinyInputs.WriteModel(folder);

        var result = ParProcess.Run(folder.Path, "info", file, "--set", "d_modle=32");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--set d_modle", result.Stderr);
        Assert.Contains("Did you mean 'd_model'?", result.Stderr);
    }

    [Fact]
    public void A_key_set_twice_keeps_its_last_value()
    {
        using var folder = new TemporaryFolder();
        var file = TinyInputs.WriteModel(folder);

        var result = ParProcess.Run(folder.Path, "info", file, "--set", "d_model=64", "--set", "d_model=48", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("\"d_model\":48", result.Stdout.Replace(" ", string.Empty));
    }

    [Theory]
    [InlineData("train", "--lr", "-1", "expected a finite number > 0, got -1")]
    [InlineData("train", "--lr", "NaN", "expected a finite number > 0, got NaN")]
    [InlineData("train", "--lr", "0", "expected a finite number > 0, got 0")]
    [InlineData("train", "--weight-decay", "NaN", "expected a finite number >= 0, got NaN")]
    [InlineData("train", "--clip", "-1", "expected a finite number >= 0, got -1")]
    [InlineData("train", "--clip", "NaN", "expected a finite number >= 0, got NaN")]
    [InlineData("train", "--checkpoint-interval", "-1", "expected 0 or more, got -1")]
    [InlineData("train", "--warmup", "-1", "expected 0 or more, got -1")]
    [InlineData("train", "--eval-interval", "-5", "expected 0 or more, got -5")]
    [InlineData("train", "--eval-batches", "-1", "expected 0 or more, got -1")]
    [InlineData("search", "--latency-weight", "NaN", "expected a finite number >= 0, got NaN")]
    [InlineData("search", "--checkpoint-every", "0", "expected a positive number, got 0")]
    [InlineData("eval", "--segments", "-1", "expected 0 or more, got -1")]
    [InlineData("bench", "--runs", "0", "expected a positive number, got 0")]
    [InlineData("bench", "--threads", "0", "expected a positive number, got 0")]
    public void A_numeric_option_out_of_range_is_bad_usage_naming_it_before_any_work(string verb, string option, string value, string expected)
    {
        using var folder = new TemporaryFolder();
        string[] target = verb switch
        {
            "train" or "bench" => [TinyInputs.WriteModel(folder)],
            "eval" => [folder.File("run")],
            _ => [],
        };

        var result = ParProcess.Run(folder.Path, [verb, .. target, option, value]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"{option}: {expected}.", result.Stderr);
        Assert.DoesNotContain("training", result.Stdout);
        Assert.DoesNotContain("searching", result.Stdout);
        Assert.Empty(Directory.GetDirectories(folder.Path));
    }

    [Fact]
    public void A_number_that_does_not_parse_is_bad_usage_not_a_crash()
    {
        using var folder = new TemporaryFolder();

        var result = ParProcess.Run(folder.Path, "train", TinyInputs.WriteModel(folder), "--lr", "fast");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("'fast' for option '--lr'", result.Stderr);
        Assert.DoesNotContain("Unhandled exception", result.Stderr);
    }
}
