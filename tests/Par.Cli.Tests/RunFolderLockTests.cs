using System.Globalization;
using System.IO;
using System.Text.RegularExpressions;
using Par.Cli.Tests.Infrastructure;

namespace Par.Cli.Tests;

/// <summary>
/// One par process writes a run folder at a time: a second writer is refused before any work, a reader is not, and a
/// killed writer leaves no lock behind. Every test acts on a state of the running writer, never on a clock.
/// </summary>
public class RunFolderLockTests
{
    private const int SigKill = 9;

    [Fact]
    public void A_second_training_into_a_folder_in_use_is_refused_naming_the_first_whose_checkpoint_stays_its_own()
    {
        using var folder = new TemporaryFolder();
        var run = new TinyTraining(folder);

        using var first = ParProcess.StartInterruptible(folder.Path, run.Arguments("--seed", "1", "--steps", InterruptionTests.Unending));
        first.WaitForStderr("Tiny  step ");
        var second = ParProcess.Run(folder.Path, run.Arguments("--seed", "2", "--steps", "3", "--overwrite"));

        Assert.True(second.ExitCode == 2, second.ToString());
        Assert.Contains($"{run.Folder} is in use by another par process (pid {first.Id})", second.Stderr);

        first.Signal(InterruptionTests.SigInt);
        var stopped = first.WaitForExit();
        Assert.True(stopped.ExitCode == 1, stopped.ToString());
        var stoppedAt = Regex.Match(stopped.Stderr, @"interrupted at step (\d+); checkpoint saved to ");
        Assert.True(stoppedAt.Success, stopped.ToString());

        // --resume refuses a checkpoint of another seed: the one left is the first run's, at the step it stopped.
        var target = (int.Parse(stoppedAt.Groups[1].Value, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture);
        var resumed = ParProcess.Run(folder.Path, run.Arguments("--seed", "1", "--steps", target, "--resume", "--json"));
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
    }

    [Fact]
    public void A_killed_training_leaves_no_lock_and_the_next_run_into_its_folder_is_accepted()
    {
        using var folder = new TemporaryFolder();
        var run = new TinyTraining(folder);

        using (var killed = ParProcess.StartInterruptible(folder.Path, run.Arguments("--steps", InterruptionTests.Unending)))
        {
            killed.WaitForStderr("Tiny  step ");
            killed.Signal(SigKill);
            killed.WaitForExit();
        }

        var next = ParProcess.Run(folder.Path, run.Arguments("--steps", "2", "--overwrite", "--json"));

        Assert.True(next.ExitCode == 0, next.ToString());
        Assert.Equal(2, next.Json.GetProperty("step").GetInt32());
    }

    [Fact]
    public void Eval_reads_the_last_complete_checkpoint_of_a_folder_a_training_is_writing()
    {
        using var folder = new TemporaryFolder();
        var run = new TinyTraining(folder);

        // A checkpoint after every step: by the first progress line (step 10) several have replaced one another.
        using var training = ParProcess.StartInterruptible(folder.Path, run.Arguments("--steps", InterruptionTests.Unending));
        training.WaitForStderr("Tiny  step ");
        var evaluated = ParProcess.Run(folder.Path, "eval", run.Folder, "--data", run.Corpus, "--tokens", "bytes", "--batch", "2", "--json");

        Assert.True(evaluated.ExitCode == 0, evaluated.ToString());
        Assert.True(evaluated.Json.GetProperty("step").GetInt32() > 0, evaluated.ToString());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_second_search_beside_the_same_out_is_refused_naming_the_first(bool searchAFile)
    {
        using var folder = new TemporaryFolder();
        var found = folder.File(Path.Combine("out", "Found.par"));
        string[] space = searchAFile
            ? [folder.Write("Space.par", TinyInputs.TinySpace), "--data", TinyInputs.WriteCorpus(folder), "--tokens", "bytes"]
            : ["--set", "layers=4", "--set", "d_model=16", "--set", "heads=2", "--set", "d_ff=32", "--set", "context=8", "--set", "memory=8", "--set", "batch=2", "--steps", "6"];
        string[] Search(string searchSteps) => ["search", .. space, searchAFile ? "--steps" : "--search-steps", searchSteps, "--out", found];

        using var first = ParProcess.StartInterruptible(folder.Path, Search(InterruptionTests.Unending));
        first.WaitForStderr("searching  step ");
        var second = ParProcess.Run(folder.Path, Search("4"));

        Assert.True(second.ExitCode == 2, second.ToString());
        Assert.Contains($"{folder.File("out")} is in use by another par process (pid {first.Id})", second.Stderr);
        first.Signal(InterruptionTests.SigInt);
        Assert.True(first.WaitForExit().ExitCode == 1);
    }

    /// <summary>A tiny byte-level training into <c>run</c>, checkpointing after every step, validating only at the end.</summary>
    private sealed class TinyTraining(TemporaryFolder folder)
    {
        public string Model { get; } = TinyInputs.WriteModel(folder);

        public string Corpus { get; } = TinyInputs.WriteCorpus(folder);

        public string Folder { get; } = folder.File("run");

        public string[] Arguments(params string[] extra) =>
        [
            "train", Model, "--data", Corpus, "--tokens", "bytes", "--batch", "2",
            "--eval-interval", "0", "--checkpoint-interval", "1", "--out", Folder, .. extra,
        ];
    }
}
