using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Par.Dsl.Counting;
using Par.Dsl.Diagnostics;
using Par.Dsl.Model;
using Par.Dsl.Parsing;
using Par.Dsl.Printing;
using Par.Dsl.Validation;
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
            return TypeNameRules.IsValidNamespace(value)
                ? new ProjectConfig(value, EquatableArray<DiagnosticInfo>.Empty)
                : new ProjectConfig(null, new[]
                {
                    DiagnosticInfo.ForProject(
                        ParDiagnosticIds.InvalidIdentifier,
                        $"RootNamespace '{value}' is not a valid C# namespace ({TypeNameRules.CheckNamespace(value).First().Message}); Par models without a namespace go to the global namespace."),
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

            // The file's own namespace statement wins, then the ParNamespace item metadata, then RootNamespace; the
            // parser checks the full type names against the namespace the models go to.
            var metadata = input.NamespaceMetadata;
            var metadataIsValid = metadata is not null && TypeNameRules.IsValidNamespace(metadata);
            var outerNamespace = metadataIsValid ? metadata : config.RootNamespace;
            var document = ParParser.Parse(text.ToString(), file.Path, outerNamespace);
            var diagnostics = document.Diagnostics.Select(diagnostic => DiagnosticInfo.FromPar(diagnostic, file.Path)).ToList();
            var ownNamespace = !string.IsNullOrEmpty(document.Namespace);
            if (!ownNamespace && metadata is not null && !metadataIsValid)
            {
                diagnostics.Add(DiagnosticInfo.ForFile(
                    ParDiagnosticIds.InvalidIdentifier,
                    $"ParNamespace '{metadata}' is not a valid C# namespace: {TypeNameRules.CheckNamespace(metadata).First().Message}",
                    file.Path));
            }

            var targetNamespace = ownNamespace ? document.Namespace : outerNamespace;

            // Classes in a namespace the parser refused would only add the compiler's errors to Par's.
            var models = new List<ModelSpec>();
            foreach (var model in ownNamespace && !TypeNameRules.IsValidNamespace(document.Namespace!) ? [] : document.Models)
            {
                cancellationToken.ThrowIfCancellationRequested();
                models.Add(new ModelSpec(model, ParPrinter.PrintLayout(model.Layout), ParameterCounter.Count(model)));
            }

            return new ParFileResult(
                new ParFileModel(file.Path, targetNamespace, models.ToEquatableArray()),
                diagnostics.ToEquatableArray());
        }
    }
}
