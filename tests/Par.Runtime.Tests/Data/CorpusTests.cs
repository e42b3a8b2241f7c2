using System.IO;
using System.Linq;
using System.Text;
using Par.Runtime.Data;
using Par.Runtime.Tests.Training;
using Par.Text;

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

        Assert.Equal(("train text\n", "valid text\n", "test text\n"), (Text(corpus.Train), Text(corpus.Valid), Text(corpus.Test)));
        Assert.Equal(folder.File("valid.txt"), corpus.Valid.Describe());
    }

    [Fact]
    public void Splits_a_single_file_90_5_5_by_lines_deterministically()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("all.txt");
        File.WriteAllLines(path, Enumerable.Range(0, 100).Select(i => $"line {i}"));

        var first = Corpus.Load(path);
        var second = Corpus.Load(path);

        Assert.Equal((Text(first.Train), Text(first.Valid), Text(first.Test)), (Text(second.Train), Text(second.Valid), Text(second.Test)));
        Assert.StartsWith("line 0\n", Text(first.Train));
        Assert.EndsWith("line 89", Text(first.Train));
        Assert.Equal(string.Join("\n", Enumerable.Range(90, 5).Select(i => $"line {i}")), Text(first.Valid));
        Assert.StartsWith("line 95\n", Text(first.Test));
        Assert.Equal($"{path} (validation split: lines 91-95)", first.Valid.Describe());
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
    public void Word_tokens_refuse_invalid_utf8_naming_its_byte_in_the_file_even_in_a_later_split()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("all.txt");
        var lines = Enumerable.Range(0, 100).Select(i => $"line {i}\n").ToList();
        var offset = Encoding.UTF8.GetByteCount(string.Concat(lines.Take(92)));
        File.WriteAllBytes(path, [.. Encoding.UTF8.GetBytes(string.Concat(lines.Take(92))), 0xE9, .. Encoding.UTF8.GetBytes(string.Concat(lines.Skip(92)))]);

        var error = Assert.Throws<CorpusException>(() => Dataset.Load(path, Dataset.Words));

        Assert.StartsWith($"{path}: invalid UTF-8 at byte {offset}:", error.Message);
    }

    [Fact]
    public void Replacement_characters_are_valid_utf8_for_word_tokens()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("mail.txt");
        File.WriteAllText(path, string.Concat(Enumerable.Range(0, 30).Select(i => $"caf\uFFFD {i}\n")));

        var dataset = Dataset.Load(path, Dataset.Words);

        Assert.Contains("caf\uFFFD", ((WordTokenizer)dataset.Tokenizer).Vocabulary);
    }

    [Fact]
    public void Byte_tokens_are_the_raw_bytes_of_a_file_that_is_not_utf8()
    {
        using var folder = new TemporaryFolder();
        File.WriteAllText(folder.File("train.txt"), "train\n");
        File.WriteAllText(folder.File("test.txt"), "test\n");
        byte[] latin1 = [0x63, 0x61, 0x66, 0xE9, 0xFF, 0x0A];
        File.WriteAllBytes(folder.File("valid.txt"), latin1);

        var dataset = Dataset.Load(folder.Path, Dataset.Bytes);

        Assert.Equal(latin1.Select(b => (int)b), dataset.Valid.Tokens);
    }

    private static string Text(CorpusSplit split) => Encoding.UTF8.GetString(split.Bytes);
}
