using System;
using System.IO;

namespace Par.Bench;

/// <summary>
/// A benchmark's scratch folder under the system's temporary path, deleted with what a run left in it (search
/// checkpoints, trained models: about 120 MB a search) when the benchmark ends, whether it finished or threw.
/// A benchmark prints what it measured and keeps nothing, so nothing here is the user's.
/// </summary>
internal sealed class ScratchDirectory : IDisposable
{
    public ScratchDirectory(string prefix)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{prefix}-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
