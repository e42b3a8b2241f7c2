using System.Linq;
using Par.Dsl.Diagnostics;

namespace Par.Dsl.Model;

/// <summary>
/// What one <c>.par</c> file says: an optional namespace, its models, and every diagnostic found
/// while parsing and validating it. Parsing never throws; failures are diagnostics.
/// </summary>
public sealed record ParDocument(string? Namespace, EquatableArray<ParModel> Models, EquatableArray<ParDiagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(diagnostic => diagnostic.Severity == ParSeverity.Error);
}
