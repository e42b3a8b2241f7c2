using System;
using System.Threading;

namespace Par.Search;

/// <summary>
/// The search was cancelled between steps. With <see cref="SearchOptions.Checkpoint"/> set, its state after
/// <see cref="Step"/> steps was saved to <see cref="CheckpointPath"/> first, so <c>resume</c> continues from there.
/// </summary>
public sealed class SearchInterruptedException : OperationCanceledException
{
    public SearchInterruptedException(int step, string? checkpointPath, CancellationToken token)
        : base(checkpointPath is null
            ? $"The search was interrupted after {step} steps; nothing was saved (no checkpoint path)."
            : $"The search was interrupted after {step} steps; its checkpoint is {checkpointPath}.", token)
    {
        Step = step;
        CheckpointPath = checkpointPath;
    }

    /// <summary>Steps completed before the interruption.</summary>
    public int Step { get; }

    /// <summary>Where the state was saved, or null when the search keeps no checkpoint.</summary>
    public string? CheckpointPath { get; }
}
