using Microsoft.CodeAnalysis;
using Par.Generators.Model;

namespace Par.Generators;

/// <summary>
/// Turns the pipeline's diagnostic data into Roslyn diagnostics when they are reported. It lives beside
/// <see cref="DiagnosticDescriptors"/>, not in the model, so that the model depends on nothing of the pipeline.
/// </summary>
internal static class DiagnosticReporting
{
    public static Diagnostic ToDiagnostic(this DiagnosticInfo info)
    {
        var location = info.FilePath is null ? Location.None : Location.Create(info.FilePath, info.Span, info.LineSpan);
        return DiagnosticDescriptors.Find(info.Id) is { } descriptor
            ? Diagnostic.Create(descriptor, location, info.Message)
            : Diagnostic.Create(DiagnosticDescriptors.InternalError, location, $"unknown diagnostic id {info.Id}: {info.Message}");
    }
}
