using System;
using Par.Search.Options;

namespace Par.Search.Checkpoints;

/// <summary>
/// Where a search keeps its checkpoint (<c>.parsearch</c>) and how often: written every <see cref="Every"/> steps and
/// when the search is cancelled, read by the search when it runs with <c>resume</c>.
/// </summary>
public sealed record SearchCheckpointing
{
    /// <summary>The checkpoint's file name where a search keeps it in its output or work folder.</summary>
    public const string FileName = "search.parsearch";

    public required string Path { get; init => field = string.IsNullOrWhiteSpace(value) ? throw new ArgumentException("A checkpoint needs a path.", nameof(Path)) : value; }

    /// <summary>Steps between checkpoints.</summary>
    public int Every { get; init => field = OptionChecks.AtLeast(value, 1, nameof(Every)); } = 100;
}
