using System;
using System.Collections.Generic;

namespace Par.Text;

/// <summary>
/// What a checkpoint records about its tokenizer: the kind, the size and, for vocabularies built from
/// data, the tokens in id order. Serialisable with System.Text.Json.
/// </summary>
public sealed record TokenizerDescription(string Name, int VocabularySize, IReadOnlyList<string>? Vocabulary)
{
    /// <summary>Rebuilds the tokenizer this description was taken from.</summary>
    public ITokenizer CreateTokenizer() => Name switch
    {
        ByteTokenizer.TokenizerName => new ByteTokenizer(),
        WordTokenizer.TokenizerName => new WordTokenizer(Vocabulary ?? throw new InvalidOperationException("A word tokenizer description needs its vocabulary.")),
        SyntheticVocabulary.TokenizerName => new SyntheticVocabulary(Vocabulary ?? throw new InvalidOperationException("A synthetic tokenizer description needs its vocabulary.")),
        _ => throw new NotSupportedException($"Unknown tokenizer '{Name}'."),
    };
}
