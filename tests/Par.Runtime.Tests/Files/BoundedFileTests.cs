using System.IO;
using Par.Runtime.Data;
using Par.Runtime.Files;
using Par.Runtime.Tests.Training;

namespace Par.Runtime.Tests.Files;

public class BoundedFileTests
{
    [Fact]
    public void A_file_at_the_limit_is_read_whole()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("text.txt");
        File.WriteAllText(path, new string('a', 100_000));

        var read = BoundedFile.Read(path, maxBytes: 100_000);

        Assert.Equal((100_000, false, false), (read.Bytes.Length, read.TooLarge, read.Binary));
    }

    [Fact]
    public void A_file_over_the_limit_is_read_only_one_byte_past_it()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("text.txt");
        File.WriteAllText(path, new string('a', 100_001));

        var read = BoundedFile.Read(path, maxBytes: 100_000);

        Assert.Equal((100_001, true), (read.Bytes.Length, read.TooLarge));
    }

    [Fact]
    public void A_binary_file_stops_at_its_first_chunk_with_a_nul_byte()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("zeros.bin");
        File.WriteAllBytes(path, new byte[1 << 20]);

        var read = BoundedFile.Read(path, maxBytes: Corpus.MaxFileBytes);

        Assert.True(read.Binary);
        Assert.True(read.Bytes.Length <= 1 << 16, $"read {read.Bytes.Length} bytes");
    }

    [Fact]
    public void A_corpus_file_that_is_a_device_is_refused_unread_naming_it()
    {
        var error = Assert.Throws<IOException>(() => Corpus.Load("/dev/zero"));

        Assert.Equal("'/dev/zero' is not a regular file (a character device).", error.Message);
    }
}
