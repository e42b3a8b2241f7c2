using System.IO;
using Par.Cli.Tests.Infrastructure;

namespace Par.Cli.Tests;

public class BadDataTests
{
    [Fact]
    public void A_missing_data_folder_is_bad_input_naming_the_folder()
    {
        using var folder = new TemporaryFolder();
        var missing = folder.File("no-such-corpus");

        var result = Train(folder, missing);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(missing, result.Stderr);
    }

    [Fact]
    public void A_binary_training_file_is_bad_input()
    {
        using var folder = new TemporaryFolder();
        var corpus = TinyInputs.WriteCorpus(folder);
        File.WriteAllBytes(Path.Combine(corpus, "train.txt"), [0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0x14, 0x00]);

        var result = Train(folder, corpus);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("train.txt: file is binary", result.Stderr);
    }

    [Fact]
    public void An_empty_validation_file_is_bad_input()
    {
        using var folder = new TemporaryFolder();
        var corpus = TinyInputs.WriteCorpus(folder);
        File.WriteAllText(Path.Combine(corpus, "valid.txt"), string.Empty);

        var result = Train(folder, corpus);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("valid.txt: file is empty", result.Stderr);
    }

    [Fact]
    public void A_validation_file_too_short_for_one_segment_per_row_is_bad_input_not_a_crash()
    {
        using var folder = new TemporaryFolder();
        var corpus = TinyInputs.WriteCorpus(folder);
        File.WriteAllText(Path.Combine(corpus, "valid.txt"), "hello\n");

        var result = Train(folder, corpus);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("too short", result.Stderr);
        Assert.DoesNotContain("Unhandled exception", result.Stderr);
        Assert.DoesNotContain("(Parameter", result.Stderr);
    }

    [Fact]
    public void A_batch_larger_than_the_training_data_allows_is_bad_input_not_a_crash()
    {
        using var folder = new TemporaryFolder();
        var corpus = TinyInputs.WriteCorpus(folder);

        var result = ParProcess.Run(folder.Path, "train", TinyInputs.WriteModel(folder), "--data", corpus, "--tokens", "bytes", "--steps", "2", "--batch", "100000", "--out", folder.File("run"), "--json");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("too short", result.Stderr);
        Assert.DoesNotContain("Unhandled exception", result.Stderr);
    }

    [Fact]
    public void Eval_of_a_file_that_is_not_a_checkpoint_is_bad_input_not_a_crash()
    {
        using var folder = new TemporaryFolder();
        var notACheckpoint = folder.Write("checkpoint.parckpt", "this is not a zip archive\n");

        var result = ParProcess.Run(folder.Path, "eval", notACheckpoint, "--data", TinyInputs.WriteCorpus(folder), "--tokens", "bytes", "--json");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("par: ", result.Stderr);
        Assert.DoesNotContain("Unhandled exception", result.Stderr);
    }

    private static CliResult Train(TemporaryFolder folder, string data) =>
        ParProcess.Run(folder.Path, "train", TinyInputs.WriteModel(folder), "--data", data, "--tokens", "bytes", "--steps", "2", "--batch", "2", "--out", folder.File("run"), "--json");
}
