using System.IO;
using System.Text;
using Par.Runtime.Files;

namespace Par.Runtime.Data;

/// <summary>Reads a corpus text file, refusing files that are missing, too large, empty or not text.</summary>
internal static class TextFileReader
{
    // Real text decodes almost entirely; a few stray bytes are tolerated, a binary file is not.
    private const double MaxInvalidUtf8Ratio = 0.001;

    public static string Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new CorpusException(path, "file not found.");
        }

        var read = BoundedFile.Read(path, Corpus.MaxFileBytes);
        if (read.Binary)
        {
            throw new CorpusException(path, "file is binary (contains NUL bytes), expected UTF-8 text.");
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

        var text = new UTF8Encoding(false, false).GetString(bytes);
        var invalid = 0;
        foreach (var c in text)
        {
            if (c == '\uFFFD')
            {
                invalid++;
            }
        }

        if (invalid > MaxInvalidUtf8Ratio * text.Length)
        {
            throw new CorpusException(path, $"file is binary ({invalid} invalid UTF-8 sequences in {bytes.Length} bytes), expected UTF-8 text.");
        }

        if (text.Trim().Length == 0)
        {
            throw new CorpusException(path, "file holds only whitespace.");
        }

        return text;
    }
}
