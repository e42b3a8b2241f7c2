using System;
using System.Buffers;
using System.Text.Unicode;

namespace Par.Runtime.Data;

/// <summary>
/// One split of a corpus as raw bytes, with the file they came from and the byte they start at there, so that a
/// problem names the file and the byte. Byte tokens are these bytes as they are; word tokens need them to be UTF-8.
/// </summary>
/// <param name="File">The file the bytes were read from.</param>
/// <param name="Offset">Where in <paramref name="File"/> the split starts (0 for a whole file).</param>
/// <param name="Bytes">The split's bytes.</param>
/// <param name="Part">Which part of <paramref name="File"/> the split is, for messages; null for the whole file.</param>
public sealed record CorpusSplit(string File, long Offset, byte[] Bytes, string? Part = null)
{
    /// <summary>The split in messages: its file, and which part of it when the file holds more than this split.</summary>
    public string Describe() => Part is null ? File : $"{File} ({Part})";

    /// <summary>
    /// The bytes decoded strictly as UTF-8; an invalid sequence is a <see cref="CorpusException"/> naming the file and
    /// the byte it starts at. A U+FFFD character (EF BF BD), which mail and web text often carry, is valid.
    /// </summary>
    public string DecodeUtf8()
    {
        var characters = new char[Bytes.Length];
        return Utf8.ToUtf16(Bytes, characters, out var bytesRead, out var charactersWritten, replaceInvalidSequences: false) == OperationStatus.Done
            ? new string(characters, 0, charactersWritten)
            : throw new CorpusException(File, $"invalid UTF-8 at byte {Offset + bytesRead}: word tokens need UTF-8 text (byte tokens take any bytes).");
    }
}
