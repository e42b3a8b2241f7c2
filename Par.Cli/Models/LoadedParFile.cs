using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Par.Dsl;
using Par.Dsl.Diagnostics;
using Par.Dsl.Model;
using Par.Dsl.Parsing;
using Par.Runtime.Files;

namespace Par.Cli.Models;

/// <summary>A <c>.par</c> file read from disk and parsed, with its diagnostics.</summary>
internal sealed record LoadedParFile(string Path, string Text, ParDocument Document)
{
    public static LoadedParFile Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new UsageException(Directory.Exists(path)
                ? $"'{path}' is a folder; pass a .par file."
                : $"no such .par file: '{path}'.");
        }

        var read = BoundedFile.Read(path, Limits.MaxFileBytes);
        if (read.TooLarge)
        {
            throw new UsageException($"'{path}' is larger than the {BoundedFile.Describe(Limits.MaxFileBytes)} limit for .par files (Limits.MaxFileBytes).");
        }

        if (read.Binary)
        {
            throw new UsageException($"'{path}' is a binary file, not a .par text file.");
        }

        // UTF-8, a byte order mark dropped as File.ReadAllText would.
        using var reader = new StreamReader(new MemoryStream(read.Bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var text = reader.ReadToEnd();

        return new LoadedParFile(path, text, ParParser.Parse(text, System.IO.Path.GetFileName(path)));
    }

    /// <summary>Diagnostics in the compiler's format, so editors and CI annotate the right line.</summary>
    public IEnumerable<string> FormatDiagnostics(ParSeverity minimum = ParSeverity.Info) =>
        Document.Diagnostics
            .Where(diagnostic => diagnostic.Severity >= minimum)
            .Select(diagnostic =>
                $"{Path}({diagnostic.Line},{diagnostic.Column}): {diagnostic.Severity.ToString().ToLowerInvariant()} {diagnostic.Id}: {diagnostic.Message}");

    /// <summary>Fails with every error when the file has errors; otherwise returns it.</summary>
    public LoadedParFile RequireValid()
    {
        if (Document.HasErrors)
        {
            throw new UsageException(string.Join("\n", FormatDiagnostics(ParSeverity.Error)));
        }

        return this;
    }

    /// <summary>The model named <paramref name="name"/>, or the file's only (or first) model.</summary>
    public ParModel SelectModel(string? name)
    {
        RequireValid();
        if (Document.Models.Count == 0)
        {
            throw new UsageException($"'{Path}' defines no model.");
        }

        if (name is null)
        {
            return Document.Models[0];
        }

        return Document.Models.FirstOrDefault(model => model.Name == name)
            ?? throw new UsageException(
                $"'{Path}' has no model named '{name}'; it has: {string.Join(", ", Document.Models.Select(model => model.Name))}.");
    }
}
