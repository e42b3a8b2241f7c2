using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Par.Dsl.Validation;
using Par.Generators.Tests.Infrastructure;

namespace Par.Generators.Tests;

/// <summary>Generated classes compile cleanly against TorchSharp, Par.Dsl and Par.Runtime, documentation included.</summary>
public sealed class GeneratedCodeCompilesTests
{
    [Theory]
    [InlineData("ParBase.par", ParSamples.ParBase)]
    [InlineData("SmallCausal.par", ParSamples.SmallCausal)]
    [InlineData("Supernet.par", ParSamples.Supernet)]
    [InlineData("Zoo.par", ParSamples.Zoo)]
    [InlineData("Tiny.par", ParSamples.Tiny)]
    [InlineData("LayoutOnly.par", "(sff)x5 (f)x9")]
    [InlineData("lower.par", "model tiny {\n    layout = sf\n}\n")]
    public void WithoutErrorsOrWarnings(string path, string parText)
    {
        var run = GeneratorHarness.Run(path, parText);

        Assert.NotEmpty(run.Result.GeneratedSources);
        var problems = run.Compilation.GetDiagnostics()
            .Where(diagnostic => diagnostic.Severity >= DiagnosticSeverity.Warning)
            .Select(diagnostic => diagnostic.ToString())
            .ToArray();
        Assert.True(problems.Length == 0, string.Join("\n", problems));
    }

    [Fact]
    public void OddFileNamesStillMakeValidHintNames()
    {
        var run = GeneratorHarness.Run("models/c++ #1\nfinal.par", ParSamples.Tiny);

        Assert.Null(run.Result.Exception);
        Assert.DoesNotContain(run.Result.Diagnostics, diagnostic => diagnostic.Severity == DiagnosticSeverity.Error);
        Assert.Equal(new[] { "c____1_final.Tiny" }, run.GeneratedModels);
    }

    [Fact]
    public void FilesOfTheSameNameInDifferentFoldersBothGenerate()
    {
        var run = GeneratorHarness.Run(new AdditionalText[]
        {
            new InMemoryAdditionalText("a/Same.par", "namespace A\n\n" + ParSamples.Tiny),
            new InMemoryAdditionalText("b/Same.par", "namespace B\n\n" + ParSamples.Tiny),
        });

        Assert.Null(run.Result.Exception);
        Assert.Equal(new[] { "Same.Tiny", "Same.Tiny" }, run.GeneratedModels);
        Assert.DoesNotContain(run.Compilation.GetDiagnostics(), diagnostic => diagnostic.Severity >= DiagnosticSeverity.Warning);
    }

    [Fact]
    public void TheReservedModelNamesAreExactlyTheMembersTheGeneratedClassDeclares()
    {
        // A supernet declares MixedLayers and an encoder ForwardPadded: between them, every member a class can have.
        var run = GeneratorHarness.Run(new AdditionalText[]
        {
            new InMemoryAdditionalText("Supernet.par", ParSamples.Supernet),
            new InMemoryAdditionalText("Encoder.par", ParSamples.Encoder),
        });

        var declared = new[] { "Supernet", "Encoder" }
            .SelectMany(model => run.Compilation.GetTypeByMetadataName(model)!.GetMembers())
            .Where(member => member.CanBeReferencedByName)
            .Select(member => member.Name)
            .Distinct()
            .ToArray();
        Assert.All(declared, name => Assert.True(ReservedModelNames.IsReserved(name), $"the generated member '{name}' is not reserved"));
        Assert.Contains(declared, name => name.StartsWith("layer_", StringComparison.Ordinal));
        Assert.Equal(
            ReservedModelNames.Members.OrderBy(name => name, StringComparer.Ordinal),
            declared.Where(name => !name.StartsWith("layer_", StringComparison.Ordinal)).OrderBy(name => name, StringComparer.Ordinal));
    }
}
