using System;
using System.Collections.Generic;
using System.Linq;
using Par.Dsl.Model;
using Par.Runtime;
using Par.Search.Latency;
using Par.Search.Progress;

namespace Par.Search.Tests;

public sealed class ArchitectureSearchTests
{
    [Fact]
    public void PhaseOne_LeavesTheLogitsUniform()
    {
        var options = TinySearch.Options with { WeightsOnlyShare = 1.0 };
        var tokens = TinySearch.Tokens();

        var result = new ArchitectureSearch(TinySearch.Space, options).Run(tokens);

        Assert.All(TinySearch.Flatten(result), p => Assert.Equal(1.0 / 3, p, 6));
        Assert.Equal(0, result.ArchitectureTokens);
    }

    [Fact]
    public void PhaseTwo_MovesTheLogits_AndReportsBothPhases()
    {
        var reports = new List<SearchProgress>();
        var tokens = TinySearch.Tokens();

        var result = new ArchitectureSearch(TinySearch.Space, TinySearch.Options).Run(tokens, new SynchronousProgress<SearchProgress>(reports.Add));

        Assert.Contains(TinySearch.Flatten(result), p => Math.Abs(p - 1.0 / 3) > 1e-3);
        Assert.Contains(reports, report => report.Phase == SearchPhase.WeightsOnly && report.ArchitectureLoss is null);
        Assert.Contains(reports, report => report.Phase == SearchPhase.Alternating && report.ArchitectureLoss is not null);
        Assert.Equal(TinySearch.Options.Steps, reports[^1].Step);
        Assert.True(reports[^1].Temperature < reports[0].Temperature);
        Assert.True(result.ArchitectureTokens > 0);
    }

    [Fact]
    public void LatencyTable_WithoutLatencyWeight_OnlyReportsExpectedLatency()
    {
        var table = new BlockLatencyTable("test", 16, 32, 2, 8, 8, AttentionMs: 1.0, FeedForwardMs: 0.25, CachedAttention: true);
        var reports = new List<SearchProgress>();
        var tokens = TinySearch.Tokens();

        var result = new ArchitectureSearch(TinySearch.Space, TinySearch.Options, table).Run(tokens, new SynchronousProgress<SearchProgress>(reports.Add));

        Assert.Contains(TinySearch.Flatten(result), p => Math.Abs(p - 1.0 / 3) > 1e-3);
        Assert.Equal(4 * (1.0 + 0.25) / 3, reports[0].ExpectedLatencyMs!.Value, 6);
        Assert.Contains(reports, report => report.ArchitectureLoss > 0);
    }

    [Fact]
    public void LatencyAwareSearch_LowersTheExpectedLatency()
    {
        var table = new BlockLatencyTable("test", 16, 32, 2, 8, 8, AttentionMs: 1.0, FeedForwardMs: 0.25, CachedAttention: true);
        var reports = new List<SearchProgress>();
        var tokens = TinySearch.Tokens();

        new ArchitectureSearch(TinySearch.Space, TinySearch.Options with { Latency = new() { Weight = 0.2 } }, table).Run(tokens, new SynchronousProgress<SearchProgress>(reports.Add));

        Assert.True(reports[^1].ExpectedLatencyMs < reports[0].ExpectedLatencyMs);
    }

    [Theory]
    [InlineData(SamplingMode.Soft)]
    [InlineData(SamplingMode.SinglePath)]
    public void SameSeed_GivesIdenticalProbabilities_AndAnotherSeedOthers(SamplingMode sampling)
    {
        var options = TinySearch.Options with { Sampling = new() { Mode = sampling } };
        var tokens = TinySearch.Tokens();

        var first = new ArchitectureSearch(TinySearch.Space, options).Run(tokens);
        var second = new ArchitectureSearch(TinySearch.Space, options).Run(tokens);
        var otherSeed = new ArchitectureSearch(TinySearch.Space, options with { Seed = options.Seed + 1 }).Run(tokens);

        Assert.Equal(TinySearch.Flatten(first), TinySearch.Flatten(second));
        Assert.Equal(first.Found, second.Found);
        Assert.NotEqual(TinySearch.Flatten(first), TinySearch.Flatten(otherSeed));
    }

    [Theory]
    [InlineData(SamplingMode.Soft)]
    [InlineData(SamplingMode.SinglePath)]
    public void AnExplicitDevice_TakesTheDevicePath_AndSamplesLikeTheDefault(SamplingMode sampling)
    {
        // The device path moves inputs and draws to options.Device; on the CPU it must change nothing, which
        // also pins that random draws come from the CPU generator whatever the device (the CUDA path uses it too).
        var options = TinySearch.Options with { Sampling = new() { Mode = sampling }, Latency = new() { Weight = 0.2 } };
        var table = new BlockLatencyTable("test", 16, 32, 2, 8, 8, AttentionMs: 1.0, FeedForwardMs: 0.25, CachedAttention: true);
        var tokens = TinySearch.Tokens();

        var implicitCpu = new ArchitectureSearch(TinySearch.Space, options, table).Run(tokens);
        var explicitCpu = new ArchitectureSearch(TinySearch.Space, options with { Device = TorchSharp.torch.CPU }, table).Run(tokens);

        Assert.Equal(TinySearch.Flatten(implicitCpu), TinySearch.Flatten(explicitCpu));
    }

    [Fact]
    public void A_loss_that_stops_being_finite_stops_the_search_with_the_step()
    {
        // A learning rate of 1e30 sends the weights, and with them the loss, to infinity within a few steps.
        var options = TinySearch.Options with { WeightLearningRate = 1e30, WarmupSteps = 1 };

        var error = Assert.Throws<SearchDivergedException>(() => new ArchitectureSearch(TinySearch.Space, options).Run(TinySearch.Tokens()));

        Assert.InRange(error.Step, 1, options.Steps);
        Assert.False(double.IsFinite(error.Loss));
        Assert.Contains($"step {error.Step}", error.Message);
    }

    [Fact]
    public void Derivation_OfARealSearch_HasNoChoiceAndNoIdentity()
    {
        var tokens = TinySearch.Tokens();

        var result = new ArchitectureSearch(TinySearch.Space, TinySearch.Options with { Derivation = new() { FoundModelName = "TinyFound" } }).Run(tokens);

        Assert.Equal("TinyFound", result.Found.Name);
        Assert.All(result.Found.Layout, layer => Assert.NotEqual(BlockKind.Identity, layer.Block));
        Assert.Equal(TinySearch.HyperParameters, result.Found.HyperParameters);
    }
}
