using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Par.Dsl.Counting;
using Par.Dsl.Diagnostics;
using Par.Dsl.Model;
using Par.Dsl.Parsing;
using Par.Dsl.Printing;
using Par.Generators.Model;

namespace Par.Generators;

public sealed partial class ParGenerator
{
    /// <summary>
    /// Turns inputs (a <c>.par</c> file, its MSBuild metadata, the project's properties) into equatable
    /// models. Every failure becomes diagnostic data; nothing here throws.
    /// </summary>
    internal static class Parser
    {
        private const string RootNamespaceProperty = "build_property.RootNamespace";
        private const string NamespaceMetadata = "build_metadata.AdditionalFiles.ParNamespace";

        public static ProjectConfig ReadProjectConfig(AnalyzerConfigOptions options)
        {
            if (!options.TryGetValue(RootNamespaceProperty, out var value) || string.IsNullOrWhiteSpace(value))
            {
                return new ProjectConfig(null, EquatableArray<DiagnosticInfo>.Empty);
            }

            value = value.Trim();
            return IsValidNamespace(value)
                ? new ProjectConfig(value, EquatableArray<DiagnosticInfo>.Empty)
                : new ProjectConfig(null, new[]
                {
                    DiagnosticInfo.ForProject(
                        ParDiagnosticIds.InvalidIdentifier,
                        $"RootNamespace '{value}' is not a valid C# namespace; Par models without a namespace go to the global namespace."),
                }.ToEquatableArray());
        }

        public static ParFileInput ReadFileInput(AdditionalText file, AnalyzerConfigOptions fileOptions) =>
            new(file, fileOptions.TryGetValue(NamespaceMetadata, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null);

        public static ParFileResult ParseFile(ParFileInput input, ProjectConfig config, CancellationToken cancellationToken) =>
            InternalErrors.Guard(
                input.File.Path,
                () => ParseFileUnguarded(input, config, cancellationToken),
                failure => new ParFileResult(
                    new ParFileModel(input.File.Path, null, EquatableArray<ModelSpec>.Empty),
                    new[] { failure }.ToEquatableArray()));

        private static ParFileResult ParseFileUnguarded(ParFileInput input, ProjectConfig config, CancellationToken cancellationToken)
        {
            var file = input.File;
            var text = file.GetText(cancellationToken)
                ?? throw new System.IO.IOException("the file could not be read");

            var document = ParParser.Parse(text.ToString(), file.Path);
            var diagnostics = document.Diagnostics.Select(diagnostic => DiagnosticInfo.FromPar(diagnostic, file.Path)).ToList();
            var targetNamespace = ResolveNamespace(document, input.NamespaceMetadata, config, file.Path, diagnostics);

            var models = new List<ModelSpec>();
            foreach (var model in document.Models)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (Emitter.DeclaredMemberNames.Contains(model.Name))
                {
                    diagnostics.Add(DiagnosticInfo.ForFile(
                        ParDiagnosticIds.InvalidIdentifier,
                        $"Model '{model.Name}' cannot be generated: its class would declare a member with its own name; rename the model.",
                        file.Path));
                    continue;
                }

                models.Add(new ModelSpec(model, ParPrinter.PrintLayout(model.Layout), ParameterCounter.Count(model)));
            }

            return new ParFileResult(
                new ParFileModel(file.Path, targetNamespace, models.ToEquatableArray()),
                diagnostics.ToEquatableArray());
        }

        /// <summary>The file's own <c>namespace</c> statement wins, then the ParNamespace item metadata, then RootNamespace.</summary>
        private static string? ResolveNamespace(ParDocument document, string? metadata, ProjectConfig config, string filePath, List<DiagnosticInfo> diagnostics)
        {
            if (!string.IsNullOrEmpty(document.Namespace))
            {
                return document.Namespace;
            }

            if (metadata is not null)
            {
                if (IsValidNamespace(metadata))
                {
                    return metadata;
                }

                diagnostics.Add(DiagnosticInfo.ForFile(
                    ParDiagnosticIds.InvalidIdentifier,
                    $"ParNamespace '{metadata}' is not a valid C# namespace.",
                    filePath));
            }

            return config.RootNamespace;
        }

        private static bool IsValidNamespace(string name) =>
            name.Split('.').All(part => SyntaxFacts.IsValidIdentifier(part) && SyntaxFacts.GetKeywordKind(part) == SyntaxKind.None);
    }
}
