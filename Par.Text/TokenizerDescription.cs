using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace Par.Text;

/// <summary>
/// What a checkpoint records about its tokenizer: the kind, the size, for vocabularies built from data the tokens in
/// id order, and whether its last id is <see cref="MaskToken"/>. Serialisable with System.Text.Json; the mask flag is
/// written only when set, so descriptions of tokenizers without one read and write as they always have.
/// </summary>
public sealed record TokenizerDescription(
    string Name,
    int VocabularySize,
    IReadOnlyList<string>? Vocabulary,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool HasMaskToken = false)
{
    /// <summary>Rebuilds the tokenizer this description was taken from.</summary>
    public ITokenizer CreateTokenizer() => Name switch
    {
        ByteTokenizer.TokenizerName => new ByteTokenizer(HasMaskToken),
        WordTokenizer.TokenizerName => new WordTokenizer(Vocabulary ?? throw new InvalidOperationException("A word tokenizer description needs its vocabulary."), HasMaskToken),
        SyntheticVocabulary.TokenizerName => new SyntheticVocabulary(Vocabulary ?? throw new InvalidOperationException("A synthetic tokenizer description needs its vocabulary."), HasMaskToken),
        _ => throw new NotSupportedException($"Unknown tokenizer '{Name}'."),
    };
}
