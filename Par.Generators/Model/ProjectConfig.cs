using Par.Dsl.Model;

namespace Par.Generators.Model;

/// <summary>
/// The project-wide MSBuild settings the generator reads (<c>build_property.*</c>), typed and validated.
/// A bad value becomes a diagnostic and the setting falls back to its default.
/// </summary>
/// <param name="RootNamespace">The project's <c>RootNamespace</c>, when set and valid.</param>
internal sealed record ProjectConfig(string? RootNamespace, EquatableArray<DiagnosticInfo> Diagnostics);
