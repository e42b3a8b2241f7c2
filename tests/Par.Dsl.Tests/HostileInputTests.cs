using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Par.Dsl.Diagnostics;
using Par.Dsl.Model;
using Par.Dsl.Parsing;

namespace Par.Dsl.Tests;

/// <summary>
/// Random and mutated text: the parser must not throw and must keep every diagnostic inside the text with lines
/// and columns that agree with the offsets. How fast it parses the largest of these is measured by bench/run parser.
/// </summary>
public class HostileInputTests
{
    private static readonly string[] Seeds =
    {
        "s s f s f f f f",
        "(sf)x16",
        "(s)x6 (sf)x10 (f)x6",
        "(sfff)x6 (f)x8 # PAR Base",
        "[sf-]x32",
        "((sf)x2 f)x3",
        "namespace Par.Models\n\nmodel ParBase {\n    layout = (sfff)x6 (f)x8\n    d_model = 512\n    heads = 8\n    d_ff = 2048\n    vocab = 256\n    context = 192\n    memory = 192\n    dropout = 0.1\n    attention = xl\n    tie_embeddings = true\n}\n\nmodel Search { layout = [sf-]x32; dropout = 0 }\n",
    };

    private static readonly string[] Fragments =
    {
        "model", "namespace", "layout", "=", "{", "}", ";", "#", "x", "x0", "x999999999999999999999", "(", ")", "[", "]", "-",
        "\n", "\r\n", "\t", " ", "s", "f", "q", "d_model", "heads", "dropout", "1e308", "NaN", "\u00e9", "\u0000", "\u0007",
        "\u200b", "\ud83d\ude00", "\ud800", "\u00a0", "\u0665", "\u2028", "ß", "class",
    };

    [Fact]
    public void Random_and_mutated_texts_never_throw_and_keep_positions_consistent()
    {
        var random = new Random(20200909);
        var inputs = new List<string>();
        for (var index = 0; index < 5000; index++)
        {
            inputs.Add(RandomText(random));
        }

        for (var index = 0; index < 6000; index++)
        {
            inputs.Add(Mutate(Seeds[random.Next(Seeds.Length)], random));
        }

        inputs.Add("((((((((((sf)x9)x9)x9)x9)x9)x9)x9)x9)x9)x9");
        inputs.Add(new string('(', 1000) + "s" + new string(')', 1000));

        ParParser.Parse(Seeds[6], "Warmup.par");
        foreach (var input in inputs)
        {
            CheckOne(input);
        }

        Assert.True(inputs.Count >= 10_000);
    }

    [Fact]
    public void Huge_inputs_finish_without_exhausting_stack_or_memory()
    {
        CheckOne(new string('(', 100_000) + "s" + new string(')', 100_000));
        CheckOne(string.Concat(Enumerable.Repeat("(sf)x9999999999 ", 2000)));
        CheckOne(string.Concat(Enumerable.Repeat("model A { layout = s q }\n", 2000)));
        CheckOne(string.Concat(Enumerable.Repeat("sf", 6000)));
        CheckOne(string.Concat(Enumerable.Repeat("s[sf-]f ", Limits.MaxLayers / 3)));
    }

    private static void CheckOne(string input)
    {
        ParDocument? document = null;
        try
        {
            document = ParParser.Parse(input, "Fuzz.par");
        }
        catch (Exception exception)
        {
            Assert.Fail($"Parse threw {exception} for input {Escape(input)}");
        }

        var diagnostics = document!.Diagnostics;
        Assert.Equal(diagnostics.OrderBy(diagnostic => diagnostic.Offset).Select(diagnostic => diagnostic.Offset), diagnostics.Select(diagnostic => diagnostic.Offset));
        foreach (var diagnostic in diagnostics)
        {
            Assert.True(diagnostic.Offset >= 0 && diagnostic.Length >= 0 && diagnostic.Offset + diagnostic.Length <= input.Length, $"{diagnostic} outside {Escape(input)}");
            Assert.True(PositionOf(input, diagnostic.Offset) == (diagnostic.Line, diagnostic.Column), $"{diagnostic} start disagrees with offset {diagnostic.Offset} in {Escape(input)}");
            Assert.True(PositionOf(input, diagnostic.Offset + diagnostic.Length) == (diagnostic.EndLine, diagnostic.EndColumn), $"{diagnostic} end disagrees in {Escape(input)}");
            Assert.DoesNotContain("bug in Par", diagnostic.Message);
            Assert.NotNull(ParDiagnosticCatalog.Find(diagnostic.Id));
        }

        if (!document.HasErrors)
        {
            Assert.All(document.Models, model => Assert.InRange(model.LayerCount, 1, Limits.MaxLayers));
        }
    }

    private static (int Line, int Column) PositionOf(string text, int offset)
    {
        var line = 1;
        var lineStart = 0;
        for (var index = 0; index < offset; index++)
        {
            if (text[index] == '\n')
            {
                line++;
                lineStart = index + 1;
            }
        }

        return (line, offset - lineStart + 1);
    }

    private static string RandomText(Random random)
    {
        var builder = new StringBuilder();
        var pieces = random.Next(0, 60);
        for (var piece = 0; piece < pieces; piece++)
        {
            builder.Append(random.Next(4) == 0 ? (char)random.Next(0, 0x3000) : Fragments[random.Next(Fragments.Length)]);
        }

        return builder.ToString();
    }

    private static string Mutate(string text, Random random)
    {
        var mutations = random.Next(1, 4);
        for (var mutation = 0; mutation < mutations && text.Length > 0; mutation++)
        {
            var at = random.Next(text.Length);
            var length = random.Next(1, Math.Min(12, text.Length - at) + 1);
            text = random.Next(5) switch
            {
                0 => text.Remove(at, length),
                1 => text.Insert(at, Fragments[random.Next(Fragments.Length)]),
                2 => text.Insert(at, ((char)random.Next(0, 0x10000)).ToString()),
                3 => text.Insert(at, text.Substring(at, length)),
                _ => text.Insert(at, new string('9', random.Next(1, 40))),
            };
        }

        return text;
    }

    private static string Escape(string text)
    {
        var shown = text.Length > 300 ? text.Substring(0, 300) + $"... ({text.Length} chars)" : text;
        return "\"" + string.Concat(shown.Select(character => char.IsControl(character) || char.IsSurrogate(character) ? $"\\u{(int)character:x4}" : character.ToString())) + "\"";
    }
}
