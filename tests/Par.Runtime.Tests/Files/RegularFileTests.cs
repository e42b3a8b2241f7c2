using System.IO;
using Par.Runtime.Files;

namespace Par.Runtime.Tests.Files;

public class RegularFileTests
{
    [Fact]
    public void A_fifo_a_device_and_a_folder_are_told_from_a_regular_file_without_opening_them()
    {
        using var folder = new TemporaryFolder();
        var fifo = Fifo.Make(folder.File("pipe"));
        var regular = folder.Write("text.txt", "text\n");

        // Opening the FIFO would block this test forever: no process writes to it.
        Assert.Equal("a FIFO", RegularFile.KindOf(fifo));
        Assert.Equal("a character device", RegularFile.KindOf("/dev/null"));
        Assert.Equal("a folder", RegularFile.KindOf(folder.Path));
        Assert.Null(RegularFile.KindOf(regular));
        Assert.Null(RegularFile.KindOf(folder.File("missing.txt")));
    }

    [Fact]
    public void A_symbolic_link_is_judged_by_what_it_points_to()
    {
        using var folder = new TemporaryFolder();
        var toFifo = File.CreateSymbolicLink(folder.File("to-pipe"), Fifo.Make(folder.File("pipe"))).FullName;
        var toFile = File.CreateSymbolicLink(folder.File("to-text"), folder.Write("text.txt", "text\n")).FullName;

        Assert.Equal("a FIFO", RegularFile.KindOf(toFifo));
        Assert.Null(RegularFile.KindOf(toFile));
    }

    [Fact]
    public void Requiring_a_regular_file_refuses_a_fifo_naming_it()
    {
        using var folder = new TemporaryFolder();
        var fifo = Fifo.Make(folder.File("pipe"));

        var error = Assert.Throws<IOException>(() => RegularFile.Require(fifo));

        Assert.Equal($"'{fifo}' is not a regular file (a FIFO).", error.Message);
    }
}
