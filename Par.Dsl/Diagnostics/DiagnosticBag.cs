using System;
using System.Collections.Generic;
using System.Linq;

namespace Par.Dsl.Diagnostics;

/// <summary>Collects diagnostics for one text, clamping every span into the text and filling in lines and columns.</summary>
internal sealed class DiagnosticBag
{
    private readonly SourceText source;
    private readonly List<ParDiagnostic> diagnostics = new();

    public DiagnosticBag(SourceText source) => this.source = source;

    public int ErrorCount { get; private set; }

    public void Report(string id, string message, int offset, int length)
    {
        var textLength = source.Text.Length;
        var start = Math.Max(0, Math.Min(offset, textLength));
        var end = Math.Max(start, Math.Min(start + Math.Max(0, length), textLength));
        var (line, column) = source.PositionOf(start);
        var (endLine, endColumn) = source.PositionOf(end);
        var severity = ParDiagnosticCatalog.Find(id)?.DefaultSeverity ?? ParSeverity.Error;
        if (severity == ParSeverity.Error)
        {
            ErrorCount++;
        }

        diagnostics.Add(new ParDiagnostic(id, severity, message, start, end - start, line, column, endLine, endColumn));
    }

    public IReadOnlyList<ParDiagnostic> Sorted() =>
        diagnostics.OrderBy(diagnostic => diagnostic.Offset).ThenBy(diagnostic => diagnostic.Id, StringComparer.Ordinal).ToList();
}
