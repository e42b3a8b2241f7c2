using System.IO;
using System.Linq;
using Par.Cli.Tests.Infrastructure;

namespace Par.Cli.Tests;

/// <summary>Outputs are checked before any work, and nothing a user made is replaced without being asked to.</summary>
public class OutputPathTests(TrainedRun run) : IClassFixture<TrainedRun>
{
    private const string SpaceText = "model Space { layout = [sf-]x3; d_model = 16; heads = 2; d_ff = 32; context = 8; memory = 8; dropout = 0 }\n";

    [Fact]
    public void Training_into_a_folder_that_holds_a_checkpoint_is_refused_and_the_checkpoint_kept()
    {
        using var folder = new TemporaryFolder();
        var copy = folder.File("run");
        Directory.CreateDirectory(copy);
        var checkpoint = Path.Combine(copy, "checkpoint.parckpt");
        File.Copy(Path.Combine(run.RunFolder, "checkpoint.parckpt"), checkpoint);
        var before = File.ReadAllBytes(checkpoint);

        var result = ParProcess.Run(folder.Path, run.Arguments(copy, "--steps", "2"));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(checkpoint, result.Stderr);
        Assert.Contains("--overwrite", result.Stderr);
        Assert.DoesNotContain("training", result.Stdout);
        Assert.Equal(before, File.ReadAllBytes(checkpoint));
    }

    [Fact]
    public void Overwrite_trains_afresh_over_an_existing_checkpoint()
    {
        using var folder = new TemporaryFolder();
        var copy = folder.File("run");
        Directory.CreateDirectory(copy);
        File.Copy(Path.Combine(run.RunFolder, "checkpoint.parckpt"), Path.Combine(copy, "checkpoint.parckpt"));

        var result = ParProcess.Run(folder.Path, run.Arguments(copy, "--steps", "2", "--overwrite", "--json"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(2, result.Json.GetProperty("step").GetInt32());
    }

    [Fact]
    public void Resume_and_overwrite_together_are_bad_usage()
    {
        using var folder = new TemporaryFolder();

        var result = ParProcess.Run(folder.Path, run.Arguments(run.RunFolder, "--resume", "--overwrite"));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("choose one", result.Stderr);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/proc/par-run")]
    [InlineData("notes.txt/run")]
    public void A_train_out_folder_that_cannot_be_written_is_refused_before_training(string output)
    {
        using var folder = new TemporaryFolder();
        folder.Write("notes.txt", "a user's notes\n");

        var result = ParProcess.Run(folder.Path, run.Arguments(output, "--steps", "2"));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--out", result.Stderr);
        Assert.DoesNotContain("training", result.Stdout);
        Assert.Equal(["notes.txt"], Directory.GetFileSystemEntries(folder.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void A_train_export_path_that_is_a_folder_is_refused_before_training()
    {
        using var folder = new TemporaryFolder();
        Directory.CreateDirectory(folder.File("weights"));

        var result = ParProcess.Run(folder.Path, run.Arguments(folder.File("run"), "--steps", "2", "--export", folder.File("weights")));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"--export {folder.File("weights")}: is a folder", result.Stderr);
        Assert.False(Directory.Exists(folder.File("run")));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_search_out_that_is_a_folder_is_refused_before_searching(bool searchAFile)
    {
        using var folder = new TemporaryFolder();
        string[] source = searchAFile ? [folder.Write("Space.par", SpaceText)] : [];

        var result = ParProcess.Run(folder.Path, ["search", .. source, "--steps", "2", "--out", folder.Path]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"--out {folder.Path}: is a folder", result.Stderr);
        Assert.DoesNotContain("searching", result.Stdout);
    }

    [Fact]
    public void A_search_does_not_replace_a_file_it_did_not_write_unless_told_to()
    {
        using var folder = new TemporaryFolder();
        var space = folder.Write("Space.par", SpaceText);
        var mine = folder.Write("MyModel.par", "model Mine { layout = sf }\n");
        string[] search = ["search", space, "--data", TinyInputs.WriteCorpus(folder), "--tokens", "bytes", "--steps", "4", "--out", mine];

        var refused = ParProcess.Run(folder.Path, search);

        Assert.True(refused.ExitCode == 2, refused.ToString());
        Assert.Contains(mine, refused.Stderr);
        Assert.Contains("--overwrite", refused.Stderr);
        Assert.Equal("model Mine { layout = sf }\n", File.ReadAllText(mine));

        var replaced = ParProcess.Run(folder.Path, [.. search, "--overwrite"]);
        Assert.True(replaced.ExitCode == 0, replaced.ToString());

        // What a search wrote carries its provenance header, so the next search may replace it without asking.
        var again = ParProcess.Run(folder.Path, search);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("found by the PAR supernet search", File.ReadAllText(mine));
    }
}
