using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Par.Generators.Tests.Infrastructure;

/// <summary>
/// Runs <see cref="ParGenerator"/> the way the compiler does: over a compilation that references the
/// framework, TorchSharp, Par.Dsl and Par.Runtime, with step tracking on so tests can inspect caching.
/// </summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions =
        new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    // Reading ~200 framework assemblies is the slow part of every test: do it once.
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(LoadReferences);

    public static CSharpCompilation CreateCompilation(params string[] sources) => CSharpCompilation.Create(
        "Par.Generated.Tests",
        sources.Select(source => CSharpSyntaxTree.ParseText(source, ParseOptions)),
        References.Value,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver CreateDriver(IEnumerable<AdditionalText> parFiles, AnalyzerConfigOptionsProvider? options = null) =>
        CSharpGeneratorDriver.Create(
            new[] { new ParGenerator().AsSourceGenerator() },
            parFiles,
            ParseOptions,
            options ?? new TestAnalyzerConfigOptionsProvider(),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator once over <paramref name="parFiles"/> and returns its result and the compilation with the generated code.</summary>
    public static GeneratorRun Run(IEnumerable<AdditionalText> parFiles, AnalyzerConfigOptionsProvider? options = null)
    {
        var driver = CreateDriver(parFiles, options)
            .RunGeneratorsAndUpdateCompilation(CreateCompilation(), out var compilation, out _);
        return new GeneratorRun(driver.GetRunResult().Results.Single(), compilation);
    }

    public static GeneratorRun Run(string path, string parText, AnalyzerConfigOptionsProvider? options = null) =>
        Run(new[] { new InMemoryAdditionalText(path, parText) }, options);

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var par = new[]
        {
            typeof(TorchSharp.torch).Assembly.Location,
            typeof(Par.Dsl.Model.ParModel).Assembly.Location,
            typeof(Par.Runtime.Models.IParLanguageModel).Assembly.Location,
        };
        return platform.Concat(par)
            .Distinct(StringComparer.Ordinal)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    }
}

/// <summary>One generator run: its result (sources, diagnostics, tracked steps) and the updated compilation.</summary>
internal sealed record GeneratorRun(GeneratorRunResult Result, Compilation Compilation)
{
    /// <summary><c>{file}.{model}</c> of every generated source: its hint name without the path hash and <c>.g.cs</c>.</summary>
    public IEnumerable<string> GeneratedModels => Result.GeneratedSources.Select(source => FileAndModel(source.HintName));

    public string Source(string fileAndModel) =>
        Result.GeneratedSources.Single(source => FileAndModel(source.HintName) == fileAndModel).SourceText.ToString();

    // "Zoo.Sandwich.0a1b2c3d.g.cs" -> "Zoo.Sandwich"
    private static string FileAndModel(string hintName)
    {
        var withoutExtension = hintName.Substring(0, hintName.Length - ".g.cs".Length);
        return withoutExtension.Substring(0, withoutExtension.LastIndexOf('.'));
    }
}
