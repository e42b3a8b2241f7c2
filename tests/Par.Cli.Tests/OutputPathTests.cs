using System.IO;
using System.Linq;
using Par.Cli.Tests.Infrastructure;
using Par.Runtime.Export;
using Par.Runtime.Serialization;

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

    [Theory]
    [InlineData("corpus")]
    [InlineData("model")]
    [InlineData("checkpoint")]
    public void Train_export_onto_a_file_Par_did_not_export_is_refused_before_training_and_the_file_kept(string target)
    {
        using var folder = new TemporaryFolder();
        var model = TinyInputs.WriteModel(folder);
        var corpus = TinyInputs.WriteCorpus(folder);
        var otherRun = folder.File("other-run");
        Directory.CreateDirectory(otherRun);
        File.Copy(Path.Combine(run.RunFolder, "checkpoint.parckpt"), Path.Combine(otherRun, "checkpoint.parckpt"));
        var export = target switch
        {
            "corpus" => Path.Combine(corpus, "train.txt"),
            "model" => model,
            _ => Path.Combine(otherRun, "checkpoint.parckpt"),
        };
        var before = File.ReadAllBytes(export);

        var result = ParProcess.Run(folder.Path, TrainTiny(model, corpus, folder.File("run"), "--export", export));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"--export: {export} exists and is not weights Par exported", result.Stderr);
        Assert.Contains("--overwrite", result.Stderr);
        Assert.DoesNotContain("training", result.Stdout);
        Assert.False(Directory.Exists(folder.File("run")));
        Assert.Equal(before, File.ReadAllBytes(export));
    }

    [Fact]
    public void Train_export_replaces_an_earlier_Par_export_without_asking_and_any_other_file_with_overwrite()
    {
        using var folder = new TemporaryFolder();
        var model = TinyInputs.WriteModel(folder);
        var corpus = TinyInputs.WriteCorpus(folder);
        var earlier = folder.File("earlier.safetensors");
        File.Copy(run.ExportedWeights, earlier);
        var notes = folder.Write("notes.txt", "a user's notes\n");

        var again = ParProcess.Run(folder.Path, TrainTiny(model, corpus, folder.File("run"), "--export", earlier));
        var forced = ParProcess.Run(folder.Path, TrainTiny(model, corpus, folder.File("run2"), "--export", notes, "--overwrite"));

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal("2", SafetensorsFile.ReadMetadata(earlier)[ModelMetadata.StepKey]);
        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.True(SafetensorsWeights.IsWrittenByPar(notes));
    }

    [Fact]
    public void Train_export_onto_a_file_the_run_writes_itself_is_refused()
    {
        using var folder = new TemporaryFolder();
        var runFolder = folder.File("run");
        var checkpoint = Path.Combine(runFolder, "checkpoint.parckpt");

        var result = ParProcess.Run(folder.Path, TrainTiny(TinyInputs.WriteModel(folder), TinyInputs.WriteCorpus(folder), runFolder, "--export", checkpoint));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"--export {checkpoint}: this run writes its checkpoint.parckpt there", result.Stderr);
        Assert.False(Directory.Exists(runFolder));
    }

    private static string[] TrainTiny(string model, string corpus, string runFolder, params string[] extra) =>
        ["train", model, "--data", corpus, "--tokens", "bytes", "--steps", "2", "--batch", "2", "--eval-batches", "1", "--out", runFolder, .. extra];
}
