using System.Linq;
using Par.Runtime.Data;
using Par.Text;

namespace Par.Runtime.Tests.Data;

public class TokenizerTests
{
    [Fact]
    public void Byte_tokenizer_round_trips_unicode_text()
    {
        var tokenizer = new ByteTokenizer();
        const string text = "Call me Ishmael — ахав 🐋\n";

        var tokens = tokenizer.Encode(text);

        Assert.All(tokens, t => Assert.InRange(t, 0, 255));
        Assert.Equal(text, tokenizer.Decode(tokens));
        Assert.Equal(LossUnit.BitsPerByte, tokenizer.LossUnit);
    }

    [Fact]
    public void Word_vocabulary_is_most_frequent_first_with_ordinal_tie_break_and_capped()
    {
        var tokenizer = WordTokenizer.Build("b a c\nc b d\nc e\n", maxSize: 5);

        Assert.Equal(new[] { "<unk>", "<eos>", "c", "b", "a" }, tokenizer.Vocabulary);
    }

    [Fact]
    public void Word_tokenizer_maps_unknown_words_to_unk_and_ends_lines_with_eos()
    {
        var tokenizer = WordTokenizer.Build("the whale\nthe sea\n", maxSize: 10);

        var tokens = tokenizer.Encode("the squid\nsea\n");

        Assert.Equal("the <unk>\nsea\n", tokenizer.Decode(tokens));
        Assert.Equal(2, tokens.Count(t => t == 1));
    }

    [Fact]
    public void Word_tokenizer_round_trips_known_text()
    {
        var tokenizer = WordTokenizer.Build("the whale\nthe sea\n", maxSize: 10);

        Assert.Equal("the sea\nthe whale\n", tokenizer.Decode(tokenizer.Encode("the sea\nthe whale\n")));
    }

    [Fact]
    public void Descriptions_rebuild_equal_tokenizers()
    {
        ITokenizer[] tokenizers = { new ByteTokenizer(), WordTokenizer.Build("a b b\n", 10), SyntheticVocabulary.Create(2, 2, 3) };

        foreach (var tokenizer in tokenizers)
        {
            var rebuilt = tokenizer.Describe().CreateTokenizer();
            Assert.Equal(tokenizer.Name, rebuilt.Name);
            Assert.Equal(tokenizer.Describe().Vocabulary, rebuilt.Describe().Vocabulary);
            tokenizer.Describe().Verify(rebuilt.Describe(), "checkpoint.parckpt");
        }
    }

    [Fact]
    public void A_different_vocabulary_is_reported_with_the_checkpoint_and_the_first_difference()
    {
        var saved = WordTokenizer.Build("whale whale sea\n", 10).Describe();
        var actual = WordTokenizer.Build("sea sea whale\n", 10).Describe();

        var error = Assert.Throws<CorpusException>(() => saved.Verify(actual, "run/checkpoint.parckpt"));

        Assert.Contains("run/checkpoint.parckpt", error.Message);
        Assert.Contains("vocabulary mismatch at id 2", error.Message);
    }

    [Fact]
    public void A_different_tokenizer_kind_or_size_is_a_vocabulary_mismatch()
    {
        var error = Assert.Throws<CorpusException>(() => new ByteTokenizer().Describe().Verify(WordTokenizer.Build("a\n", 10).Describe(), "c.parckpt"));
        Assert.Contains("'byte'", error.Message);

        var sizes = Assert.Throws<CorpusException>(() => WordTokenizer.Build("a b\n", 10).Describe().Verify(WordTokenizer.Build("a\n", 10).Describe(), "c.parckpt"));
        Assert.Contains("4 tokens", sizes.Message);
    }
}
