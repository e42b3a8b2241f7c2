using System;
using System.IO;
using System.Runtime.InteropServices;

namespace Par.Runtime.Files;

/// <summary>
/// Tells a regular file from a FIFO, device or socket without opening it: opening a FIFO that has no writer blocks
/// forever, and a device never ends. .NET reports no file type before opening (its attributes say only file or folder),
/// so this asks Linux's <c>statx</c>, whose result has one layout on every architecture, unlike <c>stat</c>'s.
/// </summary>
public static class RegularFile
{
    private const int AtCurrentDirectory = -100;
    private const uint StatxType = 0x1;
    private const int StatxSize = 256;
    private const int StatxMaskOffset = 0;
    private const int StatxModeOffset = 28;
    private const int FileTypeMask = 0xF000;

    /// <summary>Throws an <see cref="IOException"/> naming <paramref name="path"/> when it exists and is no regular file.</summary>
    public static void Require(string path)
    {
        if (KindOf(path) is { } kind)
        {
            throw new IOException($"'{path}' is not a regular file ({kind}).");
        }
    }

    /// <summary>
    /// What <paramref name="path"/> (symbolic links followed, as opening does) is when it is no regular file: "a FIFO",
    /// "a character device", ...; null for a regular file, a missing path, or where the type cannot be told (not Linux).
    /// </summary>
    public static string? KindOf(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var status = new byte[StatxSize];
        if (Statx(AtCurrentDirectory, path, flags: 0, StatxType, status) != 0
            || (BitConverter.ToUInt32(status, StatxMaskOffset) & StatxType) == 0)
        {
            return null;
        }

        return (BitConverter.ToUInt16(status, StatxModeOffset) & FileTypeMask) switch
        {
            0x8000 => null,
            0x1000 => "a FIFO",
            0x2000 => "a character device",
            0x6000 => "a block device",
            0xC000 => "a socket",
            0x4000 => "a folder",
            _ => "of an unknown type",
        };
    }

    // int statx(int dirfd, const char *pathname, int flags, unsigned int mask, struct statx *statxbuf); glibc 2.28+.
    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int directory, string path, int flags, uint mask, [Out] byte[] status);
}
