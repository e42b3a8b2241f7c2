using System;
using System.Collections.Generic;
using System.Linq;
using Par.Dsl.Diagnostics;
using Par.Dsl.Model;
using Par.Dsl.Validation;

namespace Par.Dsl.Parsing;

/// <summary>
/// Turns layout text into layers: syntax (via <see cref="LayoutGrammar"/>), block letters, repeat counts,
/// and the size bound, which is checked with saturating arithmetic before anything is expanded.
/// </summary>
internal static class LayoutBuilder
{
    public static BuiltLayout? Build(string text, int start, int length, DiagnosticBag diagnostics)
    {
        var layoutText = text.Substring(start, length);
        var trimmedLength = layoutText.Trim().Length;
        if (trimmedLength == 0)
        {
            diagnostics.Report(ParDiagnosticIds.EmptyLayout, "The layout is empty; write blocks such as (sf)x16 or s s f s f f f f.", start, 0);
            return null;
        }

        if (!NestingIsShallow(layoutText, start, diagnostics))
        {
            return null;
        }

        var trimmedStart = start + (layoutText.Length - layoutText.TrimStart().Length);
        var result = LayoutGrammar.TryParse(layoutText);
        if (!result.WasSuccessful)
        {
            ReportSyntaxError(layoutText, start, result.Remainder.Position, result.Expectations, diagnostics);
            return null;
        }

        var items = result.Value.ToList();
        var errorsBefore = diagnostics.ErrorCount;
        foreach (var item in items)
        {
            CheckBlocks(item, start, insideChoice: false, diagnostics);
        }

        if (diagnostics.ErrorCount > errorsBefore)
        {
            return null;
        }

        var layerCount = items.Aggregate(0L, (total, item) => SaturatingAdd(total, CountLayers(item)));
        if (layerCount > Limits.MaxLayers)
        {
            diagnostics.Report(
                ParDiagnosticIds.LayoutTooLarge,
                $"The layout expands to more than {Limits.MaxLayers:N0} layers, the most Par supports; use smaller repeat counts.",
                trimmedStart,
                trimmedLength);
            return null;
        }

        var layers = new List<Layer>((int)layerCount);
        var offsets = new List<int>((int)layerCount);
        foreach (var item in items)
        {
            Expand(item, start, layers, offsets);
        }

        return new BuiltLayout(layers.ToEquatableArray(), offsets.ToArray(), trimmedStart, trimmedLength);
    }

    private static bool NestingIsShallow(string layoutText, int start, DiagnosticBag diagnostics)
    {
        var depth = 0;
        for (var index = 0; index < layoutText.Length; index++)
        {
            var character = layoutText[index];
            if (character is '(' or '[')
            {
                depth++;
                if (depth > Limits.MaxNestingDepth)
                {
                    diagnostics.Report(ParDiagnosticIds.SyntaxError, $"Groups nest more than {Limits.MaxNestingDepth} levels deep; flatten the layout.", start + index, 1);
                    return false;
                }
            }
            else if (character is ')' or ']')
            {
                depth = Math.Max(0, depth - 1);
            }
        }

        return true;
    }

    private static void ReportSyntaxError(string layoutText, int start, int position, IEnumerable<string> expectations, DiagnosticBag diagnostics)
    {
        var atEnd = position >= layoutText.Length;
        var previous = layoutText.Substring(0, position).TrimEnd();
        var closesEmpty = previous.Length > 0 && !atEnd && (previous[previous.Length - 1], layoutText[position]) is ('(', ')') or ('[', ']');
        var expected = DescribeExpectations(expectations);
        var insideGroupOrChoice = expected.Contains("')'") || expected.Contains("']'");
        var message = atEnd
            ? $"The layout ends too early; expected {expected}."
            : closesEmpty
            ? "An empty group or choice needs at least one block, as in (sf) or [sf-]."
            : layoutText[position] switch
            {
                ')' when !insideGroupOrChoice => "Unexpected ')' in the layout: it closes no group.",
                ']' when !insideGroupOrChoice => "Unexpected ']' in the layout: it closes no choice.",
                >= '0' and <= '9' => $"Unexpected '{layoutText[position]}' in the layout; a repeat count is written right after a block, choice or group, as in (sf)x16.",
                _ => $"Unexpected {Describe(layoutText[position])} in the layout; expected {expected}.",
            };
        diagnostics.Report(ParDiagnosticIds.SyntaxError, message, start + position, atEnd ? 0 : 1);
    }

    private static string DescribeExpectations(IEnumerable<string> expectations)
    {
        var distinct = expectations
            .Where(expectation => !string.IsNullOrEmpty(expectation) && expectation != "whitespace")
            .Select(expectation => expectation.Length == 1 ? $"'{expectation}'" : expectation)
            .Distinct()
            .ToList();
        return distinct.Count == 0
            ? "a block (s or f), a choice such as [sf-] or a group such as (sf)x16"
            : string.Join(" or ", distinct);
    }

    internal static string Describe(char character) =>
        char.IsControl(character) || char.IsSurrogate(character) || char.IsWhiteSpace(character)
            ? $"character U+{(int)character:X4}"
            : $"'{character}'";

    private static void CheckBlocks(LayoutNode node, int start, bool insideChoice, DiagnosticBag diagnostics)
    {
        switch (node)
        {
            case BlockNode { Letter: 's' or 'f' }:
                break;
            case BlockNode { Letter: '-' } identity when !insideChoice:
                diagnostics.Report(
                    ParDiagnosticIds.IdentityOutsideChoice,
                    "The identity block '-' does nothing on its own; use it inside a choice such as [sf-], or remove it.",
                    start + identity.Offset,
                    1);
                break;
            case BlockNode { Letter: '-' }:
                break;
            case BlockNode unknown:
                var hint = unknown.Letter == 'x'
                    ? " A repeat count is written x followed by digits right after a block, choice or group, as in (sf)x16."
                    : string.Empty;
                diagnostics.Report(
                    ParDiagnosticIds.UnknownBlock,
                    $"{Describe(unknown.Letter)} is not a block; use s (self-attention) or f (feed-forward).{hint}",
                    start + unknown.Offset,
                    1);
                break;
            case ChoiceNode choice:
                foreach (var candidate in choice.Candidates)
                {
                    CheckBlocks(candidate, start, insideChoice: true, diagnostics);
                }

                if (choice.Candidates.All(candidate => candidate.Letter == '-'))
                {
                    diagnostics.Report(
                        ParDiagnosticIds.IdentityOutsideChoice,
                        "A choice of only the identity '-' is a layer that does nothing; add s or f to the choice, or remove it.",
                        start + choice.Offset,
                        choice.Length);
                }

                break;
            case GroupNode group:
                foreach (var item in group.Items)
                {
                    CheckBlocks(item, start, insideChoice, diagnostics);
                }

                break;
            case RepeatNode repeat:
                CheckBlocks(repeat.Body, start, insideChoice, diagnostics);
                if (repeat.CountDigits.All(digit => digit == '0'))
                {
                    diagnostics.Report(
                        ParDiagnosticIds.InvalidRepeatCount,
                        "A repeat count of 0 would remove the repeated layers; use a count of at least 1, or delete them.",
                        start + repeat.CountOffset,
                        repeat.CountDigits.Length);
                }

                break;
        }
    }

    /// <summary>Layer count, saturated just above <see cref="Limits.MaxLayers"/> so no input can overflow it.</summary>
    private static long CountLayers(LayoutNode node) => node switch
    {
        GroupNode group => group.Items.Aggregate(0L, (total, item) => SaturatingAdd(total, CountLayers(item))),
        RepeatNode repeat => Math.Min(Limits.MaxLayers + 1L, CountLayers(repeat.Body) * RepeatCount(repeat)),
        _ => 1,
    };

    private static long RepeatCount(RepeatNode repeat)
    {
        var digits = repeat.CountDigits.TrimStart('0');
        return digits.Length > 6 ? Limits.MaxLayers + 1L : Math.Min(Limits.MaxLayers + 1L, long.Parse(digits.Length == 0 ? "0" : digits, System.Globalization.CultureInfo.InvariantCulture));
    }

    private static long SaturatingAdd(long left, long right) => Math.Min(Limits.MaxLayers + 1L, left + right);

    private static void Expand(LayoutNode node, int start, List<Layer> layers, List<int> offsets)
    {
        switch (node)
        {
            case BlockNode block:
                layers.Add(Layer.Fixed(BlockKindExtensions.FromLetter(block.Letter)));
                offsets.Add(start + block.Offset);
                break;
            case ChoiceNode choice:
                layers.Add(new Layer(choice.Candidates.Select(candidate => BlockKindExtensions.FromLetter(candidate.Letter)).ToEquatableArray()));
                offsets.Add(start + choice.Offset);
                break;
            case GroupNode group:
                foreach (var item in group.Items)
                {
                    Expand(item, start, layers, offsets);
                }

                break;
            case RepeatNode repeat:
                var count = RepeatCount(repeat);
                for (var copy = 0; copy < count; copy++)
                {
                    Expand(repeat.Body, start, layers, offsets);
                }

                break;
        }
    }

}
