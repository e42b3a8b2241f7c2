namespace Par.Dsl.Diagnostics;

/// <summary>What a diagnostic id means: the generator maps it to a Roslyn descriptor, the README to a table row.</summary>
public sealed record ParDiagnosticDescriptor(string Id, string Title, ParSeverity DefaultSeverity, string Description);
