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

    [Fact]
    public void Training_whose_curves_cannot_be_written_exits_1_and_leaves_the_old_curves_as_they_were()
    {
        using var placed = new TemporaryFolder();
        using var disk = new TemporaryFolder();
        using var folder = new TemporaryFolder();
        var oldCurves = "the curves of an earlier run\n"u8.ToArray();
        File.WriteAllBytes(placed.File("curves.png"), oldCurves);
        var runFolder = folder.File("run");
        Directory.CreateDirectory(runFolder);
        // The run folder is on the ordinary disk, so the checkpoint and history are written; its curves.png links
        // into the full one.
        var curves = Path.Combine(runFolder, "curves.png");
        File.CreateSymbolicLink(curves, disk.File("curves.png"));

        var (result, files) = FullDisk.Run(placed.Path, disk.Path, folder.Path,
            "train", TinyInputs.WriteModel(folder), "--data", TinyInputs.WriteCorpus(folder), "--tokens", "bytes", "--steps", "2", "--batch", "2",
            "--eval-batches", "1", "--out", runFolder);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("could not write", result.Stderr);
        Assert.Contains("nothing already saved was changed", result.Stderr);
        Assert.Equal(new Dictionary<string, string> { ["curves.png"] = FullDisk.Sha256(oldCurves) }, files);
    }
}
