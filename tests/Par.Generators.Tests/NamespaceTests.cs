using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Par.Dsl.Diagnostics;
using Par.Generators.Tests.Infrastructure;

namespace Par.Generators.Tests;

/// <summary>
/// Where generated classes go: the file's <c>namespace</c> statement, else the item's ParNamespace
/// metadata, else the project's RootNamespace, else the global namespace.
/// </summary>
public sealed class NamespaceTests
{
    private const string Path = "Tiny.par";

    [Fact]
    public void FileNamespaceWinsOverMetadataAndRootNamespace()
    {
        var source = Generate("namespace From.File\n\n" + ParSamples.Tiny, rootNamespace: "From.Project", fileNamespace: "From.Metadata");

        Assert.Contains("\nnamespace From.File;\n", source);
    }

    [Fact]
    public void MetadataWinsOverRootNamespace()
    {
        var source = Generate(ParSamples.Tiny, rootNamespace: "From.Project", fileNamespace: "From.Metadata");

        Assert.Contains("\nnamespace From.Metadata;\n", source);
    }

    [Fact]
    public void RootNamespaceIsTheProjectDefault()
    {
        var source = Generate(ParSamples.Tiny, rootNamespace: "From.Project", fileNamespace: null);

        Assert.Contains("\nnamespace From.Project;\n", source);
    }

    [Fact]
    public void WithoutAnyNamespaceTheClassIsGlobal()
    {
        var source = Generate(ParSamples.Tiny, rootNamespace: null, fileNamespace: null);

        Assert.DoesNotContain("namespace ", source);
    }

    [Fact]
    public void InvalidRootNamespaceIsAProjectDiagnostic()
    {
        var run = GeneratorHarness.Run(Path, ParSamples.Tiny, Options("My-App", null));

        var diagnostic = Assert.Single(run.Result.Diagnostics, diagnostic => diagnostic.Severity != DiagnosticSeverity.Info);
        Assert.Equal(ParDiagnosticIds.InvalidIdentifier, diagnostic.Id);
        Assert.Equal(Location.None, diagnostic.Location);
        Assert.DoesNotContain("namespace ", run.Source("Tiny.Tiny"));
    }

    [Fact]
    public void InvalidMetadataNamespaceIsReportedOnTheFile()
    {
        var run = GeneratorHarness.Run(Path, ParSamples.Tiny, Options("From.Project", "class"));

        var diagnostic = Assert.Single(run.Result.Diagnostics, diagnostic => diagnostic.Severity != DiagnosticSeverity.Info);
        Assert.Equal(ParDiagnosticIds.InvalidIdentifier, diagnostic.Id);
        Assert.Equal(Path, diagnostic.Location.GetLineSpan().Path);
    }

    private static string Generate(string parText, string? rootNamespace, string? fileNamespace)
    {
        var run = GeneratorHarness.Run(Path, parText, Options(rootNamespace, fileNamespace));
        Assert.DoesNotContain(run.Result.Diagnostics, diagnostic => diagnostic.Severity != DiagnosticSeverity.Info);
        return run.Source("Tiny.Tiny");
    }

    private static TestAnalyzerConfigOptionsProvider Options(string? rootNamespace, string? fileNamespace)
    {
        var global = new Dictionary<string, string>();
        if (rootNamespace is not null)
        {
            global["build_property.RootNamespace"] = rootNamespace;
        }

        var file = new Dictionary<string, string>();
        if (fileNamespace is not null)
        {
            file["build_metadata.AdditionalFiles.ParNamespace"] = fileNamespace;
        }

        return new TestAnalyzerConfigOptionsProvider(global, new Dictionary<string, IReadOnlyDictionary<string, string>> { [Path] = file });
    }
}
