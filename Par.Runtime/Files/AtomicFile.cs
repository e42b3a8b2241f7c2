using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace Par.Runtime.Files;

/// <summary>
/// How Par writes every file: to a temporary <c>.NAME.&lt;guid&gt;.tmp</c> in the same folder, flushed to disk, then
/// renamed over <c>NAME</c>. A write that fails (a full disk, a lost permission, a killed process) leaves the old file
/// byte for byte as it was; the temporary is deleted, or, after a kill, left for <see cref="DeleteStaleTemporaries"/>.
/// A symbolic link is written through to its target, and a replaced file keeps its permissions.
/// </summary>
public static class AtomicFile
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// Writes what <paramref name="write"/> puts into the stream (readable and seekable too) to <paramref name="path"/>,
    /// creating its folder if needed. A failure to write is a <see cref="FileWriteException"/> naming the file.
    /// </summary>
    public static void Write(string path, Action<Stream> write)
    {
        var target = Target(path);
        var folder = Path.GetDirectoryName(target)!;
        var temporary = Path.Combine(folder, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(folder);
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite))
            {
                write(file);
                file.Flush(flushToDisk: true);
            }

            if (!OperatingSystem.IsWindows() && File.Exists(target))
            {
                File.SetUnixFileMode(temporary, File.GetUnixFileMode(target));
            }

            File.Move(temporary, target, overwrite: true);
        }
        // .NET reports EFBIG (a file over the file system's or the process's size limit) as ArgumentOutOfRangeException.
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException)
        {
            throw new FileWriteException(path, exception);
        }
        finally
        {
            // Checked first: File.Delete throws when the folder itself is missing, which would hide the failure.
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 without a byte-order mark, as <see cref="File.WriteAllText(string, string)"/> does.</summary>
    public static void WriteAllText(string path, string text) => WriteAllBytes(path, Utf8.GetBytes(text));

    public static void WriteAllBytes(string path, byte[] bytes) => Write(path, stream => stream.Write(bytes));

    /// <summary>Removes the temporary files that killed writes to <paramref name="path"/> left, and nothing else.</summary>
    public static void DeleteStaleTemporaries(string path)
    {
        var target = Target(path);
        var folder = Path.GetDirectoryName(target)!;
        if (!Directory.Exists(folder))
        {
            return;
        }

        var name = Path.GetFileName(target);
        var ours = new Regex($"^\\.{Regex.Escape(name)}\\.[0-9a-f]{{32}}\\.tmp$");
        foreach (var stale in Directory.EnumerateFiles(folder, $".{name}.*.tmp").Where(file => ours.IsMatch(Path.GetFileName(file))))
        {
            File.Delete(stale);
        }
    }

    // Renaming over a link would replace the link by a file and leave what it points to as it was.
    private static string Target(string path)
    {
        var file = new FileInfo(Path.GetFullPath(path));
        return file.LinkTarget is null ? file.FullName : file.ResolveLinkTarget(returnFinalTarget: true)!.FullName;
    }
}
