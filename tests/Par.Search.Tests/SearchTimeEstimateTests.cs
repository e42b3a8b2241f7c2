using System;
using Par.Search.Progress;

namespace Par.Search.Tests;

public sealed class SearchTimeEstimateTests
{
    [Fact]
    public void BeforeTheFirstStep_ThereIsNoEstimate() =>
        Assert.Null(SearchTimeEstimate.Remaining(0, 100, 25, TimeSpan.Zero, TimeSpan.Zero));

    [Fact]
    public void InPhaseOne_TheAlternatingStepsArePricedAboveTheWeightsOnlyPace()
    {
        // 10 steps in 10 s: 15 weights-only steps at 1 s and 75 alternating steps at 1.8 s remain.
        var remaining = SearchTimeEstimate.Remaining(10, 100, 25, TimeSpan.FromSeconds(10), TimeSpan.Zero);

        Assert.Equal(15 + 75 * SearchTimeEstimate.AlternatingStepCost, remaining!.Value.TotalSeconds, 6);
    }

    [Fact]
    public void InPhaseTwo_OnlyPhaseTwosOwnPaceCounts()
    {
        // Phase 1 took 25 s for 25 steps; the 25 alternating steps since took 50 s, so 2 s each for the last 50.
        var remaining = SearchTimeEstimate.Remaining(50, 100, 25, TimeSpan.FromSeconds(75), TimeSpan.FromSeconds(25));

        Assert.Equal(100, remaining!.Value.TotalSeconds, 6);
    }

    [Fact]
    public void AfterTheLastStep_NothingRemains() =>
        Assert.Equal(TimeSpan.Zero, SearchTimeEstimate.Remaining(100, 100, 25, TimeSpan.FromSeconds(175), TimeSpan.FromSeconds(25)));
}
