using System;
using System.Collections.Generic;

namespace Par.Dsl.Diagnostics;

/// <summary>
/// The text being parsed with its line starts, so any 0-based offset maps to a 1-based line and column.
/// Only '\n' breaks lines (a '\r' before it counts as the last column of its line), as in Sprache.
/// </summary>
internal sealed class SourceText
{
    private readonly int[] lineStarts;

    public SourceText(string text)
    {
        Text = text;
        var starts = new List<int> { 0 };
        for (var index = 0; index < text.Length; index++)
        {
            if (text[index] == '\n')
            {
                starts.Add(index + 1);
            }
        }

        lineStarts = starts.ToArray();
    }

    public string Text { get; }

    public (int Line, int Column) PositionOf(int offset)
    {
        var lineIndex = Array.BinarySearch(lineStarts, offset);
        if (lineIndex < 0)
        {
            lineIndex = ~lineIndex - 1;
        }

        return (lineIndex + 1, offset - lineStarts[lineIndex] + 1);
    }
}
