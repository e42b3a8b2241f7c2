using System.Collections.Generic;
using Par.Cli.Tests.Infrastructure;

namespace Par.Cli.Tests;

public class GenerateCommandTests(TrainedRun run) : IClassFixture<TrainedRun>
{
    [Fact]
    public void Generate_prints_the_prompt_then_the_sampled_text_and_the_speed_on_stderr()
    {
        Assert.True(run.Result.ExitCode == 0, run.Result.ToString());

        var result = ParProcess.Run(run.RunFolder, "generate", run.RunFolder, "--prompt", "Call me", "--tokens", "24", "--seed", "3");
        var again = ParProcess.Run(run.RunFolder, "generate", run.RunFolder, "--prompt", "Call me", "--tokens", "24", "--seed", "3");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("Call me", result.Stdout);
        Assert.True(result.Stdout.TrimEnd('\n').Length > "Call me".Length, result.ToString());
        Assert.Matches(@"24 tokens after a 7-token prompt in \d+\.\d+ s: \d+\.\d tokens/s", result.Stderr);
        Assert.Equal(result.Stdout, again.Stdout);
    }

    [Theory]
    [InlineData("--tokens", "0", "--tokens must be > 0, got 0.")]
    [InlineData("--temperature", "-1", "--temperature must be a finite number >= 0 (0: greedy), got -1.")]
    [InlineData("--top-k", "-2", "--top-k must be >= 0 (0: every token), got -2.")]
    [InlineData("--prompt", "", "--prompt must not be empty.")]
    public void Bad_arguments_are_bad_usage_naming_the_option(string option, string value, string expected)
    {
        Assert.True(run.Result.ExitCode == 0, run.Result.ToString());
        var arguments = new List<string> { "generate", run.RunFolder, option, value };
        foreach (var (other, otherValue) in new[] { ("--prompt", "Call me"), ("--tokens", "4") })
        {
            if (other != option)
            {
                arguments.AddRange([other, otherValue]);
            }
        }

        var result = ParProcess.Run(run.RunFolder, [.. arguments]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(expected, result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Theory]
    [InlineData("1e-45")]
    [InlineData("1e-300")]
    [InlineData("5e-324")]
    public void A_vanishing_temperature_samples_as_greedy_does(string temperature)
    {
        Assert.True(run.Result.ExitCode == 0, run.Result.ToString());

        var greedy = ParProcess.Run(run.RunFolder, "generate", run.RunFolder, "--prompt", "Call me", "--tokens", "16", "--seed", "5", "--temperature", "0");
        var result = ParProcess.Run(run.RunFolder, "generate", run.RunFolder, "--prompt", "Call me", "--tokens", "16", "--seed", "5", "--temperature", temperature);

        Assert.True(greedy.ExitCode == 0, greedy.ToString());
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(greedy.Stdout, result.Stdout);
    }

    [Fact]
    public void A_folder_without_a_checkpoint_is_bad_usage()
    {
        using var folder = new TemporaryFolder();

        var result = ParProcess.Run(folder.Path, "generate", folder.Path, "--prompt", "Call me", "--tokens", "4");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("no checkpoint at", result.Stderr);
        Assert.Equal("", result.Stdout);
    }
}
