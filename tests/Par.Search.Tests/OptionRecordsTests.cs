using System;
using Par.Search.Checkpoints;
using Par.Search.Derivation;
using Par.Search.Experiment;
using Par.Search.Latency;

namespace Par.Search.Tests;

/// <summary>The option records check each value as it is set: one with a bad value is never built, by an initializer or a <c>with</c>.</summary>
public sealed class OptionRecordsTests
{
    [Fact]
    public void A_search_with_a_bad_value_is_refused_as_it_is_built()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SearchOptions { Steps = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => TinySearch.Options with { BatchSize = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => TinySearch.Options with { ArchitectureDataShare = 1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => TinySearch.Options with { WeightLearningRate = double.NaN });
    }

    [Fact]
    public void Each_concern_refuses_its_own_bad_values()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SupernetSampling { FinalTemperature = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new LatencyObjective { Weight = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new LatencyObjective { Target = double.PositiveInfinity });
        Assert.Throws<ArgumentOutOfRangeException>(() => new LatencyObjective { TargetMs = double.NaN });
        Assert.Throws<ArgumentOutOfRangeException>(() => new DerivationOptions { Finalists = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new DerivationOptions { HalvingStepsShare = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new DerivationOptions { Candidates = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new SearchCheckpointing { Path = "search.parsearch", Every = 0 });
        Assert.Throws<ArgumentException>(() => new SearchCheckpointing { Path = " " });
    }

    [Theory]
    [InlineData(3)]
    [InlineData(0)]
    public void An_experiment_without_an_even_layer_count_is_refused_as_it_is_built(int layers)
    {
        var error = Assert.Throws<ArgumentException>(() => new ExperimentOptions { Layers = layers });

        Assert.Contains($"even layer count of at least 2, got {layers}", error.Message);
    }

    [Fact]
    public void An_experiment_with_a_bad_budget_is_refused_as_it_is_built()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExperimentOptions { Steps = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExperimentOptions { SearchSteps = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExperimentOptions { LatencyRounds = 0 });
    }
}
