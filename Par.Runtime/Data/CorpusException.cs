using System;

namespace Par.Runtime.Data;

/// <summary>
/// Bad input data: a missing folder or file, an empty or binary file, or a vocabulary that does not
/// match the one a checkpoint was trained with. The message names the file and the problem.
/// </summary>
public sealed class CorpusException : Exception
{
    public CorpusException(string path, string problem)
        : base($"{path}: {problem}")
    {
        Path = path;
    }

    /// <summary>The file or folder the problem is about.</summary>
    public string Path { get; }
}
