using System;
using System.IO;
using System.Linq;

namespace Par.Runtime.Data;

/// <summary>
/// The raw text of a training, a validation and a test split.
/// <para>
/// <see cref="Load"/> accepts either a folder in WikiText layout (<c>train.txt</c>, <c>valid.txt</c>,
/// <c>test.txt</c>) or a single text file, which is split deterministically at line boundaries:
/// the first 90% of lines train, the next 5% validate, the last 5% test (each split gets at least one line).
/// </para>
/// </summary>
public sealed record Corpus(string Train, string Valid, string Test, string Source)
{
    public const string TrainFileName = "train.txt";
    public const string ValidFileName = "valid.txt";
    public const string TestFileName = "test.txt";

    /// <summary>
    /// The largest corpus file (512 MiB; enwik8 is 100 MB). Text, tokens and the split are all in memory, about ten bytes
    /// per byte of text at the peak, so a larger file is refused with its name rather than exhausting memory.
    /// </summary>
    public const long MaxFileBytes = 512L << 20;

    /// <summary>Loads a WikiText-style folder or splits a single file; see the type's remarks.</summary>
    public static Corpus Load(string path) =>
        Directory.Exists(path) ? LoadFolder(path)
        : File.Exists(path) ? LoadSingleFile(path)
        : throw new CorpusException(path, "no such folder or file.");

    /// <summary>Loads <c>train.txt</c>, <c>valid.txt</c> and <c>test.txt</c> from <paramref name="folder"/>.</summary>
    public static Corpus LoadFolder(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new CorpusException(folder, "folder not found.");
        }

        return new Corpus(
            TextFileReader.Read(Path.Combine(folder, TrainFileName)),
            TextFileReader.Read(Path.Combine(folder, ValidFileName)),
            TextFileReader.Read(Path.Combine(folder, TestFileName)),
            folder);
    }

    /// <summary>Splits one file 90/5/5 by lines (see the type's remarks).</summary>
    public static Corpus LoadSingleFile(string file)
    {
        // A final newline ends the last line rather than starting an empty one.
        var lines = TextFileReader.Read(file).TrimEnd('\n').Split('\n');
        if (lines.Length < 3)
        {
            throw new CorpusException(file, $"needs at least 3 lines to split into train/valid/test, found {lines.Length}.");
        }

        var heldOut = Math.Max(2, (int)Math.Round(lines.Length * 0.10));
        var validCount = Math.Max(1, heldOut / 2);
        var trainCount = lines.Length - heldOut;
        return new Corpus(
            Join(lines.Take(trainCount)),
            Join(lines.Skip(trainCount).Take(validCount)),
            Join(lines.Skip(trainCount + validCount)),
            file);
    }

    private static string Join(System.Collections.Generic.IEnumerable<string> lines) => string.Join("\n", lines);
}
