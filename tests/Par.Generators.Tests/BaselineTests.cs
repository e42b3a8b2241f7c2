using Microsoft.CodeAnalysis;
using Par.Generators.Tests.Infrastructure;

namespace Par.Generators.Tests;

/// <summary>The emitted source, compared line by line with Baselines/*.g.cs.txt (see README.md to refresh).</summary>
public sealed class BaselineTests
{
    [Fact]
    public void ParBase() => AssertBaselines("Models/ParBase.par", ParSamples.ParBase, "ParBase.ParBase");

    [Fact]
    public void SmallCausalUntiedModel() => AssertBaselines("SmallCausal.par", ParSamples.SmallCausal, "SmallCausal.SmallCausal");

    [Fact]
    public void Supernet() => AssertBaselines("Supernet.par", ParSamples.Supernet, "Supernet.Supernet");

    [Fact]
    public void Encoder() => AssertBaselines("Encoder.par", ParSamples.Encoder, "Encoder.Encoder");

    [Fact]
    public void NamespaceWithTwoModels() => AssertBaselines("Zoo.par", ParSamples.Zoo, "Zoo.Sandwich", "Zoo.Enwik8");

    private static void AssertBaselines(string path, string parText, params string[] models)
    {
        var run = GeneratorHarness.Run(path, parText);

        Assert.DoesNotContain(run.Result.Diagnostics, diagnostic => diagnostic.Severity == DiagnosticSeverity.Error);
        Assert.Equal(models, run.GeneratedModels);
        foreach (var model in models)
        {
            Baseline.AssertMatches(model + ".g.cs", run.Source(model));
        }
    }
}
