using System;
using System.Buffers.Binary;
using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace Par.Runtime.Training;

/// <summary>
/// The SHA-256 of a whole checkpoint file, kept as its zip archive's comment (<c>sha256:</c> and 64 hex digits), so a
/// change to any byte is detected, including the zip headers that no entry's checksum covers. The digest covers
/// everything before the comment-length field of the end-of-central-directory record, which a zip without a comment
/// ends with; the file stays a standard zip archive.
/// </summary>
internal static class CheckpointSeal
{
    private const uint EndRecordSignature = 0x06054b50;
    private const int EndRecordLength = 22;
    private const int CommentLengthOffset = 20;
    private const string Prefix = "sha256:";
    private const int CommentLength = 7 + 64;

    /// <summary>Appends the seal to the comment-less zip archive just written to <paramref name="file"/>.</summary>
    public static void Append(Stream file)
    {
        var covered = file.Length - (EndRecordLength - CommentLengthOffset);
        var endRecord = ReadAt(file, file.Length - EndRecordLength, EndRecordLength);
        if (BinaryPrimitives.ReadUInt32LittleEndian(endRecord) != EndRecordSignature || BinaryPrimitives.ReadUInt16LittleEndian(endRecord.AsSpan(CommentLengthOffset)) != 0)
        {
            throw new InvalidOperationException("A checkpoint archive must end with an end-of-central-directory record without a comment.");
        }

        var comment = Encoding.ASCII.GetBytes(Prefix + Convert.ToHexStringLower(Digest(file, covered)));
        Span<byte> commentLength = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(commentLength, (ushort)comment.Length);
        file.Position = covered;
        file.Write(commentLength);
        file.Write(comment);
    }

    /// <summary>True when <paramref name="file"/> ends with a seal that matches its content.</summary>
    public static bool Matches(Stream file)
    {
        var covered = file.Length - CommentLength - (EndRecordLength - CommentLengthOffset);
        var endRecordStart = covered - CommentLengthOffset;
        if (endRecordStart < 0)
        {
            return false;
        }

        var tail = ReadAt(file, endRecordStart, EndRecordLength + CommentLength);
        var expected = Prefix + Convert.ToHexStringLower(Digest(file, covered));
        return BinaryPrimitives.ReadUInt32LittleEndian(tail) == EndRecordSignature
            && BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(CommentLengthOffset)) == CommentLength
            && Encoding.ASCII.GetString(tail, EndRecordLength, CommentLength) == expected;
    }

    private static byte[] Digest(Stream file, long length)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 16];
        file.Position = 0;
        for (var remaining = length; remaining > 0;)
        {
            var read = file.Read(buffer, 0, (int)Math.Min(buffer.Length, remaining));
            if (read == 0)
            {
                throw new EndOfStreamException();
            }

            hash.AppendData(buffer, 0, read);
            remaining -= read;
        }

        return hash.GetHashAndReset();
    }

    private static byte[] ReadAt(Stream file, long offset, int count)
    {
        var bytes = new byte[count];
        file.Position = offset;
        file.ReadExactly(bytes);
        return bytes;
    }
}
