using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Serialization;

namespace Par.Runtime.Data;

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

    /// <summary>Throws a <see cref="CorpusException"/> naming <paramref name="checkpointPath"/> when <paramref name="actual"/> differs from this description.</summary>
    public void Verify(TokenizerDescription actual, string checkpointPath)
    {
        if (Name != actual.Name)
        {
            throw new CorpusException(checkpointPath, $"vocabulary mismatch: checkpoint uses a '{Name}' tokenizer, the data a '{actual.Name}' tokenizer.");
        }

        if (HasMaskToken != actual.HasMaskToken)
        {
            throw new CorpusException(checkpointPath, HasMaskToken
                ? $"vocabulary mismatch: checkpoint's tokens include {MaskToken.Text} (a masked language model), the data's do not."
                : $"vocabulary mismatch: the data's tokens include {MaskToken.Text} (a masked language model), the checkpoint's do not.");
        }

        if (VocabularySize != actual.VocabularySize)
        {
            throw new CorpusException(checkpointPath, $"vocabulary mismatch: checkpoint has {VocabularySize} tokens, the data {actual.VocabularySize}.");
        }

        var ours = Vocabulary ?? Array.Empty<string>();
        var theirs = actual.Vocabulary ?? Array.Empty<string>();
        var firstDifference = Enumerable.Range(0, Math.Min(ours.Count, theirs.Count)).FirstOrDefault(i => ours[i] != theirs[i], -1);
        if (firstDifference >= 0)
        {
            throw new CorpusException(checkpointPath, $"vocabulary mismatch at id {firstDifference}: checkpoint has '{ours[firstDifference]}', the data '{theirs[firstDifference]}'.");
        }
    }
}
