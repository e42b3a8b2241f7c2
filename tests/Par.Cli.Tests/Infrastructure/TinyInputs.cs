using System.IO;
using System.Linq;

namespace Par.Cli.Tests.Infrastructure;

/// <summary>The smallest inputs a real training run accepts: a WikiText-style text folder of a few KB and a 3-layer model.</summary>
internal static class TinyInputs
{
    // A value runs to the end of its line, so entries on one line are separated by ';'.
    public const string TinyModel = "model Tiny { layout = s f f; d_model = 16; heads = 2; d_ff = 32; context = 8; memory = 8; dropout = 0 }\n";

    /// <summary>The smallest space a search accepts: three searched layers at the tiny model's widths.</summary>
    public const string TinySpace = "model Space { layout = [sf-]x3; d_model = 16; heads = 2; d_ff = 32; context = 8; memory = 8; dropout = 0 }\n";

    private static readonly string[] Sentences =
    [
        "Call me Ishmael.",
        "Some years ago, never mind how long precisely, I thought I would sail about a little.",
        "It is a way I have of driving off the spleen and regulating the circulation.",
        "Whenever I find myself growing grim about the mouth, I account it high time to get to sea.",
        "There now is your insular city of the Manhattoes, belted round by wharves.",
    ];

    /// <summary>Writes train.txt (about 4 KB), valid.txt and test.txt (about 1 KB each) under <paramref name="folder"/>/<paramref name="name"/>.</summary>
    public static string WriteCorpus(TemporaryFolder folder, string name = "corpus")
    {
        folder.Write(Path.Combine(name, "train.txt"), Text(lines: 60, offset: 0));
        folder.Write(Path.Combine(name, "valid.txt"), Text(lines: 15, offset: 1));
        folder.Write(Path.Combine(name, "test.txt"), Text(lines: 15, offset: 2));
        return folder.File(name);
    }

    public static string WriteModel(TemporaryFolder folder) => folder.Write("Tiny.par", TinyModel);

    private static string Text(int lines, int offset) =>
        string.Join("\n", Enumerable.Range(offset, lines).Select(i => Sentences[i % Sentences.Length])) + "\n";
}
