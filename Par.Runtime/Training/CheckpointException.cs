using System;

namespace Par.Runtime.Training;

/// <summary>
/// A checkpoint that cannot be used: damaged (an entry or a byte changed since Par wrote it), missing an entry, of
/// another format version, holding a value out of range, or written by a run with other settings. The message names
/// the file and the problem: bad input, never a crash.
/// </summary>
public sealed class CheckpointException : Exception
{
    public CheckpointException(string path, string problem)
        : base($"{path}: {problem}")
    {
        Path = path;
    }

    /// <summary>The checkpoint file.</summary>
    public string Path { get; }
}
