using Par.Dsl.Model;

namespace Par.Generators.Model;

/// <summary>One parsed <c>.par</c> file: what to generate, and what to report (kept apart downstream).</summary>
internal sealed record ParFileResult(ParFileModel File, EquatableArray<DiagnosticInfo> Diagnostics);
