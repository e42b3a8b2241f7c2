using System.Globalization;
using System.IO;
using System.Text.RegularExpressions;
using Par.Cli.Tests.Infrastructure;

namespace Par.Cli.Tests;

public class InterruptionTests
{
    public const int SigInt = 2;
    public const int SigTerm = 15;

    /// <summary>A step budget no run in a test reaches: a run given it ends only when a signal stops it.</summary>
    public const string Unending = "100000000";

    [Theory]
    [InlineData(SigInt)]
    [InlineData(SigTerm)]
    public void Ctrl_c_or_sigterm_stops_training_with_exit_1_after_saving_a_checkpoint_that_resume_continues(int signal)
    {
        using var folder = new TemporaryFolder();
        var model = TinyInputs.WriteModel(folder);
        var corpus = TinyInputs.WriteCorpus(folder);
        var runFolder = folder.File("run");
        string[] Train(params string[] extra) =>
        [
            "train", model, "--data", corpus, "--tokens", "bytes", "--batch", "2",
            "--eval-interval", "0", "--checkpoint-interval", "0", "--out", runFolder, .. extra,
        ];

        // Without --json and with stdout redirected, progress lines ("Tiny  step 10/100000000 ...") go to stderr. The
        // signal follows the first of them, when training is provably under way and cannot end first.
        using var training = ParProcess.StartInterruptible(folder.Path, Train("--steps", Unending));
        training.WaitForStderr("Tiny  step ");
        training.Signal(signal);
        var interrupted = training.WaitForExit();

        Assert.True(interrupted.ExitCode == 1, interrupted.ToString());
        var stoppedAt = Regex.Match(interrupted.Stderr, @"interrupted at step (\d+); checkpoint saved to ");
        Assert.True(stoppedAt.Success, interrupted.ToString());
        Assert.True(File.Exists(Path.Combine(runFolder, "checkpoint.parckpt")));

        var target = int.Parse(stoppedAt.Groups[1].Value, CultureInfo.InvariantCulture) + 2;
        var resumed = ParProcess.Run(folder.Path, Train("--resume", "--steps", target.ToString(CultureInfo.InvariantCulture), "--json"));

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Equal(target, resumed.Json.GetProperty("step").GetInt32());
    }
}
