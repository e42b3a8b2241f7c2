using System;
using System.Collections.Generic;
using Par.Dsl.Diagnostics;
using Par.Dsl.Model;
using Par.Dsl.Validation;

namespace Par.Dsl.Parsing;

/// <summary>
/// Parses <c>.par</c> text (grammar in docs/dsl.md) into a <see cref="ParDocument"/>. Never throws: every
/// problem, including an internal failure, is a diagnostic. Stateless, so safe to call from many threads.
/// <see cref="ParDocument.Models"/> holds the models that have no errors of their own.
/// </summary>
public static class ParParser
{
    /// <param name="text">The .par text.</param>
    /// <param name="fileName">Names the model of a layout-only file.</param>
    /// <param name="outerNamespace">
    /// The namespace the models go to when the text declares none (the generator's ParNamespace or RootNamespace),
    /// so that the length of the full type name is checked at the model's name; null for none.
    /// </param>
    public static ParDocument Parse(string text, string fileName, string? outerNamespace = null)
    {
        try
        {
            text ??= string.Empty;
            var diagnostics = new DiagnosticBag(new SourceText(text));
            if (IsTooLarge(text))
            {
                diagnostics.Report(ParDiagnosticIds.FileTooLarge, $"The text is larger than the {Limits.MaxFileBytes:N0}-byte limit for .par files; it was not parsed.", 0, 0);
                return new ParDocument(null, EquatableArray<ParModel>.Empty, diagnostics.Sorted().ToEquatableArray());
            }

            var masked = CommentMasker.Mask(text);
            return DocumentReader.IsDocument(masked)
                ? ParseDocument(masked, outerNamespace, diagnostics)
                : ParseLayoutFile(masked, fileName ?? string.Empty, outerNamespace, diagnostics);
        }
        catch (Exception exception)
        {
            // Built by hand, not through the bag, so that reporting the failure cannot fail too.
            var failure = new ParDiagnostic(
                ParDiagnosticIds.SyntaxError,
                ParSeverity.Error,
                $"Par failed to parse this text (this is a bug in Par, please report it): {exception.GetType().Name}: {exception.Message}",
                Offset: 0,
                Length: 0,
                Line: 1,
                Column: 1,
                EndLine: 1,
                EndColumn: 1);
            return new ParDocument(null, EquatableArray<ParModel>.Empty, new[] { failure }.ToEquatableArray());
        }
    }

    /// <summary>The model name a layout-only file gets: its file name without directory and extension, sanitized (see <see cref="CSharpIdentifier.Sanitize"/>).</summary>
    public static string ModelNameFromFileName(string fileName)
    {
        var withoutDirectory = fileName.Substring(Math.Max(fileName.LastIndexOf('/'), fileName.LastIndexOf('\\')) + 1);
        var extension = withoutDirectory.LastIndexOf('.');
        return CSharpIdentifier.Sanitize(extension > 0 ? withoutDirectory.Substring(0, extension) : withoutDirectory);
    }

    // Characters never outnumber UTF-8 bytes, so most texts are decided without counting bytes.
    private static bool IsTooLarge(string text) =>
        text.Length > Limits.MaxFileBytes || (text.Length > Limits.MaxFileBytes / 3 && System.Text.Encoding.UTF8.GetByteCount(text) > Limits.MaxFileBytes);

    internal static bool IsLayoutOnly(string text) => !DocumentReader.IsDocument(CommentMasker.Mask(text ?? string.Empty));

    private static ParDocument ParseLayoutFile(string masked, string fileName, string? outerNamespace, DiagnosticBag diagnostics)
    {
        var name = ModelNameFromFileName(fileName);
        var errorsBefore = diagnostics.ErrorCount;
        if ((TypeNameRules.CheckModelName(name) ?? TypeNameRules.CheckQualifiedName(outerNamespace, name)) is { } problem)
        {
            // There is no name token in the text: the problem is reported at its start.
            diagnostics.Report(
                problem.Id,
                $"{problem.Message} A layout-only file's model is named after the file ('{fileName}'): rename the file or write a 'model Name {{ layout = ... }}' block.",
                0,
                0);
        }

        var layout = LayoutBuilder.Build(masked, 0, masked.Length, diagnostics);
        var models = new List<ParModel>();
        if (layout is not null)
        {
            LayoutAdvisor.Advise(name, layout, diagnostics);
            if (diagnostics.ErrorCount == errorsBefore)
            {
                models.Add(new ParModel(name, layout.Layers, HyperParameters.Default));
            }
        }

        return new ParDocument(null, models.ToEquatableArray(), diagnostics.Sorted().ToEquatableArray());
    }

    private static ParDocument ParseDocument(string masked, string? outerNamespace, DiagnosticBag diagnostics)
    {
        var (namespaceName, syntaxes) = DocumentReader.Read(masked, diagnostics);
        var typeNamespace = namespaceName ?? outerNamespace;

        // A broken namespace is reported already; the length of a type name in it would be noise.
        var checkTypeNames = typeNamespace is null || TypeNameRules.IsValidNamespace(typeNamespace);
        var models = new List<ParModel>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var syntax in syntaxes)
        {
            var errorsBefore = diagnostics.ErrorCount;
            if ((TypeNameRules.CheckModelName(syntax.Name) ?? (checkTypeNames ? TypeNameRules.CheckQualifiedName(typeNamespace, syntax.Name) : null)) is { } problem)
            {
                diagnostics.Report(problem.Id, problem.Message, syntax.NameOffset + problem.Offset, problem.Length);
            }
            else if (!names.Add(syntax.Name))
            {
                diagnostics.Report(
                    ParDiagnosticIds.DuplicateModelName,
                    $"A model named '{syntax.Name}' is already defined in this file; give this one another name.",
                    syntax.NameOffset,
                    syntax.Name.Length);
            }

            var (hyperParameters, layoutEntry) = HyperParameterBinder.Bind(syntax.Entries, diagnostics);
            BuiltLayout? layout = null;
            if (layoutEntry is null)
            {
                diagnostics.Report(
                    ParDiagnosticIds.EmptyLayout,
                    $"The model '{syntax.Name}' has no layout; add a line such as layout = (sf)x16.",
                    syntax.NameOffset,
                    syntax.Name.Length);
            }
            else
            {
                layout = LayoutBuilder.Build(masked, layoutEntry.ValueOffset, layoutEntry.Value.Length, diagnostics);
            }

            if (layout is not null)
            {
                LayoutAdvisor.Advise(syntax.Name, layout, diagnostics);
                if (diagnostics.ErrorCount == errorsBefore && !syntax.HasSyntaxErrors)
                {
                    models.Add(new ParModel(syntax.Name, layout.Layers, hyperParameters));
                }
            }
        }

        return new ParDocument(namespaceName, models.ToEquatableArray(), diagnostics.Sorted().ToEquatableArray());
    }
}
