using System.Collections.Generic;

namespace Par.Runtime.Data;

/// <summary>Turns text into token ids and back; describes itself so a checkpoint can verify it later.</summary>
public interface ITokenizer
{
    /// <summary>Short name recorded in checkpoints: <c>byte</c>, <c>word</c>, <c>synthetic</c>.</summary>
    string Name { get; }

    int VocabularySize { get; }

    /// <summary>The id of <see cref="Data.MaskToken"/> (the last id), or null when the tokenizer was built without it.</summary>
    int? MaskToken { get; }

    /// <summary>The unit evaluation reports for this tokenization.</summary>
    LossUnit LossUnit { get; }

    int[] Encode(string text);

    string Decode(IEnumerable<int> tokens);

    /// <summary>A serialisable description from which <see cref="TokenizerDescription.CreateTokenizer"/> rebuilds this tokenizer.</summary>
    TokenizerDescription Describe();
}
