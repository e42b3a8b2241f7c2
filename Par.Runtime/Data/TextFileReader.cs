using System.IO;
using System.Linq;
using Par.Runtime.Files;

namespace Par.Runtime.Data;

/// <summary>
/// Reads a corpus file's bytes, refusing files that are missing, too large, empty, blank or binary. Only a NUL byte,
/// which no text holds, marks a file as binary: whether the bytes must be UTF-8 is up to the tokenization
/// (<see cref="CorpusSplit.DecodeUtf8"/>), and byte tokens model any byte.
/// </summary>
internal static class TextFileReader
{
    public static byte[] Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new CorpusException(path, "file not found.");
        }

        var read = BoundedFile.Read(path, Corpus.MaxFileBytes);
        if (read.Binary)
        {
            throw new CorpusException(path, "file is binary (contains NUL bytes), expected text.");
        }

        if (read.TooLarge)
        {
            throw new CorpusException(path, $"file is larger than the {BoundedFile.Describe(Corpus.MaxFileBytes)} limit for one corpus file (Corpus.MaxFileBytes).");
        }

        var bytes = read.Bytes;
        if (bytes.Length == 0)
        {
            throw new CorpusException(path, "file is empty.");
        }

        if (bytes.All(b => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or (byte)'\v' or (byte)'\f'))
        {
            throw new CorpusException(path, "file holds only whitespace.");
        }

        return bytes;
    }
}
