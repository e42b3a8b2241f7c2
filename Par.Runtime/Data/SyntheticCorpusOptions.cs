using System;
using Par.Text;

namespace Par.Runtime.Data;

/// <summary>
/// Sizes of the <see cref="SyntheticCorpus"/>. The defaults (vocabulary 213, 300k training tokens)
/// suit a few minutes of CPU training; recall distances stay below about 40 tokens, so a context
/// of 32 with as much memory lets a model answer every query.
/// </summary>
public sealed record SyntheticCorpusOptions
{
    public int Seed { get; init; } = 1234;

    /// <summary>
    /// Distinct keys; each episode states <see cref="PairsPerEpisode"/> of them, none stated in the two
    /// episodes before, so an older statement of the same key is never within reach to confuse a query.
    /// </summary>
    public int Keys { get; init; } = 16;

    /// <summary>Distinct values; a feed-forward model guessing a value pays about ln(Values) nats.</summary>
    public int Values { get; init; } = 8;

    /// <summary>Filler words produced by the sparse Markov source.</summary>
    public int Fillers { get; init; } = 59;

    /// <summary>Successors each filler word may have in the Markov source (its local structure).</summary>
    public int FillerSuccessors { get; init; } = 3;

    public int PairsPerEpisode { get; init; } = 4;

    /// <summary>Filler tokens between the last statement and the first query (inclusive range).</summary>
    public int MinGap { get; init; } = 4;

    public int MaxGap { get; init; } = 12;

    /// <summary>Filler tokens between two queries (inclusive range).</summary>
    public int MinQuerySpacing { get; init; } = 1;

    public int MaxQuerySpacing { get; init; } = 4;

    public int TrainTokens { get; init; } = 300_000;

    public int ValidTokens { get; init; } = 20_000;

    public int TestTokens { get; init; } = 20_000;

    /// <summary>Episodes before this one whose keys it avoids.</summary>
    public const int EpisodesWithDistinctKeys = 2;

    public int VocabularySize => SyntheticVocabulary.MarkerCount + Keys + Values + Keys * Values + Fillers;

    internal void Validate()
    {
        if (Keys < PairsPerEpisode * (EpisodesWithDistinctKeys + 1) || Values < 2 || Fillers < FillerSuccessors || FillerSuccessors < 1 || PairsPerEpisode < 1)
        {
            throw new ArgumentException("Synthetic corpus needs Keys >= 3 · PairsPerEpisode, PairsPerEpisode >= 1, Values >= 2 and Fillers >= FillerSuccessors >= 1.");
        }

        if (MinGap < 0 || MaxGap < MinGap || MinQuerySpacing < 0 || MaxQuerySpacing < MinQuerySpacing)
        {
            throw new ArgumentException("Synthetic corpus gaps need 0 <= Min <= Max.");
        }
    }
}
