using System.IO;
using Par.Cli.Tests.Infrastructure;

namespace Par.Cli.Tests;

public class DivergenceTests
{
    [Fact]
    public void A_diverging_loss_exits_1_and_keeps_the_checkpoint_saved_before_it()
    {
        using var folder = new TemporaryFolder();
        var runFolder = folder.File("run");

        // An absurd learning rate without clipping blows the weights up in the first update, so step 2's loss is not finite.
        var result = ParProcess.Run(folder.Path,
            "train", TinyInputs.WriteModel(folder), "--data", TinyInputs.WriteCorpus(folder), "--tokens", "bytes",
            "--steps", "6", "--batch", "2", "--lr", "1e30", "--clip", "0", "--checkpoint-interval", "1", "--out", runFolder, "--json");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("Training diverged at step", result.Stderr);
        Assert.Contains("the last good checkpoint is untouched", result.Stderr);
        Assert.True(File.Exists(Path.Combine(runFolder, "checkpoint.parckpt")), result.ToString());
    }

    [Fact]
    public void An_infinite_validation_loss_after_a_finite_step_is_a_divergence_with_exit_1()
    {
        using var folder = new TemporaryFolder();
        var runFolder = folder.File("run");

        // Step 1's training loss is finite (it is computed before the update); the update makes the validation infinite.
        var result = ParProcess.Run(folder.Path,
            "train", TinyInputs.WriteModel(folder), "--data", TinyInputs.WriteCorpus(folder), "--tokens", "bytes",
            "--steps", "1", "--batch", "2", "--lr", "1e30", "--clip", "0", "--out", runFolder, "--json");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("Training diverged at step 1: the validation loss is", result.Stderr);
        Assert.False(File.Exists(Path.Combine(runFolder, "checkpoint.parckpt")), "a diverged run saved its broken weights");
    }

    [Fact]
    public void A_run_that_diverges_on_resume_leaves_the_checkpoint_it_resumed_from_byte_for_byte()
    {
        using var folder = new TemporaryFolder();
        var runFolder = folder.File("run");
        var checkpoint = Path.Combine(runFolder, "checkpoint.parckpt");
        string[] Train(params string[] extra) =>
        [
            "train", TinyInputs.WriteModel(folder), "--data", TinyInputs.WriteCorpus(folder), "--tokens", "bytes",
            "--batch", "2", "--lr", "1e30", "--clip", "0", "--checkpoint-interval", "1", "--eval-interval", "0", "--out", runFolder, "--json", .. extra,
        ];

        // Step 1's loss is finite and its checkpoint is the last good one; the update it made breaks step 2 (and would
        // make a validation after step 1 infinite, hence no validation during training).
        var lastGood = ParProcess.Run(folder.Path, Train("--steps", "1"));
        Assert.True(lastGood.ExitCode == 0, lastGood.ToString());
        var lastGoodBytes = File.ReadAllBytes(checkpoint);

        var diverged = ParProcess.Run(folder.Path, Train("--steps", "6", "--resume"));

        Assert.True(diverged.ExitCode == 1, diverged.ToString());
        Assert.Contains("Training diverged at step 2", diverged.Stderr);
        Assert.Contains($"the last good checkpoint is untouched: {checkpoint}", diverged.Stderr);
        Assert.Equal(lastGoodBytes, File.ReadAllBytes(checkpoint));
    }
}
