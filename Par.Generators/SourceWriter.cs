using System;
using System.Text;

namespace Par.Generators;

/// <summary>
/// A small indented text writer for emitted C#: lines, blank lines and braced blocks, with newlines
/// normalized to <c>\n</c> so generated text (and its baselines) does not depend on the host OS.
/// </summary>
internal sealed class SourceWriter
{
    private const string IndentUnit = "    ";

    private readonly StringBuilder text = new();
    private int depth;

    public void WriteLine(string line)
    {
        for (var i = 0; i < depth; i++)
        {
            text.Append(IndentUnit);
        }

        text.Append(line).Append('\n');
    }

    public void WriteLine() => text.Append('\n');

    /// <summary>Writes <paramref name="header"/> (when given) and an opening brace; dispose to close it.</summary>
    public IDisposable Block(string? header = null, string closing = "}")
    {
        if (header is not null)
        {
            WriteLine(header);
        }

        WriteLine("{");
        depth++;
        return new BlockCloser(this, closing);
    }

    public override string ToString() => text.ToString();

    private sealed class BlockCloser(SourceWriter writer, string closing) : IDisposable
    {
        public void Dispose()
        {
            writer.depth--;
            writer.WriteLine(closing);
        }
    }
}
