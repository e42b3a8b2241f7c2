using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using Par.Dsl;
using Par.Dsl.Model;
using Par.Dsl.Parsing;
using Par.Dsl.Printing;

namespace Par.Bench;

/// <summary>
/// How long the parser and printer take on the largest and most nested texts the Dsl tests feed them (the tests
/// check only that the results are right). Targets: a hostile text of under a thousand characters in 100 ms, a
/// huge one in 2 s, printing the largest layout in 500 ms. Each time is the fastest of five runs.
/// </summary>
internal static class ParserSpeed
{
    private const int Runs = 5;

    public static void Run()
    {
        Console.WriteLine($"## Parsing and printing the largest texts ({MachineDescription.Current()})");
        Console.WriteLine();
        Console.WriteLine("| operation | input | characters | fastest ms | target ms | met |");
        Console.WriteLine("|---|---|---|---|---|---|");
        var parses = new (string Name, string Text, int TargetMs)[]
        {
            ("nested repeats", "((((((((((sf)x9)x9)x9)x9)x9)x9)x9)x9)x9)x9", 100),
            ("1,000 nested parentheses", new string('(', 1000) + "s" + new string(')', 1000), 100),
            ("100,000 nested parentheses", new string('(', 100_000) + "s" + new string(')', 100_000), 2000),
            ("2,000 huge repeats", string.Concat(Enumerable.Repeat("(sf)x9999999999 ", 2000)), 2000),
            ("2,000 broken models", string.Concat(Enumerable.Repeat("model A { layout = s q }\n", 2000)), 2000),
            ("12,000 layers", string.Concat(Enumerable.Repeat("sf", 6000)), 2000),
            ("the most layers with choices", string.Concat(Enumerable.Repeat("s[sf-]f ", Limits.MaxLayers / 3)), 2000),
        };
        foreach (var (name, text, target) in parses)
        {
            Row("parse", name, text.Length, Fastest(() => ParParser.Parse(text, "Bench.par")), target);
        }

        // A multiplicative hash picks each layer: an irregular layout, not one pattern repeated.
        var scrambled = Enumerable.Range(0, Limits.MaxLayers)
            .Select(index => (((uint)index * 2654435761u >> 13) % 4) switch
            {
                0 => Layer.Fixed(BlockKind.SelfAttention),
                1 => Layer.Choice(BlockKind.SelfAttention, BlockKind.Identity),
                _ => Layer.Fixed(BlockKind.FeedForward),
            })
            .ToList();
        var uniform = Enumerable.Repeat(Layer.Fixed(BlockKind.FeedForward), Limits.MaxLayers).ToList();
        Row("print", $"{Limits.MaxLayers:N0} scrambled layers", ParPrinter.PrintLayout(scrambled).Length, Fastest(() => ParPrinter.PrintLayout(scrambled)), 500);
        Row("print", $"{Limits.MaxLayers:N0} feed-forward layers", ParPrinter.PrintLayout(uniform).Length, Fastest(() => ParPrinter.PrintLayout(uniform)), 500);
    }

    private static double Fastest(Func<object> operation)
    {
        operation();
        var fastest = double.MaxValue;
        for (var run = 0; run < Runs; run++)
        {
            var clock = Stopwatch.StartNew();
            operation();
            fastest = Math.Min(fastest, clock.Elapsed.TotalMilliseconds);
        }

        return fastest;
    }

    private static void Row(string operation, string input, int characters, double milliseconds, int targetMs) =>
        Console.WriteLine(string.Format(
            CultureInfo.InvariantCulture,
            "| {0} | {1} | {2:N0} | {3:F1} | {4} | {5} |",
            operation, input, characters, milliseconds, targetMs, milliseconds <= targetMs ? "yes" : "no"));
}
