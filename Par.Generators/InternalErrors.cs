using System;
using System.IO;
using Par.Dsl.Diagnostics;
using Par.Generators.Model;

namespace Par.Generators;

/// <summary>
/// The generator never throws into the compiler (which would only say "generator failed" and drop all
/// output): per-file work runs behind these guards, and a failure becomes PAR9999 naming the file.
/// </summary>
internal static class InternalErrors
{
    /// <summary>Runs <paramref name="work"/>; an exception other than cancellation becomes <paramref name="onFailure"/>'s result.</summary>
    public static T Guard<T>(string filePath, Func<T> work, Func<DiagnosticInfo, T> onFailure)
    {
        try
        {
            return work();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return onFailure(Describe(filePath, exception));
        }
    }

    public static DiagnosticInfo Describe(string filePath, Exception exception) => DiagnosticInfo.ForFile(
        ParDiagnosticIds.InternalError,
        $"Par.Generators failed on {Path.GetFileName(filePath)}: {exception.GetType().Name}: {exception.Message}",
        filePath);
}
