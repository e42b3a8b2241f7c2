using System.Linq;
using Microsoft.CodeAnalysis;
using Par.Generators.Tests.Infrastructure;

namespace Par.Generators.Tests;

/// <summary>The emitted source, compared line by line with Baselines/*.g.cs.txt (see README.md to refresh).</summary>
public sealed class BaselineTests
{
    [Fact]
    public void ParBase() => AssertBaselines("Models/ParBase.par", ParSamples.ParBase, "ParBase.ParBase.g.cs");

    [Fact]
    public void SmallCausalUntiedModel() => AssertBaselines("SmallCausal.par", ParSamples.SmallCausal, "SmallCausal.SmallCausal.g.cs");

    [Fact]
    public void Supernet() => AssertBaselines("Supernet.par", ParSamples.Supernet, "Supernet.Supernet.g.cs");

    [Fact]
    public void NamespaceWithTwoModels() => AssertBaselines("Zoo.par", ParSamples.Zoo, "Zoo.Sandwich.g.cs", "Zoo.Enwik8.g.cs");

    private static void AssertBaselines(string path, string parText, params string[] hintNames)
    {
        var run = GeneratorHarness.Run(path, parText);

        Assert.DoesNotContain(run.Result.Diagnostics, diagnostic => diagnostic.Severity == DiagnosticSeverity.Error);
        Assert.Equal(hintNames, run.Result.GeneratedSources.Select(source => source.HintName));
        foreach (var hintName in hintNames)
        {
            Baseline.AssertMatches(hintName, run.Source(hintName));
        }
    }
}
