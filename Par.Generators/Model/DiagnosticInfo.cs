using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Par.Dsl.Diagnostics;

namespace Par.Generators.Model;

/// <summary>
/// A diagnostic as plain data. Roslyn's <see cref="Diagnostic"/> and <see cref="Location"/> are not
/// value-equal, so the pipeline carries this instead and builds the real diagnostic only when reporting
/// (<see cref="DiagnosticReporting.ToDiagnostic"/>).
/// </summary>
internal sealed record DiagnosticInfo(string Id, string Message, string? FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    /// <summary>A DSL diagnostic, converted from its 1-based line/column to Roslyn's 0-based positions.</summary>
    public static DiagnosticInfo FromPar(ParDiagnostic diagnostic, string filePath) => new(
        diagnostic.Id,
        diagnostic.Message,
        filePath,
        new TextSpan(Clamp(diagnostic.Offset), Clamp(diagnostic.Length)),
        new LinePositionSpan(
            new LinePosition(Clamp(diagnostic.Line - 1), Clamp(diagnostic.Column - 1)),
            new LinePosition(Clamp(diagnostic.EndLine - 1), Clamp(diagnostic.EndColumn - 1))));

    /// <summary>A diagnostic about a whole file (reported at its first character).</summary>
    public static DiagnosticInfo ForFile(string id, string message, string filePath) =>
        new(id, message, filePath, default, default);

    /// <summary>A diagnostic about the project (a build property), with no source location.</summary>
    public static DiagnosticInfo ForProject(string id, string message) =>
        new(id, message, null, default, default);

    // Positions come from another component; a bad one must not make Roslyn throw.
    private static int Clamp(int value) => value < 0 ? 0 : value;
}
