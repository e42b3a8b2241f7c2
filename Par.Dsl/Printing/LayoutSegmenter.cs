using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Par.Dsl.Model;

namespace Par.Dsl.Printing;

/// <summary>
/// Chooses the canonical compressed form of a layout by dynamic programming over layer positions.
/// A token is either a run of bare layers (<c>ssfs</c>) or a repetition of a bare unit (<c>(sff)x5</c>,
/// <c>(f)x8</c>, <c>[sf-]x32</c>). The cost compared is, in order:
/// 1. printed characters, with a repeat count costing one character however many digits it has, so where
///    a repetition ends never depends on whether its count reaches 10 (counting digits would print the
///    Sandwich layout as <c>(s)x7 (fs)x9 (f)x7</c> instead of the paper's <c>(s)x6 (sf)x10 (f)x6</c>);
/// 2. fewer tokens; 3. a repetition before bare letters; 4. the repetition covering fewer layers; 5. the shorter unit.
/// Units are at most <see cref="MaxUnitLength"/> layers and only the <see cref="CountsTried"/> largest counts
/// of each unit are tried, which keeps printing linear in the layer count.
/// </summary>
internal static class LayoutSegmenter
{
    public const int MaxUnitLength = 64;
    public const int CountsTried = 4;

    public static string Print(IReadOnlyList<Layer> layout)
    {
        var count = layout.Count;
        var symbols = layout.Select(SymbolOf).ToArray();
        var codes = layout.Select(CodeOf).ToArray();
        var letterTotals = new int[count + 1];
        for (var position = 0; position < count; position++)
        {
            letterTotals[position + 1] = letterTotals[position] + symbols[position].Length;
        }

        var best = new Option[count + 1, 2];
        var periodRun = new int[MaxUnitLength + 1];
        for (var position = count - 1; position >= 0; position--)
        {
            // periodRun[u] = how many layers from here on equal the layer u positions later.
            for (var unit = 1; unit <= MaxUnitLength; unit++)
            {
                periodRun[unit] = position + unit < count && codes[position] == codes[position + unit] ? periodRun[unit] + 1 : 0;
            }

            // The best repetition starting here does not depend on whether a bare run is open before it.
            Option? bestRepetition = null;
            for (var unit = 1; unit <= Math.Min(MaxUnitLength, (count - position) / 2); unit++)
            {
                var unitCost = unit == 1 && symbols[position].Length > 1
                    ? symbols[position].Length
                    : letterTotals[position + unit] - letterTotals[position] + 2;
                var maxRepeats = (unit + periodRun[unit]) / unit;
                if (maxRepeats < 2 || !IsPrimitive(unit, periodRun))
                {
                    continue;
                }

                for (var repeats = maxRepeats; repeats >= Math.Max(2, maxRepeats - CountsTried + 1); repeats--)
                {
                    var rest = best[position + (unit * repeats), 0];
                    var candidate = new Option(unitCost + 1 + rest.Cost, 1 + rest.Tokens, unit, repeats);
                    if (bestRepetition is null || candidate.IsBetterThan(bestRepetition.Value))
                    {
                        bestRepetition = candidate;
                    }
                }
            }

            for (var bareRunOpen = 0; bareRunOpen <= 1; bareRunOpen++)
            {
                var next = best[position + 1, 1];
                var bare = new Option(symbols[position].Length + next.Cost, (bareRunOpen == 1 ? 0 : 1) + next.Tokens, Unit: 0, Repeats: 0);
                best[position, bareRunOpen] = bestRepetition is { } repetition && repetition.IsBetterThan(bare) ? repetition : bare;
            }
        }

        return Render(symbols, best);
    }

    private static string Render(string[] symbols, Option[,] best)
    {
        var tokens = new List<string>();
        var bare = new StringBuilder();
        var position = 0;
        var bareRunOpen = 0;
        while (position < symbols.Length)
        {
            var option = best[position, bareRunOpen];
            if (option.Repeats == 0)
            {
                bare.Append(symbols[position]);
                position++;
                bareRunOpen = 1;
                continue;
            }

            if (bare.Length > 0)
            {
                tokens.Add(bare.ToString());
                bare.Clear();
            }

            var unitText = string.Concat(symbols.Skip(position).Take(option.Unit));
            var isSingleChoice = option.Unit == 1 && unitText.StartsWith("[", StringComparison.Ordinal);
            tokens.Add((isSingleChoice ? unitText : "(" + unitText + ")") + "x" + option.Repeats.ToString(System.Globalization.CultureInfo.InvariantCulture));
            position += option.Unit * option.Repeats;
            bareRunOpen = 0;
        }

        if (bare.Length > 0)
        {
            tokens.Add(bare.ToString());
        }

        return string.Join(" ", tokens);
    }

    /// <summary>
    /// False when the unit is itself a repetition of a shorter unit ((ff)x4 is (f)x8 with more letters), so it can
    /// never be the cheapest choice; skipping such units keeps uniform layouts fast.
    /// </summary>
    private static bool IsPrimitive(int unit, int[] periodRun)
    {
        for (var divisor = 1; divisor <= unit / 2; divisor++)
        {
            if (unit % divisor == 0 && periodRun[divisor] >= unit - divisor)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A layer as a small integer (its candidate set as bits), so comparing layers is cheap.</summary>
    private static int CodeOf(Layer layer) => layer.Candidates.Aggregate(0, (code, candidate) => code | (1 << (int)candidate));

    private static string SymbolOf(Layer layer) => layer.IsChoice
        ? "[" + string.Concat(layer.Candidates.Select(candidate => candidate.Letter())) + "]"
        : layer.Block.Letter().ToString();

    /// <summary>The best way to print the layers from one position on; Repeats == 0 means "this layer bare".</summary>
    private readonly record struct Option(int Cost, int Tokens, int Unit, int Repeats)
    {
        public bool IsBetterThan(Option other)
        {
            if (Cost != other.Cost)
            {
                return Cost < other.Cost;
            }

            if (Tokens != other.Tokens)
            {
                return Tokens < other.Tokens;
            }

            if ((Repeats == 0) != (other.Repeats == 0))
            {
                return Repeats != 0;
            }

            var layers = Unit * Repeats;
            var otherLayers = other.Unit * other.Repeats;
            return layers != otherLayers ? layers < otherLayers : Unit < other.Unit;
        }
    }
}
