using System;
using System.Collections.Generic;
using Par.Text;

namespace Par.Runtime.Data;

/// <summary>
/// One split as a flat token stream. <see cref="RecallMask"/>, when present, is as long as
/// <see cref="Tokens"/> and marks tokens only predictable by recalling something seen earlier
/// (the synthetic corpus's queried values); evaluation reports their loss separately.
/// </summary>
public sealed class TokenStream
{
    public TokenStream(IReadOnlyList<int> tokens, IReadOnlyList<bool>? recallMask = null, string? source = null)
    {
        if (recallMask is not null && recallMask.Count != tokens.Count)
        {
            throw new ArgumentException("The recall mask must be as long as the token stream.", nameof(recallMask));
        }

        Tokens = tokens;
        RecallMask = recallMask;
        Source = source;
    }

    /// <summary>Encodes <paramref name="text"/> with <paramref name="tokenizer"/>.</summary>
    public static TokenStream Encode(ITokenizer tokenizer, string text) => new(tokenizer.Encode(text));

    public IReadOnlyList<int> Tokens { get; }

    public IReadOnlyList<bool>? RecallMask { get; }

    public int Count => Tokens.Count;

    /// <summary>Where the tokens were read from, for messages (<see cref="CorpusSplit.Describe"/>); null for a generated stream.</summary>
    public string? Source { get; }
}
