using System.Text.Json;
using Par.Runtime.Data;

namespace Par.Runtime.Tests.Encoders;

public class MaskTokenTests
{
    [Fact]
    public void A_byte_tokenizer_with_a_mask_has_257_tokens_and_reads_and_writes_the_mask_as_text()
    {
        var tokenizer = new ByteTokenizer(withMaskToken: true);

        var tokens = tokenizer.Encode("a [MASK] é");

        Assert.Equal(257, tokenizer.VocabularySize);
        Assert.Equal(256, tokenizer.MaskToken);
        Assert.Equal(new int[] { 'a', ' ', 256, ' ', 0xC3, 0xA9 }, tokens);
        Assert.Equal("a [MASK] é", tokenizer.Decode(tokens));
        Assert.Equal(new int[] { 'a', '[', 'M' }, new ByteTokenizer().Encode("a[M"));
        Assert.Null(new ByteTokenizer().MaskToken);
    }

    [Fact]
    public void A_word_vocabulary_with_a_mask_ends_with_it_and_never_counts_it_as_a_corpus_word()
    {
        var tokenizer = WordTokenizer.Build("the whale [MASK] [MASK] [MASK] the\n", maxSize: 10, withMaskToken: true);

        Assert.Equal(new[] { "<unk>", "<eos>", "the", "whale", "[MASK]" }, tokenizer.Vocabulary);
        Assert.Equal(4, tokenizer.MaskToken);
        Assert.Equal(new[] { 2, 4, 3, 1 }, tokenizer.Encode("the [MASK] whale\n"));
    }

    [Fact]
    public void A_description_rebuilds_the_mask_and_a_checkpoint_without_one_is_told_apart_from_data_with_one()
    {
        var withMask = new ByteTokenizer(withMaskToken: true).Describe();
        var without = new ByteTokenizer().Describe();

        Assert.Equal(256, withMask.CreateTokenizer().MaskToken);
        Assert.Null(without.CreateTokenizer().MaskToken);
        var mismatch = Assert.Throws<CorpusException>(() => without.Verify(withMask, "run/checkpoint.parckpt"));
        Assert.Contains("[MASK]", mismatch.Message);
        Assert.Equal(3, new SyntheticVocabulary(new[] { "a", "b", "c" }).WithMaskToken().Describe().CreateTokenizer().MaskToken);
    }

    [Fact]
    public void A_description_without_a_mask_is_written_as_before_the_mask_existed()
    {
        // Checkpoints of causal runs keep their exact bytes: the flag is written only when set.
        Assert.Equal("""{"Name":"byte","VocabularySize":256,"Vocabulary":null}""", JsonSerializer.Serialize(new ByteTokenizer().Describe()));
        Assert.Contains("\"HasMaskToken\":true", JsonSerializer.Serialize(new ByteTokenizer(withMaskToken: true).Describe()));
    }
}
