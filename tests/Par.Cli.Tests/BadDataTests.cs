using System;
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
        Assert.Contains($"{Path.Combine(corpus, "valid.txt")}: its 6 tokens are too short", result.Stderr);
        Assert.DoesNotContain("Unhandled exception", result.Stderr);
        Assert.DoesNotContain("(Parameter", result.Stderr);
    }

    [Fact]
    public void Word_tokens_refuse_invalid_utf8_naming_the_file_and_the_byte_offset()
    {
        using var folder = new TemporaryFolder();
        var corpus = TinyInputs.WriteCorpus(folder);
        var train = Path.Combine(corpus, "train.txt");
        var text = File.ReadAllBytes(train);
        File.WriteAllBytes(train, [.. text.AsSpan(0, 100), 0xFF, .. text.AsSpan(100)]);

        var result = ParProcess.Run(folder.Path, "train", TinyInputs.WriteModel(folder), "--data", corpus, "--tokens", "words", "--steps", "2", "--batch", "2", "--out", folder.File("run"), "--json");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"{train}: invalid UTF-8 at byte 100", result.Stderr);
    }

    [Fact]
    public void Byte_tokens_train_on_text_with_many_replacement_characters()
    {
        using var folder = new TemporaryFolder();
        var corpus = TinyInputs.WriteCorpus(folder);
        var train = Path.Combine(corpus, "train.txt");
        // Mail and web text carry U+FFFD as a character (EF BF BD), which is valid UTF-8.
        File.WriteAllText(train, File.ReadAllText(train).Replace("a", "\uFFFD"));

        var result = Train(folder, corpus);

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public void Byte_tokens_are_the_files_raw_bytes_valid_utf8_or_not()
    {
        using var folder = new TemporaryFolder();
        var corpus = TinyInputs.WriteCorpus(folder);
        var train = Path.Combine(corpus, "train.txt");
        var text = File.ReadAllBytes(train)[..600];
        // Latin-1 é, a lone byte no UTF-8 decoder keeps: decoded and encoded again, it would be 3 bytes.
        File.WriteAllBytes(train, [.. text, 0xE9, (byte)'\n']);

        var result = ParProcess.Run(folder.Path, "train", TinyInputs.WriteModel(folder), "--data", corpus, "--tokens", "bytes", "--steps", "2", "--batch", "2", "--out", folder.File("run"));

        Assert.True(result.ExitCode == 0, result.ToString());
        // The console may wrap the line at any space.
        Assert.Matches(@"\(byte,\s+602\s+tokens\)", result.Stdout);
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
