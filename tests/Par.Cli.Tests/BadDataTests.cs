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
        var corpus = TinyCorpus.WriteCorpus(folder);
        File.WriteAllBytes(Path.Combine(corpus, "train.txt"), [0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0x14, 0x00]);

        var result = Train(folder, corpus);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("train.txt: file is binary", result.Stderr);
    }

    [Fact]
    public void An_empty_validation_file_is_bad_input()
    {
        using var folder = new TemporaryFolder();
        var corpus = TinyCorpus.WriteCorpus(folder);
        File.WriteAllText(Path.Combine(corpus, "valid.txt"), string.Empty);

        var result = Train(folder, corpus);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("valid.txt: file is empty", result.Stderr);
    }

    private static CliResult Train(TemporaryFolder folder, string data) =>
        ParProcess.Run(folder.Path, "train", TinyCorpus.WriteModel(folder), "--data", data, "--tokens", "bytes", "--steps", "2", "--batch", "2", "--out", folder.File("run"), "--json");
}
