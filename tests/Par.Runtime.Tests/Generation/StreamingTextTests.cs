using System.Linq;
using Par.Runtime.Data;
using Par.Runtime.Generation;
using Par.Text;

namespace Par.Runtime.Tests.Generation;

public class StreamingTextTests
{
    [Fact]
    public void A_character_split_over_byte_tokens_is_handed_out_once_whole()
    {
        var tokenizer = new ByteTokenizer();
        var text = new StreamingText(tokenizer, tokenizer.Encode("Ah"));
        var bytes = tokenizer.Encode("é!");

        var pieces = bytes.Select(text.Append).ToArray();

        Assert.Equal(new[] { "", "é", "!" }, pieces);
        Assert.Equal("", text.Flush());
    }

    [Fact]
    public void An_unfinished_character_at_the_end_is_flushed()
    {
        var tokenizer = new ByteTokenizer();
        var text = new StreamingText(tokenizer, tokenizer.Encode("a"));

        Assert.Equal("", text.Append(0xC3));
        Assert.Equal("\uFFFD", text.Flush());
    }

    [Fact]
    public void Words_after_a_prompt_that_continues_its_line_are_spaced_and_lines_end_with_eos()
    {
        var tokenizer = new WordTokenizer(new[] { WordTokenizer.Unknown, WordTokenizer.EndOfLine, "Call", "me", "Ishmael" });
        var prompt = PromptTokens.Encode(tokenizer, "Call me");
        var text = new StreamingText(tokenizer, prompt);

        Assert.Equal(new[] { 2, 3 }, prompt);
        Assert.Equal(" Ishmael", text.Append(4));
        Assert.Equal("\n", text.Append(WordTokenizer.EndOfLineId));
        Assert.Equal("Call", text.Append(2));
        Assert.Equal(new[] { 2, 3, WordTokenizer.EndOfLineId }, PromptTokens.Encode(tokenizer, "Call me\n"));
    }
}
