using System.IO;

namespace Par.Cli.Commands;

/// <summary>Where <c>par search</c> keeps its search checkpoint, how often it writes it, and whether to continue from it.</summary>
internal sealed record SearchCheckpointChoice(string Path, int Every, bool Resume)
{
    /// <summary>Rejects checkpoint flags that cannot work, before any work starts.</summary>
    public SearchCheckpointChoice Validated()
    {
        if (Resume && !File.Exists(Path))
        {
            throw new UsageException($"--resume: no search checkpoint at {Path}; search without --resume first.");
        }

        return this;
    }
}
