using System;
using System.Linq;
using Par.Text;

namespace Par.Runtime.Data;

/// <summary>The check that a checkpoint's tokenizer is the data's: a mismatch is bad input data, so a <see cref="CorpusException"/>.</summary>
public static class TokenizerVerification
{
    /// <summary>Throws a <see cref="CorpusException"/> naming <paramref name="checkpointPath"/> when <paramref name="actual"/> differs from <paramref name="saved"/>.</summary>
    public static void Verify(this TokenizerDescription saved, TokenizerDescription actual, string checkpointPath)
    {
        if (saved.Name != actual.Name)
        {
            throw new CorpusException(checkpointPath, $"vocabulary mismatch: checkpoint uses a '{saved.Name}' tokenizer, the data a '{actual.Name}' tokenizer.");
        }

        if (saved.HasMaskToken != actual.HasMaskToken)
        {
            throw new CorpusException(checkpointPath, saved.HasMaskToken
                ? $"vocabulary mismatch: checkpoint's tokens include {MaskToken.Text} (a masked language model), the data's do not."
                : $"vocabulary mismatch: the data's tokens include {MaskToken.Text} (a masked language model), the checkpoint's do not.");
        }

        if (saved.VocabularySize != actual.VocabularySize)
        {
            throw new CorpusException(checkpointPath, $"vocabulary mismatch: checkpoint has {saved.VocabularySize} tokens, the data {actual.VocabularySize}.");
        }

        var ours = saved.Vocabulary ?? Array.Empty<string>();
        var theirs = actual.Vocabulary ?? Array.Empty<string>();
        var firstDifference = Enumerable.Range(0, Math.Min(ours.Count, theirs.Count)).FirstOrDefault(i => ours[i] != theirs[i], -1);
        if (firstDifference >= 0)
        {
            throw new CorpusException(checkpointPath, $"vocabulary mismatch at id {firstDifference}: checkpoint has '{ours[firstDifference]}', the data '{theirs[firstDifference]}'.");
        }
    }
}
