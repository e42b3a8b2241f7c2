using System;
using Microsoft.CodeAnalysis;
using Par.Dsl.Model;
using Par.Generators.Model;

namespace Par.Generators;

/// <summary>
/// Turns every <c>.par</c> additional file into one TorchSharp module class per model. This file holds
/// the incremental pipeline alone; parsing lives in ParGenerator.Parser.cs and emitting in ParGenerator.Emitter.cs.
/// </summary>
/// <remarks>
/// Source and diagnostics are separate outputs: source depends only on position-free models, so adding
/// a comment to a <c>.par</c> file moves its diagnostics but regenerates nothing.
/// </remarks>
[Generator(LanguageNames.CSharp)]
public sealed partial class ParGenerator : IIncrementalGenerator
{
    /// <summary>Names of the pipeline steps, for <c>trackIncrementalGeneratorSteps</c> in tests.</summary>
    public static class TrackingNames
    {
        public const string ProjectConfig = nameof(ProjectConfig);
        public const string ParFiles = nameof(ParFiles);
        public const string ParFileInputs = nameof(ParFileInputs);
        public const string ParsedFiles = nameof(ParsedFiles);
        public const string FileModels = nameof(FileModels);
        public const string FileDiagnostics = nameof(FileDiagnostics);
        public const string ProjectDiagnostics = nameof(ProjectDiagnostics);
    }

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var projectConfig = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => Parser.ReadProjectConfig(options.GlobalOptions))
            .WithTrackingName(TrackingNames.ProjectConfig);

        var parFiles = context.AdditionalTextsProvider
            .Where(static file => file.Path.EndsWith(".par", StringComparison.OrdinalIgnoreCase))
            .WithTrackingName(TrackingNames.ParFiles);

        var parFileInputs = parFiles
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (input, _) => Parser.ReadFileInput(input.Left, input.Right.GetOptions(input.Left)))
            .WithTrackingName(TrackingNames.ParFileInputs);

        var parsedFiles = parFileInputs
            .Combine(projectConfig)
            .Select(static (input, cancellationToken) => Parser.ParseFile(input.Left, input.Right, cancellationToken))
            .WithTrackingName(TrackingNames.ParsedFiles);

        var fileModels = parsedFiles
            .Select(static (result, _) => result.File)
            .WithTrackingName(TrackingNames.FileModels);

        var fileDiagnostics = parsedFiles
            .Select(static (result, _) => result.Diagnostics)
            .WithTrackingName(TrackingNames.FileDiagnostics);

        var projectDiagnostics = projectConfig
            .Select(static (config, _) => config.Diagnostics)
            .WithTrackingName(TrackingNames.ProjectDiagnostics);

        context.RegisterSourceOutput(fileModels, static (output, file) => Emitter.AddSources(output, file));
        context.RegisterSourceOutput(fileDiagnostics, ReportDiagnostics);
        context.RegisterSourceOutput(projectDiagnostics, ReportDiagnostics);
    }

    private static void ReportDiagnostics(SourceProductionContext output, EquatableArray<DiagnosticInfo> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            output.ReportDiagnostic(diagnostic.ToDiagnostic());
        }
    }
}
