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
}
