using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Par.Cli.Tests.Infrastructure;

namespace Par.Cli.Tests;

/// <summary>
/// A write that fails part-way (<see cref="FullDisk"/>) leaves the file it was replacing byte for byte as it was, no
/// temporary beside it, and exits 1 naming the file: the run failed, the input was fine.
/// </summary>
public class FullDiskTests
{
    [Fact]
    public void Fmt_on_a_full_disk_exits_1_naming_the_file_and_leaves_it_as_it_was()
    {
        using var placed = new TemporaryFolder();
        using var disk = new TemporaryFolder();
        // Sixty one-line models: the canonical form spells out every hyper-parameter, several times the file's size,
        // so it needs more space than truncating the old file would free.
        var compact = string.Concat(Enumerable.Range(0, 60).Select(i => $"model M{i} {{ layout = sf }}\n"));
        placed.Write("M.par", compact);
        var file = disk.File("M.par");

        var (result, files) = FullDisk.Run(placed.Path, disk.Path, disk.Path, "fmt", file);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"par: could not write {file} (", result.Stderr);
        Assert.Contains("nothing already saved was changed", result.Stderr);
        Assert.Equal(new Dictionary<string, string> { ["M.par"] = FullDisk.Sha256(Encoding.UTF8.GetBytes(compact)) }, files);
    }

    [Theory]
    [InlineData("curves.png", "the curves of an earlier run\n")]
    [InlineData("history.csv", "step,train_loss,valid_loss\n1,5.5,\n")]
    public void Training_that_cannot_write_its_curves_or_history_exits_1_and_leaves_the_old_file_as_it_was(string name, string old)
    {
        using var placed = new TemporaryFolder();
        using var disk = new TemporaryFolder();
        using var folder = new TemporaryFolder();
        placed.Write(name, old);
        var runFolder = folder.File("run");
        Directory.CreateDirectory(runFolder);
        // The run folder is on the ordinary disk, so the checkpoint is written; the file links into the full one.
        File.CreateSymbolicLink(Path.Combine(runFolder, name), disk.File(name));

        var (result, files) = FullDisk.Run(placed.Path, disk.Path, folder.Path,
            "train", TinyInputs.WriteModel(folder), "--data", TinyInputs.WriteCorpus(folder), "--tokens", "bytes", "--steps", "2", "--batch", "2",
            "--eval-batches", "1", "--out", runFolder);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("could not write", result.Stderr);
        Assert.Contains("nothing already saved was changed", result.Stderr);
        Assert.Equal(new Dictionary<string, string> { [name] = FullDisk.Sha256(Encoding.UTF8.GetBytes(old)) }, files);
    }
}
