using System.Collections.Generic;

namespace Par.Text;

/// <summary>
/// Text for tokens as they come: it decodes everything so far and hands out what is new, holding back a trailing
/// replacement character (an unfinished UTF-8 sequence of byte tokens) until the next token settles it.
/// </summary>
public sealed class StreamingText
{
    private const char Unfinished = '\uFFFD';

    private readonly ITokenizer tokenizer;
    private readonly List<int> tokens;
    private int handedOut;

    /// <param name="tokenizer">Decodes the tokens.</param>
    /// <param name="prompt">Tokens already shown; the text of what follows starts after theirs.</param>
    public StreamingText(ITokenizer tokenizer, IEnumerable<int> prompt)
    {
        this.tokenizer = tokenizer;
        tokens = new List<int>(prompt);
        handedOut = tokenizer.Decode(tokens).Length;
    }

    /// <summary>The text <paramref name="token"/> adds, possibly empty while a character is unfinished.</summary>
    public string Append(int token)
    {
        tokens.Add(token);
        var text = tokenizer.Decode(tokens);
        var settled = text.Length;
        while (settled > handedOut && text[settled - 1] == Unfinished)
        {
            settled--;
        }

        return HandOut(text, settled);
    }

    /// <summary>Whatever was held back, once no more tokens come.</summary>
    public string Flush()
    {
        var text = tokenizer.Decode(tokens);
        return HandOut(text, text.Length);
    }

    private string HandOut(string text, int upTo)
    {
        var fresh = upTo > handedOut ? text[handedOut..upTo] : "";
        handedOut = System.Math.Max(handedOut, upTo);
        return fresh;
    }
}
