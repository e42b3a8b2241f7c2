using System;

namespace Par.Dsl.Diagnostics;

/// <summary>
/// A problem found in a <c>.par</c> text, as data. <see cref="Line"/> and <see cref="Column"/> are
/// 1-based (what editors and build logs show); <see cref="Offset"/> and <see cref="Length"/> are the
/// 0-based character span in the text, which Roslyn locations need.
/// </summary>
public sealed record ParDiagnostic(
    string Id,
    ParSeverity Severity,
    string Message,
    int Offset,
    int Length,
    int Line,
    int Column,
    int EndLine,
    int EndColumn) : IComparable<ParDiagnostic>
{
    public int CompareTo(ParDiagnostic? other) =>
        other is null ? 1 : Offset != other.Offset ? Offset.CompareTo(other.Offset) : string.CompareOrdinal(Id, other.Id);

    public override string ToString() => $"({Line},{Column}): {Severity.ToString().ToLowerInvariant()} {Id}: {Message}";
}
