using System;
using System.IO;
using Par.Runtime.Files;

namespace Par.Cli.Commands;

/// <summary>
/// Checks a path a verb will write to, before any work starts: a run that trains for an hour and then cannot write
/// its result loses the hour. Nothing is created; a missing folder is checked at its nearest existing ancestor, by
/// creating and deleting a probe file there. Every failure is a usage error naming the option and the path. A file
/// that exists is replaced only when Par wrote it for the same purpose, or with --overwrite.
/// </summary>
internal static class OutputPath
{
    // Kernel file systems accept no files of ours (or, as root under /dev, files nobody should make).
    private static readonly string[] SystemFolders = ["/proc", "/sys", "/dev"];

    /// <summary>A file to be written (created or replaced); returns it unchanged.</summary>
    public static string RequireWritableFile(string option, string? path)
    {
        var full = RequireUsable(option, path);
        if (Directory.Exists(full) || EndsWithSeparator(path!))
        {
            throw new UsageException($"{option} {path}: is a folder; give the path of a file to write.");
        }

        if (RegularFile.KindOf(full) is { } kind)
        {
            // Opening a FIFO to prove it writable would wait for a reader, forever.
            throw new UsageException($"{option} {path}: is not a regular file ({kind}); give the path of a file to write.");
        }

        if (File.Exists(full))
        {
            try
            {
                // Opening for writing changes nothing but proves the file can be replaced.
                using var _ = new FileStream(full, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"{option} {path}: the file cannot be written ({CommandRunner.MessageOf(exception)}).");
            }
        }

        RequireWritableFolder(option, path!, Path.GetDirectoryName(full)!);
        return path!;
    }

    /// <summary>A folder to be created if missing and written into; returns it unchanged.</summary>
    public static string RequireWritableFolder(string option, string? path)
    {
        var full = RequireUsable(option, path);
        if (File.Exists(full))
        {
            throw new UsageException($"{option} {path}: is a file; give the path of a folder to write into.");
        }

        RequireWritableFolder(option, path!, full);
        return path!;
    }

    /// <summary>
    /// A file that exists is someone's work: it is replaced only when <paramref name="writtenByPar"/> says Par wrote it
    /// for this purpose (<paramref name="what"/> names that purpose), or with --overwrite.
    /// </summary>
    public static void RequireReplaceable(string option, string file, bool overwrite, Func<string, bool> writtenByPar, string what)
    {
        if (!overwrite && File.Exists(file) && !writtenByPar(file))
        {
            throw new UsageException($"{option}: {file} exists and is not {what}; pass --overwrite to replace it, or choose another {option}.");
        }
    }

    private static string RequireUsable(string option, string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new UsageException($"{option}: expected a path, got an empty one.");
        }

        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception exception) when (exception is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new UsageException($"{option} {path}: not a usable path ({CommandRunner.MessageOf(exception)}).");
        }

        foreach (var system in SystemFolders)
        {
            if (full == system || full.StartsWith(system + "/", StringComparison.Ordinal))
            {
                throw new UsageException($"{option} {path}: {system} is a kernel file system, not a place to write results.");
            }
        }

        return full;
    }

    /// <summary>The folder, or the nearest ancestor of it that exists, must be a folder Par can create files in.</summary>
    private static void RequireWritableFolder(string option, string path, string folder)
    {
        var existing = folder;
        while (!Directory.Exists(existing))
        {
            if (File.Exists(existing))
            {
                throw new UsageException($"{option} {path}: {existing} is a file, so no folder can be made there.");
            }

            existing = Path.GetDirectoryName(existing) ?? throw new UsageException($"{option} {path}: no part of the path exists.");
        }

        var probe = Path.Combine(existing, $".par-write-probe-{Guid.NewGuid():N}");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{option} {path}: cannot write into {existing} ({CommandRunner.MessageOf(exception)}).");
        }
    }

    private static bool EndsWithSeparator(string path) =>
        path.EndsWith(Path.DirectorySeparatorChar) || path.EndsWith(Path.AltDirectorySeparatorChar);
}
