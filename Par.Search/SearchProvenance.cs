using System;
using System.Globalization;

namespace Par.Search;

/// <summary>
/// Facts about a search that the search itself cannot know or that vary between identical runs: the
/// date and wall times are passed in, so a test can fix them and compare a written file byte for byte.
/// </summary>
/// <param name="Date">When the search ran (written in UTC).</param>
/// <param name="Corpus">Name of the training corpus, e.g. <c>synthetic (recall)</c> or <c>moby-dick</c>.</param>
/// <param name="Tokenization">How text became tokens, e.g. <c>bytes</c>.</param>
/// <param name="SearchWallTime">Wall time of the search.</param>
/// <param name="BaselineTrainingWallTime">Wall time of training the baseline, if measured.</param>
/// <param name="BaselineTrainingSteps">The steps the baseline trained for, if known; null reads as the search's own.</param>
public sealed record SearchProvenance(
    DateTimeOffset Date,
    string Corpus,
    string Tokenization,
    TimeSpan SearchWallTime,
    TimeSpan? BaselineTrainingWallTime = null,
    int? BaselineTrainingSteps = null)
{
    /// <summary>Whole search time over whole baseline training time (the paper's search-cost measure), if known.</summary>
    public double? CostRatio => BaselineTrainingWallTime is { TotalSeconds: > 0 } baseline
        ? SearchWallTime.TotalSeconds / baseline.TotalSeconds
        : null;

    /// <summary>How the baseline's training budget reads beside a search of <paramref name="searchSteps"/> steps.</summary>
    public string DescribeBaselineBudget(int searchSteps) =>
        BaselineTrainingSteps is { } steps && steps != searchSteps
            ? string.Create(CultureInfo.InvariantCulture, $"{steps} steps")
            : "the same steps";
}
