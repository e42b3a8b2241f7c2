using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Par.Generators.Tests.Infrastructure;

namespace Par.Generators.Tests;

/// <summary>
/// The pipeline is incremental where it matters: C# edits do not re-run it, moving text in a .par file
/// updates diagnostics without regenerating source, and a real layout edit does regenerate it.
/// </summary>
public sealed class IncrementalCachingTests
{
    private static readonly IncrementalStepRunReason[] Reused = { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged };

    [Fact]
    public void UnrelatedCSharpEditLeavesEveryStepCached()
    {
        var compilation = GeneratorHarness.CreateCompilation("public class Before { }");
        var driver = GeneratorHarness.CreateDriver(new[] { new InMemoryAdditionalText("Zoo.par", ParSamples.Zoo) })
            .RunGenerators(compilation);

        var edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.Single(),
            CSharpSyntaxTree.ParseText("public class After { }", GeneratorHarness.ParseOptions));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        Assert.Equal(TrackingNames().OrderBy(name => name), result.TrackedSteps.Keys.Where(TrackingNames().Contains).OrderBy(name => name));
        foreach (var step in result.TrackedSteps.Where(step => TrackingNames().Contains(step.Key)).SelectMany(step => step.Value)
                     .Concat(result.TrackedOutputSteps.SelectMany(step => step.Value)))
        {
            Assert.All(step.Outputs, output => Assert.Contains(output.Reason, Reused));
        }
    }

    [Fact]
    public void MovingTextMovesDiagnosticsButDoesNotRegenerateSource()
    {
        var original = new InMemoryAdditionalText("HalfBroken.par", ParSamples.HalfBroken);
        var driver = GeneratorHarness.CreateDriver(new[] { original }).RunGenerators(GeneratorHarness.CreateCompilation());
        var before = driver.GetRunResult().Results.Single();

        var moved = new InMemoryAdditionalText("HalfBroken.par", "# a comment that moves everything down a line\n" + ParSamples.HalfBroken);
        var after = driver.ReplaceAdditionalText(original, moved).RunGenerators(GeneratorHarness.CreateCompilation()).GetRunResult().Results.Single();

        Assert.Equal(
            before.Diagnostics.Select(diagnostic => diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1),
            after.Diagnostics.Select(diagnostic => diagnostic.Location.GetLineSpan().StartLinePosition.Line));
        Assert.Equal(IncrementalStepRunReason.Modified, Reason(after, ParGenerator.TrackingNames.FileDiagnostics));
        Assert.Equal(IncrementalStepRunReason.Unchanged, Reason(after, ParGenerator.TrackingNames.FileModels));

        var sourceOutput = after.TrackedOutputSteps.SelectMany(step => step.Value)
            .Single(step => step.Inputs.Any(input => input.Source.Name == ParGenerator.TrackingNames.FileModels));
        Assert.All(sourceOutput.Outputs, output => Assert.Contains(output.Reason, Reused));
        Assert.Equal(before.GeneratedSources.Select(source => source.HintName), after.GeneratedSources.Select(source => source.HintName));
    }

    [Fact]
    public void EditingALayoutRegeneratesTheModelsSource()
    {
        var original = new InMemoryAdditionalText("SmallCausal.par", ParSamples.SmallCausal);
        var driver = GeneratorHarness.CreateDriver(new[] { original }).RunGenerators(GeneratorHarness.CreateCompilation());
        var before = driver.GetRunResult().Results.Single();

        var edited = new InMemoryAdditionalText("SmallCausal.par", ParSamples.SmallCausal.Replace("layout = (sf)x3 f", "layout = (sf)x4 f"));
        var after = driver.ReplaceAdditionalText(original, edited).RunGenerators(GeneratorHarness.CreateCompilation()).GetRunResult().Results.Single();

        Assert.Equal(IncrementalStepRunReason.Modified, Reason(after, ParGenerator.TrackingNames.FileModels));
        var sourceOutput = after.TrackedOutputSteps.SelectMany(step => step.Value)
            .Single(step => step.Inputs.Any(input => input.Source.Name == ParGenerator.TrackingNames.FileModels));
        Assert.All(sourceOutput.Outputs, output => Assert.Contains(output.Reason, new[] { IncrementalStepRunReason.New, IncrementalStepRunReason.Modified }));
        var sourceBefore = Assert.Single(before.GeneratedSources).SourceText.ToString();
        var sourceAfter = Assert.Single(after.GeneratedSources).SourceText.ToString();
        Assert.Contains("(sf)x3 f", sourceBefore);
        Assert.Contains("(sf)x4 f", sourceAfter);
        Assert.DoesNotContain("(sf)x3 f", sourceAfter);
    }

    private static IncrementalStepRunReason Reason(GeneratorRunResult result, string stepName) =>
        result.TrackedSteps[stepName].SelectMany(step => step.Outputs).Single().Reason;

    private static IReadOnlyCollection<string> TrackingNames() => typeof(ParGenerator.TrackingNames)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(field => (string)field.GetRawConstantValue()!)
        .ToArray();
}
