using System;
using System.IO;
using System.Linq;
using System.Runtime.Versioning;
using Par.Runtime.Files;

namespace Par.Runtime.Tests.Files;

public class AtomicFileTests
{
    private static readonly byte[] Old = "what the user saved\n"u8.ToArray();

    [Fact]
    public void A_write_that_fails_part_way_leaves_the_old_file_byte_identical_and_no_temporary()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("model.par");
        File.WriteAllBytes(path, Old);

        var failure = Assert.Throws<FileWriteException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write(new byte[10_000]);
            throw new IOException("No space left on device");
        }));

        Assert.Equal(path, failure.FilePath);
        Assert.Contains(path, failure.Message);
        Assert.Contains("nothing already saved was changed", failure.Message);
        Assert.Equal(Old, File.ReadAllBytes(path));
        Assert.Equal(["model.par"], Directory.GetFileSystemEntries(folder.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void A_folder_that_cannot_be_made_is_a_failed_write_naming_the_file()
    {
        using var folder = new TemporaryFolder();
        var notes = folder.Write("notes.txt", "a user's notes\n");
        var path = Path.Combine(notes, "history.csv");

        var failure = Assert.Throws<FileWriteException>(() => AtomicFile.WriteAllText(path, "step\n"));

        Assert.Equal(path, failure.FilePath);
        Assert.Equal("a user's notes\n", File.ReadAllText(notes));
    }

    [Fact]
    public void A_writer_that_throws_anything_else_leaves_the_old_file_and_no_temporary_and_its_exception_passes_through()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("curves.png");
        File.WriteAllBytes(path, Old);

        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write(new byte[100]);
            throw new InvalidOperationException("the renderer failed");
        }));

        Assert.Equal(Old, File.ReadAllBytes(path));
        Assert.Single(Directory.GetFileSystemEntries(folder.Path));
    }

    [Fact]
    [SupportedOSPlatform("linux")]
    public void A_write_replaces_the_file_keeping_its_permissions_and_creates_missing_folders()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("run.sh");
        File.WriteAllBytes(path, Old);
        var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        File.SetUnixFileMode(path, mode);
        var nested = folder.File(Path.Combine("a", "b", "history.csv"));

        AtomicFile.WriteAllText(path, "new\n");
        AtomicFile.WriteAllText(nested, "step\n");

        Assert.Equal("new\n"u8.ToArray(), File.ReadAllBytes(path));
        Assert.Equal(mode, File.GetUnixFileMode(path));
        Assert.Equal("step\n", File.ReadAllText(nested));
    }

    [Fact]
    public void A_symbolic_link_is_written_through_to_its_target()
    {
        using var folder = new TemporaryFolder();
        var target = folder.File("Model.par");
        File.WriteAllBytes(target, Old);
        var link = folder.File("link.par");
        File.CreateSymbolicLink(link, target);

        AtomicFile.WriteAllText(link, "model M { layout = sf }\n");

        Assert.NotNull(new FileInfo(link).LinkTarget);
        Assert.Equal("model M { layout = sf }\n", File.ReadAllText(target));
    }

    [Fact]
    public void Stale_temporaries_of_the_path_are_deleted_and_nothing_else()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("history.csv");
        var stale = folder.Write($".history.csv.{Guid.NewGuid():N}.tmp", "half a file");
        string[] kept =
        [
            folder.Write(".history.csv.notes.tmp", "not Par's"),
            folder.Write($".other.csv.{Guid.NewGuid():N}.tmp", "another file's"),
            folder.Write("scratch.tmp", "the user's"),
        ];

        AtomicFile.DeleteStaleTemporaries(path);

        Assert.False(File.Exists(stale));
        Assert.All(kept, file => Assert.True(File.Exists(file), file));
    }
}
