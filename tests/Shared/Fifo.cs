using System.IO;
using System.Runtime.InteropServices;

namespace Par.Tests.Shared;

/// <summary>Named pipes for the tests that check par never opens one where it needs a regular file.</summary>
internal static class Fifo
{
    /// <summary>Creates a FIFO at <paramref name="path"/> (and the folders on the way), readable and writable by its owner.</summary>
    public static string Make(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (MkFifo(path, 0b110_000_000) != 0)
        {
            throw new IOException($"mkfifo {path} failed with errno {Marshal.GetLastPInvokeError()}.");
        }

        return path;
    }

    [DllImport("libc", EntryPoint = "mkfifo", SetLastError = true)]
    private static extern int MkFifo(string path, uint mode);
}
