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

    [Fact]
    public void ModelNamedLikeAGeneratedMemberIsReportedNotGenerated()
    {
        var run = GeneratorHarness.Run("Clash.par", "model Layout {\n    layout = sf\n}\n");

        var diagnostic = Assert.Single(run.Result.Diagnostics, diagnostic => diagnostic.Id == ParDiagnosticIds.InvalidIdentifier);
        Assert.Contains("'Layout'", diagnostic.GetMessage());
        Assert.Empty(run.Result.GeneratedSources);
    }
}
