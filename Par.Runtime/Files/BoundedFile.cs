using System;
using System.IO;

namespace Par.Runtime.Files;

/// <summary>What <see cref="BoundedFile.Read"/> found: the bytes read, and whether the file went past the limit or holds a NUL byte.</summary>
/// <param name="Bytes">The whole file, unless it is <see cref="TooLarge"/> or <see cref="Binary"/>: then only what was read.</param>
/// <param name="TooLarge">The file went past the limit: it has more than the limit's bytes.</param>
/// <param name="Binary">A NUL byte was read, so this is no text file.</param>
public sealed record BoundedRead(byte[] Bytes, bool TooLarge, bool Binary);

/// <summary>
/// Reads a file a user named, whole but never more than a limit. A FIFO, device or socket (<c>/dev/zero</c>) is refused
/// before it is opened (<see cref="RegularFile"/>). A regular file can still grow while it is read, and one under
/// <c>/proc</c> reports no length, so at most limit + 1 bytes are read; reading also stops at the first chunk with a NUL
/// byte, which no text file has, so binary files are refused after one chunk.
/// </summary>
public static class BoundedFile
{
    private const int ChunkBytes = 1 << 16;

    public static BoundedRead Read(string path, long maxBytes)
    {
        RegularFile.Require(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        var initialCapacity = stream.CanSeek && stream.Length is > 0 and var length ? (int)Math.Min(length, maxBytes) + 1 : ChunkBytes;
        using var contents = new MemoryStream(initialCapacity);
        var chunk = new byte[ChunkBytes];
        while (true)
        {
            var read = stream.Read(chunk, 0, (int)Math.Min(ChunkBytes, maxBytes + 1 - contents.Length));
            if (read == 0)
            {
                return new BoundedRead(contents.ToArray(), TooLarge: false, Binary: false);
            }

            contents.Write(chunk, 0, read);
            if (Array.IndexOf(chunk, (byte)0, 0, read) >= 0)
            {
                return new BoundedRead(contents.ToArray(), TooLarge: false, Binary: true);
            }

            if (contents.Length > maxBytes)
            {
                return new BoundedRead(contents.ToArray(), TooLarge: true, Binary: false);
            }
        }
    }

    /// <summary>A byte count as people read limits: 1 MiB, 512 MiB, or bytes below 1 KiB.</summary>
    public static string Describe(long bytes) =>
        bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? $"{bytes >> 20} MiB"
        : bytes >= 1 << 10 && bytes % (1 << 10) == 0 ? $"{bytes >> 10} KiB"
        : $"{bytes} bytes";
}
