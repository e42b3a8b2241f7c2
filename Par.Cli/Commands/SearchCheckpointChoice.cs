using System.IO;

namespace Par.Cli.Commands;

/// <summary>Where <c>par search FILE</c> keeps its checkpoint, how often it writes it, and whether to continue from it.</summary>
internal sealed record SearchCheckpointChoice(string Path, int Every, bool Resume)
{
    /// <summary>Rejects checkpoint flags that cannot work, before any work starts.</summary>
    /// <param name="searchingAFile">False for the main job, which keeps no search checkpoint.</param>
    public SearchCheckpointChoice Validated(bool searchingAFile)
    {
        if (Every < 1)
        {
            throw new UsageException($"--checkpoint-every: expected a positive number of steps, got {Every}.");
        }

        if (Resume && !searchingAFile)
        {
            throw new UsageException("--resume: the main job does not keep a search checkpoint (it runs in about ten minutes); --resume continues a search of a file.");
        }

        if (Resume && !File.Exists(Path))
        {
            throw new UsageException($"--resume: no search checkpoint at {Path}; search without --resume first.");
        }

        return this;
    }
}
