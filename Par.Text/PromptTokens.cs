using System;

namespace Par.Text;

/// <summary>The tokens a prompt continues from, the same for every engine that generates.</summary>
public static class PromptTokens
{
    /// <summary>
    /// The prompt's tokens. Word tokens end every line with <c>&lt;eos&gt;</c>, the last one too; a prompt that does not
    /// end in a newline continues its last line, so that <c>&lt;eos&gt;</c> is dropped.
    /// </summary>
    public static int[] Encode(ITokenizer tokenizer, string prompt)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(prompt);
        var tokens = tokenizer.Encode(prompt);
        return tokenizer is WordTokenizer && !prompt.EndsWith('\n') && tokens.Length > 0 && tokens[^1] == WordTokenizer.EndOfLineId
            ? tokens[..^1]
            : tokens;
    }
}
