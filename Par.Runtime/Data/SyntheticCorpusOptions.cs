using System;

namespace Par.Runtime.Data;

/// <summary>
/// Sizes of the <see cref="SyntheticCorpus"/>. The defaults (vocabulary 96, 300k training tokens)
/// suit a two-minute CPU run; recall distances reach about 110 tokens, so a model needs
/// context + memory of at least 128 to be able to answer every query.
/// </summary>
public sealed record SyntheticCorpusOptions
{
    public int Seed { get; init; } = 1234;

    /// <summary>Distinct keys; each episode states <see cref="PairsPerEpisode"/> of them.</summary>
    public int Keys { get; init; } = 16;

    /// <summary>Distinct values; a feed-forward model guessing a value pays about ln(Values) nats.</summary>
    public int Values { get; init; } = 16;

    /// <summary>Filler words produced by the sparse Markov source.</summary>
    public int Fillers { get; init; } = 59;

    /// <summary>Successors each filler word may have in the Markov source (its local structure).</summary>
    public int FillerSuccessors { get; init; } = 3;

    public int PairsPerEpisode { get; init; } = 4;

    /// <summary>Filler tokens between the last statement and the first query (inclusive range).</summary>
    public int MinGap { get; init; } = 24;

    public int MaxGap { get; init; } = 48;

    /// <summary>Filler tokens between two queries (inclusive range).</summary>
    public int MinQuerySpacing { get; init; } = 4;

    public int MaxQuerySpacing { get; init; } = 10;

    public int TrainTokens { get; init; } = 300_000;

    public int ValidTokens { get; init; } = 20_000;

    public int TestTokens { get; init; } = 20_000;

    public int VocabularySize => SyntheticVocabulary.MarkerCount + Keys + Values + Fillers;

    internal void Validate()
    {
        if (Keys < PairsPerEpisode || Values < 2 || Fillers < FillerSuccessors || FillerSuccessors < 1 || PairsPerEpisode < 1)
        {
            throw new ArgumentException("Synthetic corpus needs Keys >= PairsPerEpisode >= 1, Values >= 2 and Fillers >= FillerSuccessors >= 1.");
        }

        if (MinGap < 0 || MaxGap < MinGap || MinQuerySpacing < 0 || MaxQuerySpacing < MinQuerySpacing)
        {
            throw new ArgumentException("Synthetic corpus gaps need 0 <= Min <= Max.");
        }
    }
}
