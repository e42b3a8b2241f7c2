using System.IO;
using System.Linq;
using Par.Runtime.Data;
using Par.Runtime.Tests.Training;

namespace Par.Runtime.Tests.Data;

public class CorpusTests
{
    [Fact]
    public void Loads_a_wikitext_style_folder()
    {
        using var folder = new TemporaryFolder();
        File.WriteAllText(folder.File("train.txt"), "train text\n");
        File.WriteAllText(folder.File("valid.txt"), "valid text\n");
        File.WriteAllText(folder.File("test.txt"), "test text\n");

        var corpus = Corpus.Load(folder.Path);

        Assert.Equal(("train text\n", "valid text\n", "test text\n"), (corpus.Train, corpus.Valid, corpus.Test));
    }

    [Fact]
    public void Splits_a_single_file_90_5_5_by_lines_deterministically()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("all.txt");
        File.WriteAllLines(path, Enumerable.Range(0, 100).Select(i => $"line {i}"));

        var first = Corpus.Load(path);
        var second = Corpus.Load(path);

        Assert.Equal(first, second);
        Assert.StartsWith("line 0\n", first.Train);
        Assert.EndsWith("line 89", first.Train);
        Assert.Equal(string.Join("\n", Enumerable.Range(90, 5).Select(i => $"line {i}")), first.Valid);
        Assert.StartsWith("line 95\n", first.Test);
    }

    [Fact]
    public void A_missing_folder_is_named_in_the_error()
    {
        var error = Assert.Throws<CorpusException>(() => Corpus.Load("/no/such/corpus"));
        Assert.Equal("/no/such/corpus: no such folder or file.", error.Message);
    }

    [Fact]
    public void A_missing_split_file_is_named_in_the_error()
    {
        using var folder = new TemporaryFolder();
        File.WriteAllText(folder.File("train.txt"), "text\n");

        var error = Assert.Throws<CorpusException>(() => Corpus.LoadFolder(folder.Path));

        Assert.Equal($"{folder.File("valid.txt")}: file not found.", error.Message);
    }

    [Fact]
    public void An_empty_file_is_refused()
    {
        using var folder = new TemporaryFolder();
        File.WriteAllText(folder.File("data.txt"), string.Empty);

        var error = Assert.Throws<CorpusException>(() => Corpus.Load(folder.File("data.txt")));

        Assert.Contains("data.txt: file is empty.", error.Message);
    }

    [Fact]
    public void A_file_with_nul_bytes_is_refused_as_binary()
    {
        using var folder = new TemporaryFolder();
        File.WriteAllBytes(folder.File("model.bin"), new byte[] { 65, 0, 66, 10 });

        var error = Assert.Throws<CorpusException>(() => Corpus.Load(folder.File("model.bin")));

        Assert.Contains("model.bin: file is binary (contains NUL bytes)", error.Message);
    }

    [Fact]
    public void A_file_of_invalid_utf8_is_refused_as_binary()
    {
        using var folder = new TemporaryFolder();
        File.WriteAllBytes(folder.File("latin1.txt"), Enumerable.Repeat(new byte[] { 0xE9, 0x41, 0xFF, 0x0A }, 50).SelectMany(b => b).ToArray());

        var error = Assert.Throws<CorpusException>(() => Corpus.Load(folder.File("latin1.txt")));

        Assert.Contains("invalid UTF-8", error.Message);
    }
}
