using System;
using System.Collections.Generic;
using System.IO;

namespace Par.Runtime.Data;

/// <summary>
/// The raw bytes of a training, a validation and a test split (<see cref="CorpusSplit"/>).
/// <para>
/// <see cref="Load"/> accepts either a folder in WikiText layout (<c>train.txt</c>, <c>valid.txt</c>,
/// <c>test.txt</c>) or a single text file, which is split deterministically at line boundaries:
/// the first 90% of lines train, the next 5% validate, the last 5% test (each split gets at least one line).
/// </para>
/// </summary>
public sealed record Corpus(CorpusSplit Train, CorpusSplit Valid, CorpusSplit Test, string Source)
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

        return new Corpus(WholeFile(TrainFileName), WholeFile(ValidFileName), WholeFile(TestFileName), folder);

        CorpusSplit WholeFile(string name)
        {
            var path = Path.Combine(folder, name);
            return new CorpusSplit(path, 0, TextFileReader.Read(path));
        }
    }

    /// <summary>Splits one file 90/5/5 by lines (see the type's remarks).</summary>
    public static Corpus LoadSingleFile(string file)
    {
        var bytes = TextFileReader.Read(file);
        // A final newline ends the last line rather than starting an empty one.
        var end = bytes.Length;
        while (end > 0 && bytes[end - 1] == '\n')
        {
            end--;
        }

        var lineStarts = new List<int> { 0 };
        for (var i = 0; i < end; i++)
        {
            if (bytes[i] == '\n')
            {
                lineStarts.Add(i + 1);
            }
        }

        var lines = lineStarts.Count;
        if (lines < 3)
        {
            throw new CorpusException(file, $"needs at least 3 lines to split into train/valid/test, found {lines}.");
        }

        var heldOut = Math.Max(2, (int)Math.Round(lines * 0.10));
        var validCount = Math.Max(1, heldOut / 2);
        var trainCount = lines - heldOut;

        // Lines [first, first + count) without the newline that ends the last of them.
        CorpusSplit Lines(int first, int count, string part)
        {
            var begin = lineStarts[first];
            var stop = first + count < lines ? lineStarts[first + count] - 1 : end;
            return new CorpusSplit(file, begin, bytes[begin..stop], $"{part}: lines {first + 1}-{first + count}");
        }

        return new Corpus(
            Lines(0, trainCount, "training split"),
            Lines(trainCount, validCount, "validation split"),
            Lines(trainCount + validCount, lines - trainCount - validCount, "test split"),
            file);
    }
}
