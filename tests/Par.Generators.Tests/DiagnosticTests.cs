using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Par.Dsl.Diagnostics;
using Par.Generators.Tests.Infrastructure;

namespace Par.Generators.Tests;

/// <summary>Problems in .par files become compiler diagnostics on the right line, and nothing is generated for broken models.</summary>
public sealed class DiagnosticTests
{
    [Fact]
    public void UnknownBlockIsReportedAtItsLineAndColumn()
    {
        var run = GeneratorHarness.Run("Models/Bad.par", ParSamples.Bad);

        var diagnostic = Assert.Single(run.Result.Diagnostics, diagnostic => diagnostic.Id == ParDiagnosticIds.UnknownBlock);
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal("Models/Bad.par", span.Path);
        Assert.Equal(new LinePosition(2, 15), span.StartLinePosition); // the DSL's 1-based (3, 16)
        Assert.StartsWith("Models/Bad.par(3,16): error PAR0002: ", diagnostic.ToString());
        Assert.Empty(run.Result.GeneratedSources);
    }

    [Fact]
    public void BrokenModelIsSkippedAndItsValidNeighbourGenerated()
    {
        var run = GeneratorHarness.Run("HalfBroken.par", ParSamples.HalfBroken);

        Assert.Contains(run.Result.Diagnostics, diagnostic => diagnostic.Id == ParDiagnosticIds.UnknownBlock);
        Assert.Equal(new[] { "HalfBroken.Fine" }, run.GeneratedModels);
    }

    [Fact]
    public void WarningsKeepTheirSeverityAndDoNotStopGeneration()
    {
        var run = GeneratorHarness.Run("FeedForwardOnly.par", "model FeedForwardOnly {\n    layout = fff\n}\n");

        var diagnostic = Assert.Single(run.Result.Diagnostics, diagnostic => diagnostic.Id == ParDiagnosticIds.NoAttention);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal(new[] { "FeedForwardOnly.FeedForwardOnly" }, run.GeneratedModels);
    }

    [Fact]
    public void EveryDslDiagnosticIdHasADescriptorThatAgreesWithTheCatalog()
    {
        var ids = typeof(ParDiagnosticIds).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.IsLiteral)
            .Select(field => (string)field.GetRawConstantValue()!)
            .ToArray();

        Assert.Contains(ParDiagnosticIds.InternalError, ids);
        Assert.All(ids, id =>
        {
            var descriptor = DiagnosticDescriptors.Find(id);
            var entry = ParDiagnosticCatalog.Find(id);
            Assert.NotNull(descriptor);
            Assert.NotNull(entry);
            Assert.Equal(entry.Title, descriptor.Title.ToString());
            Assert.Equal(entry.DefaultSeverity.ToString(), descriptor.DefaultSeverity.ToString());
        });
        Assert.Equal(ids.Length, DiagnosticDescriptors.All.Count());
    }

    [Theory]
    [InlineData("Layout", ParDiagnosticIds.ReservedModelName)]
    [InlineData("Create", ParDiagnosticIds.ReservedModelName)]
    [InlineData("Heads", ParDiagnosticIds.ReservedModelName)]
    [InlineData("layer_00_attention", ParDiagnosticIds.ReservedModelName)]
    [InlineData("__arglist", ParDiagnosticIds.InvalidIdentifier)]
    [InlineData(LongName, ParDiagnosticIds.NameTooLong)]
    public void AModelNameThatCannotBuildGetsTheVerdictOfParCheckAtTheName(string name, string expectedId)
    {
        var text = $"namespace Models\n\nmodel {name} {{\n    layout = sf\n}}\n";

        var run = GeneratorHarness.Run("Clash.par", text);

        var diagnostic = Assert.Single(run.Result.Diagnostics, diagnostic => diagnostic.Severity == DiagnosticSeverity.Error);
        var check = Assert.Single(Par.Dsl.Parsing.ParParser.Parse(text, "Clash.par").Diagnostics);
        Assert.Equal(expectedId, diagnostic.Id);
        Assert.Equal(check.Id, diagnostic.Id);
        Assert.Equal(check.Message, diagnostic.GetMessage());
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal(new LinePosition(2, 6), span.StartLinePosition); // the name, not (1,1)
        Assert.Equal((check.Line - 1, check.Column - 1), (span.StartLinePosition.Line, span.StartLinePosition.Character));
        Assert.Empty(run.Result.GeneratedSources);
    }

    [Fact]
    public void ANamespaceOfThousandsOfPartsIsReportedAtOnceNotHandedToTheCompiler()
    {
        var text = "namespace " + string.Join(".", Enumerable.Repeat("N", 2_000)) + "\n\n" + ParSamples.Tiny;

        var run = GeneratorHarness.Run("Deep.par", text);

        var diagnostic = Assert.Single(run.Result.Diagnostics, diagnostic => diagnostic.Severity == DiagnosticSeverity.Error);
        Assert.Equal(ParDiagnosticIds.NameTooLong, diagnostic.Id);
        Assert.Equal(new LinePosition(0, 10), diagnostic.Location.GetLineSpan().StartLinePosition);
        Assert.Empty(run.Result.GeneratedSources);
    }

    [Fact]
    public void ATypeNameTooLongForMetadataWithTheRootNamespaceIsReportedAtTheModelName()
    {
        var rootNamespace = new string('R', 510) + "." + new string('S', 510); // each part within the limit, with ".Tiny" over 1,023 bytes
        var options = new TestAnalyzerConfigOptionsProvider(new System.Collections.Generic.Dictionary<string, string> { ["build_property.RootNamespace"] = rootNamespace });

        var run = GeneratorHarness.Run("Tiny.par", ParSamples.Tiny, options);

        var diagnostic = Assert.Single(run.Result.Diagnostics, diagnostic => diagnostic.Severity == DiagnosticSeverity.Error);
        Assert.Equal(ParDiagnosticIds.NameTooLong, diagnostic.Id);
        Assert.Contains("metadata limit is 1023", diagnostic.GetMessage());
        Assert.Equal(new LinePosition(0, 6), diagnostic.Location.GetLineSpan().StartLinePosition);
        Assert.Empty(run.Result.GeneratedSources);
    }

    private const string LongName = "M" + "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789" +
        "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789" +
        "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789" +
        "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789" +
        "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789" +
        "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789";
}
