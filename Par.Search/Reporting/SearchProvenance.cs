using System;

namespace Par.Search.Reporting;

/// <summary>
/// Facts about a search that the search itself cannot know or that vary between identical runs: the
/// date and wall times are passed in, so a test can fix them and compare a written file byte for byte.
/// </summary>
/// <param name="Date">When the search ran (written in UTC).</param>
/// <param name="Corpus">Name of the training corpus, e.g. <c>synthetic (recall)</c> or <c>moby-dick</c>.</param>
/// <param name="Tokenization">How text became tokens, e.g. <c>bytes</c>.</param>
/// <param name="SearchWallTime">Wall time of the search.</param>
/// <param name="BaselineTrainingWallTime">Wall time of training the baseline for the same step budget, if measured.</param>
public sealed record SearchProvenance(
    DateTimeOffset Date,
    string Corpus,
    string Tokenization,
    TimeSpan SearchWallTime,
    TimeSpan? BaselineTrainingWallTime = null)
{
    /// <summary>Search time over baseline training time (the paper's search-cost measure), if known.</summary>
    public double? CostRatio => BaselineTrainingWallTime is { TotalSeconds: > 0 } baseline
        ? SearchWallTime.TotalSeconds / baseline.TotalSeconds
        : null;
}
