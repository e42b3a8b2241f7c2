using System;
using System.IO;

namespace Par.Runtime.Files;

/// <summary>
/// A file Par was writing could not be written (a full disk, a permission lost mid-run): the run failed, but the file
/// at <see cref="FilePath"/> is as it was before (<see cref="AtomicFile"/>).
/// </summary>
public sealed class FileWriteException(string path, Exception inner)
    : IOException($"could not write {path} ({inner.Message.TrimEnd('.')}); nothing already saved was changed.", inner)
{
    public string FilePath { get; } = path;
}
